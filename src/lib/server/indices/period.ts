/** Months in Vietnam time, the period unit of the indices and late-dossier pages. Pure. */
import { acceptedDay } from '../calendar/accepted';
import { parseMonthText } from '$lib/date-text';
import { addMonths, monthOf, type Month } from '../period';

export { addMonths, currentMonthKey, lastFullMonthKey, monthOf, wholeMonths, type Month } from '../period';

/** The month asked for (mm/yyyy or YYYY-MM), or the fallback when absent, malformed or outside the accepted dates (`bad` tells the page). */
export function parseMonth(value: string | null, fallback: string): { month: Month; bad: boolean } {
	const key = parseMonthText(value);
	const asked = key && acceptedDay(`${key}-01`) ? monthOf(key) : null;
	return { month: asked ?? monthOf(fallback)!, bad: value !== null && value !== '' && asked === null };
}

/** The `n` months ending with `key`, oldest first. */
export function monthsEnding(key: string, n: number): Month[] {
	return Array.from({ length: n }, (_, i) => monthOf(addMonths(key, i - n + 1))!);
}
