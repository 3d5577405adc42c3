/**
 * Periods in Vietnam time, one definition for every page: a Period is the instants [from, to);
 * a day period is whole local days [from, to] as the forms show them (?from=…&to=…, with the
 * same length immediately before as the comparison); a Month is a calendar month (YYYY-MM).
 * Dates outside the accepted range or impossible ones (2026-02-30) are refused by the one
 * parser below (calendar/accepted.ts). Pure.
 */
import { acceptedPeriod } from './calendar/accepted';
import { isImpossibleDay } from '$lib/date-text';
import { addDays, dayNumber, localDate, localTime } from './calendar/working-days';

export type Period = { from: Date; to: Date };

export type DayPeriod = {
	/** Local dates, `to` inclusive, as shown in the form. */
	from: string;
	to: string;
	days: number;
	period: Period;
	previous: Period;
};

export const MAX_PERIOD_DAYS = 400;

export function periodFromDays(from: string, to: string): DayPeriod {
	const days = dayNumber(to) - dayNumber(from) + 1;
	return {
		from,
		to,
		days,
		period: { from: localTime(from, 0), to: localTime(addDays(to, 1), 0) },
		previous: { from: localTime(addDays(from, -days), 0), to: localTime(from, 0) }
	};
}

/**
 * The days asked for (query parameters or form fields, `unknown` until checked; dd/mm/yyyy or
 * YYYY-MM-DD), or the last `defaultDays` days up to today when absent or unusable; `bad` says input
 * was given but refused, `impossible` the text given for a day that does not exist (31/02/2026).
 */
export function parseDayPeriod(from: unknown, to: unknown, defaultDays: number, now = new Date()): DayPeriod & { bad: boolean; impossible: string | null } {
	const given = (from !== undefined && from !== null) || (to !== undefined && to !== null);
	const asked = acceptedPeriod(from, to, MAX_PERIOD_DAYS);
	const today = localDate(now);
	const days = asked ?? { from: addDays(today, 1 - defaultDays), to: today };
	const impossible = [from, to].find(isImpossibleDay);
	return { ...periodFromDays(days.from, days.to), bad: given && asked === null, impossible: typeof impossible === 'string' ? impossible.trim() : null };
}

// ---- months ------------------------------------------------------------------------------------

export interface Month {
	/** YYYY-MM */
	key: string;
	/** First instant of the month, Vietnam time. */
	from: Date;
	/** First instant of the next month. */
	to: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthOf(key: string): Month | null {
	if (!MONTH.test(key)) return null;
	return { key, from: localTime(`${key}-01`, 0), to: localTime(`${addMonths(key, 1)}-01`, 0) };
}

export function addMonths(key: string, n: number): string {
	const [y, m] = key.split('-').map(Number);
	const i = y * 12 + (m - 1) + n;
	return `${Math.floor(i / 12)}-${String((((i % 12) + 12) % 12) + 1).padStart(2, '0')}`;
}

export const currentMonthKey = (now = new Date()) => localDate(now).slice(0, 7);

/** The last full calendar month in Vietnam time (in January, December of the year before). */
export const lastFullMonthKey = (now = new Date()) => addMonths(currentMonthKey(now), -1);

export const lastFullMonth = (now = new Date()): Month => monthOf(lastFullMonthKey(now))!;

/**
 * The local months a period covers when it is whole months ([first instant of a month, first
 * instant of a later month)), as the rollups' `month` bounds `[from, to)` (YYYY-MM-01); null for any
 * other period (a range of days), which the queries answer from the raw rows.
 */
export function wholeMonths(period: { from: Date; to: Date }): { from: string; to: string } | null {
	const [from, to] = [localDate(period.from), localDate(period.to)];
	if (!from.endsWith('-01') || !to.endsWith('-01') || to <= from) return null;
	if (localTime(from, 0).getTime() !== period.from.getTime() || localTime(to, 0).getTime() !== period.to.getTime()) return null;
	return { from, to };
}
