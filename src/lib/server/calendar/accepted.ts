import { z } from 'zod';
import { config } from '../config';
import { dayString, localDayNumber, localTime, parseDayNumber } from './working-days';
import { formatDate } from '$lib/i18n/format';
import { parseDayText, parseMinuteText } from '$lib/date-text';

/**
 * The dates the app takes from outside (API bodies, CSV files, forms, query strings): from
 * 1 January DATE_MIN_YEAR to 31 December DATE_MAX_YEAR, Vietnam time (2000–2100 unless
 * configured). Anything else is refused with a message naming the field, so no date far from
 * the present reaches the working-day arithmetic, the database or an export (issue 19: a dossier
 * received in 9999 stopped the server).
 *
 * The range is configuration (config.ts checks it at start-up), read when a date is checked:
 * the parsers stay plain functions of their input and the configuration.
 */
export type AcceptedRange = { first: number; last: number };

export function acceptedRange(): AcceptedRange {
	const { min, max } = config().dateYears;
	return { first: parseDayNumber(`${min}-01-01`)!, last: parseDayNumber(`${max}-12-31`)! };
}

/** The range as message parameters: {first} and {last} as the page shows dates (dd/mm/yyyy). */
export function acceptedRangeParams(): { first: string; last: string } {
	const { first, last } = acceptedRange();
	const shown = (n: number) => formatDate('vi', dayString(n));
	return { first: shown(first), last: shown(last) };
}

export function isAcceptedDayNumber(n: number): boolean {
	const { first, last } = acceptedRange();
	return n >= first && n <= last;
}

/** An instant whose Vietnam date is within the accepted range (false for an invalid Date). */
export function isAcceptedInstant(d: Date): boolean {
	return Number.isFinite(d.getTime()) && isAcceptedDayNumber(localDayNumber(d));
}

/** A real date within the accepted range, typed dd/mm/yyyy or YYYY-MM-DD (date-text.ts), as YYYY-MM-DD; or undefined. */
export function acceptedDay(value: unknown): string | undefined {
	const day = parseDayText(value);
	return day !== null && isAcceptedDayNumber(parseDayNumber(day)!) ? day : undefined;
}

/** A form field or query parameter holding a date within the accepted range, read as YYYY-MM-DD. */
export const acceptedDaySchema = z.string().transform((v, ctx) => {
	const day = acceptedDay(v);
	if (day !== undefined) return day;
	ctx.addIssue({ code: 'custom', message: 'not a date within the accepted range' });
	return z.NEVER;
});

/**
 * A date field's day and time (dd/mm/yyyy HH:mm, or YYYY-MM-DDTHH:mm as datetime-local sends it;
 * Vietnam wall-clock time) as an instant within the accepted range, or undefined.
 */
export function acceptedLocalMinute(value: unknown): Date | undefined {
	const at = parseMinuteText(value);
	if (!at || !isAcceptedDayNumber(parseDayNumber(at.day)!)) return undefined;
	return localTime(at.day, at.hour, at.minute);
}

/**
 * A period of whole days [from, to] from a form or query string: both accepted days, from ≤ to,
 * at most `maxDays` days long; null otherwise.
 */
export function acceptedPeriod(from: unknown, to: unknown, maxDays: number): { from: string; to: string } | null {
	const first = acceptedDay(from);
	const last = acceptedDay(to);
	if (first === undefined || last === undefined) return null;
	const days = parseDayNumber(last)! - parseDayNumber(first)! + 1;
	return days >= 1 && days <= maxDays ? { from: first, to: last } : null;
}
