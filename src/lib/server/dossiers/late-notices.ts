import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { dossierLateNotices, type LateNoticeKind } from '../db/schema';
import { problem, type FieldProblem } from './errors';
import type { LateNoticeInput } from './schema';

/**
 * Recording a Phiếu xin lỗi và hẹn lại ngày trả kết quả (apology slip, with its new appointment)
 * or a văn bản giải trình (written explanation) for a dossier, from the late list and from the
 * dossier API. One notice is one row per (dossier, kind, issuedAt): sending it again changes
 * nothing, sending it with another number or new date corrects that row. Whether a slip was in
 * time, or a second re-appointment, is judged when shown (apology.ts), never stored.
 */

/** Rules between the fields of one notice, and between the notices of one dossier item. */
export function lateNoticeProblems(notices: readonly LateNoticeInput[], prefix = 'lateNotices'): FieldProblem[] {
	const out: FieldProblem[] = [];
	const seen = new Map<string, number>();
	notices.forEach((n, i) => {
		const at = (field: string) => (prefix ? `${prefix}[${i}].${field}` : field);
		if (n.kind === 'apology' && !n.newDueAt) out.push(problem(at('newDueAt'), 'lateNotices.error.newDueRequired'));
		if (n.kind === 'apology' && n.newDueAt && n.newDueAt.getTime() <= n.issuedAt.getTime()) out.push(problem(at('newDueAt'), 'lateNotices.error.newDueAfterIssued'));
		if (n.kind === 'explanation' && n.newDueAt) out.push(problem(at('newDueAt'), 'lateNotices.error.explanationNoNewDue'));
		const key = `${n.kind}:${n.issuedAt.getTime()}`;
		const other = seen.get(key);
		if (other !== undefined) out.push(problem(at('issuedAt'), 'lateNotices.error.duplicate', { other }));
		else seen.set(key, i);
	});
	return out;
}

export type NoticeOutcome = 'created' | 'updated' | 'unchanged';
export type NoticeWrite = { dossierId: number; notice: LateNoticeInput };
export type NoticeResult = NoticeWrite & { id: number; result: NoticeOutcome };

const sameKey = (kind: LateNoticeKind, issuedAt: Date) => `${kind}:${issuedAt.getTime()}`;

/**
 * Writes notices, matched to stored ones by (dossier, kind, issuedAt). Call inside a transaction
 * holding the dossiers' row locks (the upsert's `for update`, the late list's own lock), so two
 * writers of one dossier cannot both insert the same notice.
 */
export async function writeLateNotices(tx: Db, writes: readonly NoticeWrite[], createdBy: number | null = null): Promise<NoticeResult[]> {
	if (writes.length === 0) return [];
	const ids = [...new Set(writes.map((w) => w.dossierId))];
	const stored = await tx
		.select({
			id: dossierLateNotices.id,
			dossierId: dossierLateNotices.dossierId,
			kind: dossierLateNotices.kind,
			issuedAt: dossierLateNotices.issuedAt,
			documentNumber: dossierLateNotices.documentNumber,
			newDueAt: dossierLateNotices.newDueAt
		})
		.from(dossierLateNotices)
		.where(inArray(dossierLateNotices.dossierId, ids));
	const byKey = new Map(stored.map((s) => [`${s.dossierId}:${sameKey(s.kind, s.issuedAt)}`, s]));
	const results: NoticeResult[] = [];
	for (const w of writes) {
		const { notice } = w;
		const documentNumber = notice.documentNumber ?? null;
		const newDueAt = notice.newDueAt ?? null;
		const key = `${w.dossierId}:${sameKey(notice.kind, notice.issuedAt)}`;
		const current = byKey.get(key);
		if (!current) {
			const [row] = await tx
				.insert(dossierLateNotices)
				.values({ dossierId: w.dossierId, kind: notice.kind, documentNumber, issuedAt: notice.issuedAt, newDueAt, createdBy })
				.returning({ id: dossierLateNotices.id });
			byKey.set(key, { id: row.id, dossierId: w.dossierId, kind: notice.kind, issuedAt: notice.issuedAt, documentNumber, newDueAt });
			results.push({ ...w, id: row.id, result: 'created' });
		} else if (current.documentNumber === documentNumber && (current.newDueAt?.getTime() ?? null) === (newDueAt?.getTime() ?? null)) {
			results.push({ ...w, id: current.id, result: 'unchanged' });
		} else {
			await tx
				.update(dossierLateNotices)
				.set({ documentNumber, newDueAt })
				.where(and(eq(dossierLateNotices.id, current.id), eq(dossierLateNotices.dossierId, w.dossierId)));
			byKey.set(key, { ...current, documentNumber, newDueAt });
			results.push({ ...w, id: current.id, result: 'updated' });
		}
	}
	return results;
}
