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
import { VIETNAM_UTC_OFFSET_MS } from '../rules';

/** Day → kind for the exceptions to the Monday–Friday week. */
export type WorkCalendar = ReadonlyMap<string, CalendarDayKind>;

export { VIETNAM_UTC_OFFSET_MS };
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

/**
 * Day numbers: whole days since 1970-01-01 (a Thursday). Every date is turned into one before
 * any arithmetic, so a loop counts integers and a date that cannot be written as YYYY-MM-DD
 * (year 10000, year −1) is a RangeError instead of a string such as '+010000-01' that no longer
 * advances (issue 19: a dossier dated 9999-12-31 made nextWorkingDay loop for ever).
 */
const FIRST_DAY = -719_528; // 0000-01-01
const LAST_DAY = 2_932_896; // 9999-12-31
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a real YYYY-MM-DD date, or null (30 February, 2026-1-5, garbage). */
export function parseDayNumber(day: string): number | null {
	const m = YMD.exec(day);
	if (!m) return null;
	const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const d = new Date(0);
	d.setUTCFullYear(year, month - 1, date); // unlike Date.UTC, years 0–99 stay themselves
	if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== date) return null;
	return d.getTime() / DAY_MS;
}

/** The day number of a YYYY-MM-DD date; a RangeError for anything else. */
export function dayNumber(day: string): number {
	const n = parseDayNumber(day);
	if (n === null) throw new RangeError(`not a calendar date: ${JSON.stringify(day).slice(0, 40)}`);
	return n;
}

/** YYYY-MM-DD of a day number, years 0000–9999; a RangeError beyond. */
export function dayString(n: number): string {
	if (!Number.isInteger(n) || n < FIRST_DAY || n > LAST_DAY) throw new RangeError(`day ${n} is outside years 0000–9999`);
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The Vietnam day number of an instant. */
export function localDayNumber(d: Date): number {
	const t = d.getTime();
	if (!Number.isFinite(t)) throw new RangeError('invalid date');
	return Math.floor((t + VIETNAM_UTC_OFFSET_MS) / DAY_MS);
}

/** The Vietnam calendar date (YYYY-MM-DD) of an instant. */
export function localDate(d: Date): string {
	return dayString(localDayNumber(d));
}

/** The instant of a Vietnam local wall-clock time on a date. */
export function localTime(day: string, hour: number, minute = 0, second = 0): Date {
	return new Date(dayNumber(day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 - VIETNAM_UTC_OFFSET_MS);
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
	return dayString(dayNumber(day) + n);
}

const weekday = (n: number) => (((n + 4) % 7) + 7) % 7;

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: string): number {
	return weekday(dayNumber(day));
}

export function isWorkingDay(day: string, cal: WorkCalendar): boolean {
	const exception = cal.get(day);
	if (exception) return exception === 'workday';
	const dow = dayOfWeek(day);
	return dow !== 0 && dow !== 6;
}

/**
 * How far nextWorkingDay looks. The longest break in Vietnam is Tết (9 days in 2025 and 2026);
 * a year without a working day is a calendar someone has filled wrongly.
 */
export const MAX_DAYS_WITHOUT_WORK = 366;

/** The calendar has no working day within MAX_DAYS_WITHOUT_WORK days of a date. */
export class NoWorkingDayError extends RangeError {
	constructor(day: string) {
		super(`no working day within ${MAX_DAYS_WITHOUT_WORK} days after ${day}: check the holiday calendar`);
	}
}

/** The first working day strictly after `day`. */
export function nextWorkingDay(day: string, cal: WorkCalendar): string {
	const first = dayNumber(day) + 1;
	for (let n = first; n < first + MAX_DAYS_WITHOUT_WORK; n++) {
		const d = dayString(n);
		if (isWorkingDay(d, cal)) return d;
	}
	throw new NoWorkingDayError(day);
}

/** Longer than any procedure's time limit: a count beyond it is a mistake, not a deadline. */
export const MAX_WORKING_DAYS = 3_660;

function checkCount(n: number) {
	if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS)
		throw new RangeError(`working days must be a whole number from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
}

/** The n-th working day strictly after `day` (n ≥ 1); `day` itself for n = 0. */
export function addWorkingDaysToDate(day: string, n: number, cal: WorkCalendar): string {
	checkCount(n);
	let d = day;
	for (let i = 0; i < n; i++) d = nextWorkingDay(d, cal);
	return d;
}

/** The deadline of an n-working-day procedure received at `start` (see the convention above). */
export function addWorkingDays(start: Date, n: number, cal: WorkCalendar): Date {
	checkCount(n);
	const day = localDate(start);
	if (n === 0) {
		const sameDay = localTime(day, END_OF_DAY.hour, END_OF_DAY.minute);
		if (isWorkingDay(day, cal) && start.getTime() <= sameDay.getTime()) return sameDay;
		return localTime(nextWorkingDay(day, cal), END_OF_DAY.hour, END_OF_DAY.minute);
	}
	return localTime(addWorkingDaysToDate(day, n, cal), END_OF_DAY.hour, END_OF_DAY.minute);
}

/** Monday–Friday days from a fixed origin up to day n: the difference of two counts the weekdays between. */
function weekdaysThrough(n: number): number {
	const sinceSunday = n + 4; // 1969-12-28 was a Sunday
	const weeks = Math.floor(sinceSunday / 7);
	return weeks * 5 + Math.min(sinceSunday - weeks * 7, 5);
}

/**
 * Working days d with localDate(from) < d ≤ localDate(to): so
 * workingDaysBetween(t, addWorkingDays(t, n)) = n for n ≥ 1. Negative when `to` is earlier.
 * Counted without walking the days: the weekdays of the span, corrected by the calendar's
 * exceptions inside it, so any span costs the same.
 */
export function workingDaysBetween(from: Date, to: Date, cal: WorkCalendar): number {
	const a = localDayNumber(from);
	const b = localDayNumber(to);
	if (a === b) return 0;
	const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
	let n = weekdaysThrough(hi) - weekdaysThrough(lo);
	for (const [day, kind] of cal) {
		const d = parseDayNumber(day);
		if (d === null || d <= lo || d > hi) continue;
		const weekend = weekday(d) === 0 || weekday(d) === 6;
		if (kind === 'workday' && weekend) n++;
		else if (kind === 'holiday' && !weekend) n--;
	}
	return sign * n;
}
