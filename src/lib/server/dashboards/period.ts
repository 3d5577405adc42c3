import { acceptedDay, acceptedPeriod, addDays, dayNumber, localDate, localTime } from '../calendar';

/**
 * The period every dashboard shows: whole Vietnam days [from, to] in the URL (?from=…&to=…),
 * the same length immediately before as the comparison period. Absent or invalid input gives the
 * default (the last `defaultDays` days up to today) and says so, never an error page.
 */
export type Period = { from: Date; to: Date };

export type PeriodChoice = {
	/** Local dates, `to` inclusive, as shown in the form. */
	from: string;
	to: string;
	days: number;
	period: Period;
	previous: Period;
	/** Input was given but could not be used. */
	bad: boolean;
};

export const MAX_PERIOD_DAYS = 400;

export function periodFromDays(from: string, to: string): Omit<PeriodChoice, 'bad'> {
	const days = dayNumber(to) - dayNumber(from) + 1;
	return {
		from,
		to,
		days,
		period: { from: localTime(from, 0), to: localTime(addDays(to, 1), 0) },
		previous: { from: localTime(addDays(from, -days), 0), to: localTime(from, 0) }
	};
}

export function parsePeriod(params: URLSearchParams, defaultDays = 30, now = new Date()): PeriodChoice {
	const given = params.has('from') || params.has('to');
	const asked = acceptedPeriod(params.get('from'), params.get('to'), MAX_PERIOD_DAYS);
	const today = localDate(now);
	const { from, to } = asked ?? { from: addDays(today, 1 - defaultDays), to: today };
	return { ...periodFromDays(from, to), bad: given && asked === null };
}

/** The calendar month (YYYY-MM) as a period; the last full month when absent or invalid. */
export function parseMonth(value: string | null, now = new Date()): { month: string; choice: Omit<PeriodChoice, 'bad'>; bad: boolean } {
	const today = localDate(now);
	const fallback = lastFullMonth(today);
	const ok = value !== null && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && acceptedDay(`${value}-01`) !== undefined;
	const month = ok ? value : fallback;
	const from = `${month}-01`;
	const to = addDays(nextMonth(month) + '-01', -1);
	return { month, choice: periodFromDays(from, to), bad: value !== null && !ok };
}

export function lastFullMonth(today: string): string {
	const [y, m] = today.split('-').map(Number);
	return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
