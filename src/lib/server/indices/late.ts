/**
 * Late dossiers (trễ hạn) and the notices a late dossier obliges: a Phiếu xin lỗi và hẹn lại
 * ngày trả kết quả (apology and new appointment slip) to the citizen and a văn bản giải trình
 * (written explanation) to the superior. Pure; `queries.ts` applies the same rules in SQL.
 *
 * - Late: the result was completed after the due time, or it is still not completed and the due
 *   time has passed (withdrawn and rejected dossiers are never late). The legal clock stops at
 *   completion, not at hand-over: a citizen collecting a ready result late does not make it late.
 * - "Late without apology" (the flag): no slip issued in time (dossiers/apology.ts: at the latest
 *   on the working day before the due day). This is the rule the complaint job uses to open an
 *   internal case; a slip sent later is shown as such, but the flag stays, because the citizen
 *   was not told in time.
 */
import { workingDaysBetween, type WorkCalendar } from '../calendar/working-days';
import { apologyStatus, lateWithoutOnTimeSlip } from '../dossiers/apology';

export { apologyStatus, type ApologyStatus } from '../dossiers/apology';

export const CLOSED_WITHOUT_RESULT = ['withdrawn', 'rejected'] as const;

export function isLate(d: { dueAt: Date; completedAt: Date | null; status: string }, asOf: Date): boolean {
	if (d.completedAt !== null) return d.completedAt.getTime() > d.dueAt.getTime();
	return !(CLOSED_WITHOUT_RESULT as readonly string[]).includes(d.status) && asOf.getTime() > d.dueAt.getTime();
}

/** No slip issued in time for the due date. */
export function lateWithoutApology(dueAt: Date, firstSlipAt: Date | null, cal: WorkCalendar): boolean {
	return lateWithoutOnTimeSlip(dueAt, firstSlipAt, cal);
}

/** Working days past the due day: to completion, or to `asOf` while still open. */
export function workingDaysLate(d: { dueAt: Date; completedAt: Date | null }, asOf: Date, cal: WorkCalendar): number {
	return Math.max(0, workingDaysBetween(d.dueAt, d.completedAt ?? asOf, cal));
}

export const NOTICE_FILTERS = ['all', 'without_apology', 'without_explanation', 'complete'] as const;
export type NoticeFilter = (typeof NOTICE_FILTERS)[number];

/** Whether a late dossier passes the notice-status filter of the list. */
export function matchesNoticeFilter(filter: NoticeFilter, d: { dueAt: Date; apologyAt: Date | null; explanationAt: Date | null }, cal: WorkCalendar): boolean {
	const noApology = apologyStatus(d.dueAt, d.apologyAt, cal) !== 'on_time';
	switch (filter) {
		case 'all':
			return true;
		case 'without_apology':
			return noApology;
		case 'without_explanation':
			return d.explanationAt === null;
		case 'complete':
			return !noApology && d.explanationAt !== null;
	}
}
