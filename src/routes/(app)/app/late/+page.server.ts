import { error, fail } from '@sveltejs/kit';
import { eq, inArray } from 'drizzle-orm';
import { translate, type MessageKey } from '$lib/i18n';
import { hasRole, idParam, pathInScope, requireRole, requireUnitAccess, scopePaths } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { acceptedLocalMinute, acceptedRangeParams, loadCalendar } from '$lib/server/calendar';
import { database, db } from '$lib/server/db';
import { dossierLateNotices, dossiers, LATE_NOTICE_KINDS, units, type LateNoticeKind } from '$lib/server/db/schema';
import { checkSlips } from '$lib/server/dossiers/apology';
import { lateNoticeProblems, writeLateNotices } from '$lib/server/dossiers/late-notices';
import type { LateNoticeInput } from '$lib/server/dossiers/schema';
import { clientIp } from '$lib/server/http';
import { loadLate } from './data';
import type { Actions, PageServerLoad } from './$types';
import { POLICY } from '$lib/policy';

const PAGE_SIZE = 100;
/** Who records the slips of a dossier: the heads of its unit subtree (and administrators). */
const RECORD_ROLES = POLICY.recordLateNotices;

export const load: PageServerLoad = async (event) => {
	const page = Math.min(10_000, Math.max(1, Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1));
	const { f, notice, counts, total, rows } = await loadLate(event, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
	const notices = await rowNotices(
		rows.map((r) => r.id),
		event.locals.user && hasRole(event.locals.user, ...RECORD_ROLES) ? scopePaths(event.locals.user, ...RECORD_ROLES) : []
	);
	return {
		month: f.month.key,
		badMonth: f.badMonth,
		unitId: f.unit?.id ?? null,
		units: f.units.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, depth: u.path.split('/').length - 3 })),
		notice,
		counts,
		page,
		pageSize: PAGE_SIZE,
		total,
		rows: rows.map((r) => ({ ...r, ...(notices.get(r.id) ?? { slips: [], canRecord: false }) }))
	};
};

/** Every apology slip of the page's dossiers as apology.ts judges it, and whether the user may record one. */
async function rowNotices(ids: number[], recordScope: string[] | null) {
	const out = new Map<number, { slips: { number: string | null; issuedAt: string; newDueAt: string | null; reappointment: number; deadlineDay: string; flags: string[] }[]; canRecord: boolean }>();
	if (ids.length === 0) return out;
	const [found, slips, cal] = await Promise.all([
		db.select({ id: dossiers.id, dueAt: dossiers.dueAt, path: units.path }).from(dossiers).innerJoin(units, eq(units.id, dossiers.unitId)).where(inArray(dossiers.id, ids)),
		db
			.select({ id: dossierLateNotices.id, dossierId: dossierLateNotices.dossierId, kind: dossierLateNotices.kind, number: dossierLateNotices.documentNumber, issuedAt: dossierLateNotices.issuedAt, newDueAt: dossierLateNotices.newDueAt })
			.from(dossierLateNotices)
			.where(inArray(dossierLateNotices.dossierId, ids)),
		loadCalendar(database)
	]);
	for (const d of found) {
		const mine = slips.filter((s) => s.dossierId === d.id && s.kind === 'apology');
		out.set(d.id, {
			canRecord: recordScope === null || (recordScope.length > 0 && pathInScope(d.path, recordScope)),
			slips: checkSlips(d.dueAt, mine, cal).map((s) => ({
				number: s.number,
				issuedAt: s.issuedAt.toISOString(),
				newDueAt: s.newDueAt?.toISOString() ?? null,
				reappointment: s.reappointment,
				deadlineDay: s.deadlineDay,
				flags: s.flags
			}))
		});
	}
	return out;
}

type NoticeField = 'kind' | 'documentNumber' | 'issuedAt' | 'newDueAt';

export const actions: Actions = {
	recordNotice: async (event) => {
		requireRole(event, ...RECORD_ROLES);
		const form = await event.request.formData();
		const rawId = String(form.get('dossierId') ?? '');
		// a form without its dossier is a bad request; an id out of reach is a 404 (below)
		if (!/^[1-9][0-9]{0,15}$/.test(rawId)) return fail(400, { message: translate(event.locals.locale, 'input.badRequest') });
		const dossierId = idParam(rawId);
		const [dossier] = await db.select({ id: dossiers.id, unitId: dossiers.unitId, code: dossiers.code }).from(dossiers).where(eq(dossiers.id, dossierId));
		if (!dossier) error(404, 'Không tìm thấy / Not found');
		const { user } = await requireUnitAccess(event, dossier.unitId, ...RECORD_ROLES);

		const locale = event.locals.locale;
		const errors: Partial<Record<NoticeField, string>> = {};
		const say = (field: NoticeField, key: MessageKey, params?: Record<string, string | number>) => (errors[field] ??= translate(locale, key, params));
		const value = (name: NoticeField) => {
			const v = form.get(name);
			return typeof v === 'string' ? v.trim() : '';
		};
		const values = { kind: value('kind'), documentNumber: value('documentNumber'), issuedAt: value('issuedAt'), newDueAt: value('newDueAt') };
		const kind = (LATE_NOTICE_KINDS as readonly string[]).includes(values.kind) ? (values.kind as LateNoticeKind) : undefined;
		if (!kind) say('kind', 'lateNotices.error.kind');
		if (values.documentNumber.length > 64) say('documentNumber', 'lateNotices.error.documentNumber');
		const issuedAt = acceptedLocalMinute(values.issuedAt);
		if (!issuedAt) say('issuedAt', 'lateNotices.error.issuedAt', acceptedRangeParams());
		const newDueAt = values.newDueAt ? acceptedLocalMinute(values.newDueAt) : undefined;
		if (values.newDueAt && !newDueAt) say('newDueAt', 'lateNotices.error.newDueAt', acceptedRangeParams());
		if (kind && issuedAt && !(values.newDueAt && !newDueAt)) {
			const notice: LateNoticeInput = { kind, issuedAt, ...(values.documentNumber ? { documentNumber: values.documentNumber } : {}), ...(newDueAt ? { newDueAt } : {}) };
			for (const p of lateNoticeProblems([notice], '')) say(p.field as NoticeField, p.key, p.params);
		}
		if (Object.keys(errors).length > 0 || !kind || !issuedAt) return fail(400, { dossierId, errors, values });

		const notice: LateNoticeInput = { kind, issuedAt, ...(values.documentNumber ? { documentNumber: values.documentNumber } : {}), ...(newDueAt ? { newDueAt } : {}) };
		const [written] = await db.transaction(async (tx) => {
			// the dossier's row lock: the API's upsert of the same dossier waits (late-notices.ts)
			await tx.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.id, dossierId)).for('update');
			return writeLateNotices(tx, [{ dossierId, notice }], user.id);
		});
		if (written.result !== 'unchanged') {
			await audit({ userId: user.id, ip: clientIp(event) }, `dossier.late_notice.${written.result}`, { type: 'dossier', id: dossierId }, {
				code: dossier.code,
				kind,
				documentNumber: notice.documentNumber ?? null,
				issuedAt: issuedAt.toISOString(),
				newDueAt: newDueAt?.toISOString() ?? null
			});
		}
		return { dossierId, saved: true };
	}
};
