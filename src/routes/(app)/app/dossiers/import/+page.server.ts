import { fail } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { requireRole, requireUnitAccess, scopeCondition, scopePaths } from '$lib/server/auth/guard';
import { refusalMessage, runImport } from '$lib/server/dossiers/import-stream';
import { claimImport, pendingImport, previewImport } from '$lib/server/dossiers/imports';
import type { Actions, PageServerLoad } from './$types';

const MAX_FILE_MB = 10;

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'unit_head');
	const scope = scopePaths(user, 'unit_head');
	const rows = await db
		.select({ id: units.id, code: units.code, nameVi: units.nameVi, nameEn: units.nameEn, path: units.path })
		.from(units)
		.where(scopeCondition(units.path, scope))
		.orderBy(asc(units.path));
	const top = Math.min(...rows.map((u) => u.path.split('/').length));
	return { units: rows.map(({ path, ...u }) => ({ ...u, depth: path.split('/').length - top })), maxFileMb: MAX_FILE_MB };
};

const unitId = z.coerce.number().int().positive();

export const actions: Actions = {
	preview: async (event) => {
		const user = requireRole(event, 'unit_head');
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const parsed = unitId.safeParse(form.get('unitId'));
		if (!parsed.success) return fail(400, { message: translate(locale, 'api.badRequest') });
		const { unit } = await requireUnitAccess(event, parsed.data, 'unit_head');
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: translate(locale, 'dossiers.import.fileMissing') });
		if (file.size > MAX_FILE_MB * 1024 * 1024) return fail(400, { message: translate(locale, 'dossiers.import.fileTooLarge', { max: MAX_FILE_MB }) });
		const [target] = await db.select({ id: units.id, code: units.code, path: units.path }).from(units).where(eq(units.id, unit.id));
		const result = await previewImport(new Uint8Array(await file.arrayBuffer()), target, user.id, locale);
		if (!result.ok) return fail(400, { message: translate(locale, result.problem.key, result.problem.params) });
		return { preview: { ...result.preview, fileName: file.name.slice(0, 200) } };
	},
	/** Without JavaScript the import runs in the request and the page shows the summary. */
	commit: async (event) => {
		const user = requireRole(event, 'unit_head');
		const locale = event.locals.locale;
		const form = Object.fromEntries(await event.request.formData());
		const parsed = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/), validOnly: z.literal('on').optional() }).safeParse(form);
		if (!parsed.success) return fail(400, { message: translate(locale, 'api.badRequest') });
		const pending = pendingImport(parsed.data.id, user.id);
		if (!pending) return fail(400, { message: translate(locale, 'dossiers.import.expired') });
		await requireUnitAccess(event, pending.unitId, 'unit_head');
		const claim = claimImport(pending.id, user.id, parsed.data.validOnly === 'on');
		if (!claim.ok) return fail(400, { message: refusalMessage(event, claim.reason) });
		return { summary: await runImport(event, user.id, pending) };
	}
};

