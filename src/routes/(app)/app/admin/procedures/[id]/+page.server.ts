import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { idParam, requireAdmin } from '$lib/server/auth/guard';
import { unitChoices } from '$lib/server/centres/admin';
import { db } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import { PROCEDURE_LABELS, formFailure, itemFromForm, procedureForEdit, saveProcedure, setProcedureActive } from '$lib/server/procedures/admin';
import { listFields } from '$lib/server/procedures/fields';
import { PROCEDURE_LEVELS } from '$lib/server/procedures/parse';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** One procedure's form. Administrators only. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const procedure = await procedureForEdit(db, idParam(event.params.id));
	if (!procedure) error(404, 'Không tìm thấy / Not found');
	const [fields, units] = await Promise.all([listFields(db), unitChoices(db, null)]);
	return { procedure, fields, units, levels: PROCEDURE_LEVELS, created: event.url.searchParams.has('created') };
};

async function existing(event: RequestEvent) {
	requireAdmin(event);
	const procedure = await procedureForEdit(db, idParam(event.params.id));
	if (!procedure) error(404, 'Không tìm thấy / Not found');
	return procedure;
}

export const actions: Actions = {
	save: async (event) => {
		const procedure = await existing(event);
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const saved = await saveProcedure(db, itemFromForm(await event.request.formData()), procedure.id);
		if (!saved.ok) return fail(400, formFailure(locale, 'procedures.invalid', saved.problems, PROCEDURE_LABELS));
		if (saved.result !== 'unchanged') {
			await audit({ userId: admin.id, ip: clientIp(event) }, 'procedure.update', { type: 'procedure', id: procedure.id }, { code: saved.code, before: procedure.code });
		}
		return { ok: true, message: translate(locale, saved.result === 'unchanged' ? 'procedures.unchanged' : 'procedures.saved', { code: saved.code }) };
	},
	setActive: async (event) => {
		const procedure = await existing(event);
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const parsed = z.object({ active: z.enum(['1', '0']) }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(locale, 'api.badRequest') });
		const active = parsed.data.active === '1';
		await setProcedureActive(db, procedure.id, active);
		await audit({ userId: admin.id, ip: clientIp(event) }, active ? 'procedure.activate' : 'procedure.deactivate', { type: 'procedure', id: procedure.id });
		return { ok: true, message: translate(locale, active ? 'procedures.activated' : 'procedures.deactivated') };
	}
};
