import { parseDayText } from '$lib/date-text';
import { addDays, localDate, localTime } from '../calendar/working-days';

/**
 * Postings are kept by the day, as HR lists and decisions (quyết định điều động) state them: a
 * posting runs from its first day to its last day, both included. Stored as instants at Vietnam
 * midnight, half-open: started_at = 00:00 of the first day, ended_at = 00:00 of the day after the
 * last day — the convention service events already read (started_at ≤ t < ended_at), so a
 * transfer on day D ends the old posting with D − 1 as its last day and starts the new one on D.
 */

/** A plausible posting day: not before the Vietnamese civil service of today existed, nor far ahead. */
const FIRST_DAY = '1945-01-01';
const LAST_DAY = '2100-12-31';

/**
 * A calendar day as a person or a spreadsheet writes it: 2025-07-01 (ISO, what Excel date cells
 * become) or 01/07/2025, 1-7-2025, 1.7.2025 (day first, as Vietnamese documents write it; the
 * one reading of typed dates, date-text.ts). Undefined for anything else, or a day that does not
 * exist (30/02).
 */
export function parseDay(value: string): string | undefined {
	const day = parseDayText(value);
	return day !== null && day >= FIRST_DAY && day <= LAST_DAY ? day : undefined;
}

/** The instant a posting starting on `day` begins. */
export const startOfDay = (day: string): Date => localTime(day, 0);

/** The stored end of a posting whose last day is `day`. */
export const endAfterDay = (day: string): Date => localTime(addDays(day, 1), 0);

/** The first day of a posting, from its stored start. */
export const firstDay = (startedAt: Date): string => localDate(startedAt);

/** The last day of a posting, from its stored end (the instant just before it). */
export const lastDay = (endedAt: Date): string => localDate(new Date(endedAt.getTime() - 1));
