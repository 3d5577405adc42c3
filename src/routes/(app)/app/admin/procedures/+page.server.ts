import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { unitChoices } from '$lib/server/centres/admin';
import { db } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import { PROCEDURE_LABELS, PROCEDURE_PAGE_SIZE, fieldsWithCounts, formFailure, itemFromForm, listProcedures, saveProcedure } from '$lib/server/procedures/admin';
import { createField, renameField } from '$lib/server/procedures/fields';
import { PROCEDURE_LEVELS } from '$lib/server/procedures/parse';
import type { Actions, PageServerLoad } from './$types';

const Query = z.object({
	q: z.string().trim().max(200).catch(''),
	field: z.coerce.number().int().positive().nullable().catch(null),
	status: z.enum(['active', 'inactive', 'all']).catch('active'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

/** The province's procedures: search, the fields, and a form to add one. Administrators only. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const sp = event.url.searchParams;
	const query = Query.parse({ q: sp.get('q') ?? '', field: sp.get('field') || null, status: sp.get('status') ?? 'active', page: sp.get('page') ?? 1 });
	const [list, fields, units] = await Promise.all([
		listProcedures(db, { q: query.q, fieldId: query.field, status: query.status, page: query.page }),
		fieldsWithCounts(db),
		unitChoices(db, null)
	]);
	return { query, ...list, pages: Math.max(1, Math.ceil(list.total / PROCEDURE_PAGE_SIZE)), fields, units, levels: PROCEDURE_LEVELS };
};

const FieldForm = z.object({
	code: z.string().trim().max(32).regex(/^[A-Za-z0-9._-]*$/),
	nameVi: z.string().trim().min(1).max(200),
	nameEn: z.string().trim().max(200)
});

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const saved = await saveProcedure(db, itemFromForm(await event.request.formData()));
		if (!saved.ok) return fail(400, { form: 'create', ...formFailure(locale, 'procedures.invalid', saved.problems, PROCEDURE_LABELS) });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'procedure.create', { type: 'procedure', id: saved.id }, { code: saved.code });
		redirect(303, `/app/admin/procedures/${saved.id}?created=1`);
	},
	createField: async (event) => {
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const parsed = FieldForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { form: 'field', message: translate(locale, 'api.badRequest') });
		const made = await createField(db, parsed.data);
		if (!made.ok) return fail(400, { form: 'field', message: translate(locale, made.problem) });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'field.create', { type: 'field', id: made.id }, { nameVi: parsed.data.nameVi });
		return { ok: true, form: 'field', message: translate(locale, 'procedures.fields.created', { name: parsed.data.nameVi }) };
	},
	renameField: async (event) => {
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const parsed = FieldForm.omit({ code: true })
			.extend({ fieldId: z.coerce.number().int().positive() })
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { form: 'field', message: translate(locale, 'api.badRequest') });
		const renamed = await renameField(db, parsed.data.fieldId, parsed.data);
		if (!renamed.ok) return fail(400, { form: 'field', message: translate(locale, renamed.problem === 'notFound' ? 'api.badRequest' : renamed.problem) });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'field.rename', { type: 'field', id: parsed.data.fieldId }, { before: renamed.before, nameVi: parsed.data.nameVi });
		return { ok: true, form: 'field', message: translate(locale, 'procedures.fields.renamed', { name: parsed.data.nameVi }) };
	}
};
