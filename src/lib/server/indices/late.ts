/**
 * Late dossiers (trễ hạn) and the notices a late dossier obliges: a thư xin lỗi (apology letter,
 * with a new appointment) to the citizen and a văn bản giải trình (written explanation) to the
 * superior. Pure; `queries.ts` applies the same rules in SQL.
 *
 * - Late: the result was completed after the due time, or it is still not completed and the due
 *   time has passed (withdrawn and rejected dossiers are never late). The legal clock stops at
 *   completion, not at hand-over: a citizen collecting a ready result late does not make it late.
 * - "Late without apology" (the flag): no apology letter issued by the due time. This is the rule
 *   the complaint job uses to open a case; an apology sent after the due time is shown as such,
 *   but the flag stays, because the citizen was not told in time.
 */
import { workingDaysBetween, type WorkCalendar } from '../calendar/working-days';

export const CLOSED_WITHOUT_RESULT = ['withdrawn', 'rejected'] as const;

export function isLate(d: { dueAt: Date; completedAt: Date | null; status: string }, asOf: Date): boolean {
	if (d.completedAt !== null) return d.completedAt.getTime() > d.dueAt.getTime();
	return !(CLOSED_WITHOUT_RESULT as readonly string[]).includes(d.status) && asOf.getTime() > d.dueAt.getTime();
}

export type ApologyStatus = 'before_due' | 'after_due' | 'none';

/** From the earliest apology letter's issue time. */
export function apologyStatus(dueAt: Date, firstApologyAt: Date | null): ApologyStatus {
	if (firstApologyAt === null) return 'none';
	return firstApologyAt.getTime() <= dueAt.getTime() ? 'before_due' : 'after_due';
}

export function lateWithoutApology(dueAt: Date, firstApologyAt: Date | null): boolean {
	return apologyStatus(dueAt, firstApologyAt) !== 'before_due';
}

/** Working days past the due day: to completion, or to `asOf` while still open. */
export function workingDaysLate(d: { dueAt: Date; completedAt: Date | null }, asOf: Date, cal: WorkCalendar): number {
	return Math.max(0, workingDaysBetween(d.dueAt, d.completedAt ?? asOf, cal));
}

export const NOTICE_FILTERS = ['all', 'without_apology', 'without_explanation', 'complete'] as const;
export type NoticeFilter = (typeof NOTICE_FILTERS)[number];

/** Whether a late dossier passes the notice-status filter of the list. */
export function matchesNoticeFilter(filter: NoticeFilter, d: { dueAt: Date; apologyAt: Date | null; explanationAt: Date | null }): boolean {
	const noApology = lateWithoutApology(d.dueAt, d.apologyAt);
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
