/**
 * Working-day arithmetic in Vietnam time (UTC+7 all year, no daylight saving). Pure: the
 * calendar of exceptions is passed in, built from `calendar_days` rows.
 *
 * Deadline convention (documented choice): a procedure of n working days received at any time
 * on day D is due at the end of office hours (17:00 local) of the n-th working day after D, the
 * day after reception being day 1 whatever the hour of reception. n = 0 ("trong ngày") is due
 * at 17:00 the same day when received on a working day before 17:00, otherwise at 17:00 of the
 * next working day, so a deadline is never earlier than its reception.
 */
import type { CalendarDayKind } from './holidays';

/** Day → kind for the exceptions to the Monday–Friday week. */
export type WorkCalendar = ReadonlyMap<string, CalendarDayKind>;

export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
/** Office hours end: deadlines fall at this local time. */
export const END_OF_DAY = { hour: 17, minute: 0 } as const;

export function buildCalendar(rows: Iterable<{ day: string; kind: string }>): WorkCalendar {
	const cal = new Map<string, CalendarDayKind>();
	for (const r of rows) {
		if (r.kind === 'holiday' || r.kind === 'workday') cal.set(r.day, r.kind);
	}
	return cal;
}

/** The Vietnam calendar date (YYYY-MM-DD) of an instant. */
export function localDate(d: Date): string {
	return new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a Vietnam local wall-clock time on a date. */
export function localTime(day: string, hour: number, minute = 0, second = 0): Date {
	return new Date(
		Date.parse(day + 'T00:00:00Z') +
			((hour * 60 + minute) * 60 + second) * 1000 -
			VIETNAM_UTC_OFFSET_MS
	);
}

/** Midnight in Vietnam at the start of the local day containing an instant. */
export function startOfLocalDay(d: Date): Date {
	return localTime(localDate(d), 0);
}

/** Minutes since local midnight of an instant (fractional). */
export function localMinutes(d: Date): number {
	return ((d.getTime() + VIETNAM_UTC_OFFSET_MS) % DAY_MS) / 60_000;
}

export function addDays(day: string, n: number): string {
	return new Date(Date.parse(day + 'T00:00:00Z') + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: string): number {
	return new Date(day + 'T00:00:00Z').getUTCDay();
}

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
	const exception = cal.get(day);
	if (exception) return exception === 'workday';
	const dow = dayOfWeek(day);
	return dow !== 0 && dow !== 6;
}

/** The first working day strictly after `day`. */
export function nextWorkingDay(day: string, cal: WorkCalendar): string {
	let d = addDays(day, 1);
	while (!isWorkingDay(d, cal)) d = addDays(d, 1);
	return d;
}

/** The n-th working day strictly after `day` (n ≥ 1); `day` itself for n = 0. */
export function addWorkingDaysToDate(day: string, n: number, cal: WorkCalendar): string {
	let d = day;
	for (let i = 0; i < n; i++) d = nextWorkingDay(d, cal);
	return d;
}

/** The deadline of an n-working-day procedure received at `start` (see the convention above). */
export function addWorkingDays(start: Date, n: number, cal: WorkCalendar): Date {
	if (!Number.isInteger(n) || n < 0)
		throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
	const day = localDate(start);
	if (n === 0) {
		const sameDay = localTime(day, END_OF_DAY.hour, END_OF_DAY.minute);
		if (isWorkingDay(day, cal) && start.getTime() <= sameDay.getTime()) return sameDay;
		return localTime(nextWorkingDay(day, cal), END_OF_DAY.hour, END_OF_DAY.minute);
	}
	return localTime(addWorkingDaysToDate(day, n, cal), END_OF_DAY.hour, END_OF_DAY.minute);
}

/**
 * Working days d with localDate(from) < d ≤ localDate(to): so
 * workingDaysBetween(t, addWorkingDays(t, n)) = n for n ≥ 1. Negative when `to` is earlier.
 */
export function workingDaysBetween(from: Date, to: Date, cal: WorkCalendar): number {
	const a = localDate(from);
	const b = localDate(to);
	if (a === b) return 0;
	const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
	let n = 0;
	for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
	return sign * n;
}
