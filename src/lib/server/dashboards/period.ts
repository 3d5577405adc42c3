import { acceptedDay, addDays } from '../calendar';
import { parseMonthText } from '$lib/date-text';
import { addMonths, lastFullMonthKey, parseDayPeriod, periodFromDays, type DayPeriod } from '../period';

/**
 * The period every dashboard shows: whole Vietnam days [from, to] in the URL (?from=…&to=…),
 * the same length immediately before as the comparison period. Absent or invalid input gives the
 * default (the last `defaultDays` days up to today) and says so, never an error page.
 */
export { MAX_PERIOD_DAYS, periodFromDays, type Period } from '../period';

export type PeriodChoice = DayPeriod & {
	/** Input was given but could not be used. */
	bad: boolean;
	/** The text given for a day that does not exist (31/02/2026), for the page to say so. */
	impossible: string | null;
};

export function parsePeriod(params: URLSearchParams, defaultDays = 30, now = new Date()): PeriodChoice {
	return parseDayPeriod(params.get('from'), params.get('to'), defaultDays, now);
}

/** The calendar month (mm/yyyy or YYYY-MM) as a period; the last full month when absent or invalid. */
export function parseMonth(value: string | null, now = new Date()): { month: string; choice: DayPeriod; bad: boolean } {
	const asked = parseMonthText(value);
	const ok = asked !== null && acceptedDay(`${asked}-01`) !== undefined;
	const month = ok ? asked : lastFullMonthKey(now);
	const to = addDays(addMonths(month, 1) + '-01', -1);
	return { month, choice: periodFromDays(`${month}-01`, to), bad: value !== null && !ok };
}
