/**
 * A complaint's clock: due `days` working days after reception (the calendar's convention:
 * 17:00 Vietnam time of the n-th working day after the day received), flagged "near" when at
 * most `nearDays` working days remain and "overdue" once past. Pure.
 */
import { addWorkingDays, workingDaysBetween, type WorkCalendar } from '../calendar';

export type DeadlineFlag = 'overdue' | 'near' | null;

export function complaintDueAt(receivedAt: Date, days: number, cal: WorkCalendar): Date {
	return addWorkingDays(receivedAt, days, cal);
}

/** Working days left (0 on the due day itself); negative once the day has passed. */
export function workingDaysLeft(dueAt: Date, now: Date, cal: WorkCalendar): number {
	return workingDaysBetween(now, dueAt, cal);
}

export function deadlineFlag(dueAt: Date, now: Date, nearDays: number, cal: WorkCalendar, closed = false): DeadlineFlag {
	if (closed) return null;
	if (now.getTime() > dueAt.getTime()) return 'overdue';
	return workingDaysLeft(dueAt, now, cal) <= nearDays ? 'near' : null;
}
