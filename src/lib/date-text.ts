/**
 * Dates as people type them into the app's forms, and as the forms show them: dd/mm/yyyy,
 * mm/yyyy and dd/mm/yyyy HH:mm, as Vietnamese documents write them (the same way
 * `formatDate` writes them on every page). ISO text (2026-07-01, 2026-07, 2026-07-01T08:30) is
 * accepted as well: links, bookmarks and scripts carry it. The one parser of typed dates, used
 * by the date fields (DateInput.svelte) and by every server parser of those fields. Pure.
 */
import { formatDate } from './i18n/format';

const DAY_VN = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DAY_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const MONTH_VN = /^(\d{1,2})[/.-](\d{4})$/;
const MONTH_ISO = /^(\d{4})-(\d{1,2})$/;
const MINUTE = /^(\S+)(?:\s+|T)(\d{1,2}):(\d{2})$/;

const two = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of a day that exists (no 30 February), or null. */
function realDay(year: number, month: number, day: number): string | null {
	const d = new Date(0);
	d.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, years 0–99 stay themselves
	if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
	return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

/** The day, month and year of text shaped like a date (dd/mm/yyyy, d/m/yyyy, d.m.yyyy, d-m-yyyy or yyyy-mm-dd), whether or not that day exists. */
function dayParts(value: unknown): [number, number, number] | null {
	if (typeof value !== 'string') return null;
	const text = value.trim();
	const vn = DAY_VN.exec(text);
	if (vn) return [Number(vn[3]), Number(vn[2]), Number(vn[1])];
	const iso = DAY_ISO.exec(text);
	return iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : null;
}

/** "01/07/2025", "1/7/2025", "1.7.2025" or "2025-07-01" → "2025-07-01"; null when it is none of these or the day does not exist (30/02/2026). */
export function parseDayText(value: unknown): string | null {
	const parts = dayParts(value);
	return parts ? realDay(...parts) : null;
}

/** Text written as a date whose day does not exist (31/02/2026, 2026-13-01): the page says so rather than "invalid". */
export function isImpossibleDay(value: unknown): boolean {
	return dayParts(value) !== null && parseDayText(value) === null;
}

/** "07/2026", "7/2026" or "2026-07" → "2026-07"; null otherwise. */
export function parseMonthText(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = value.trim();
	const vn = MONTH_VN.exec(text);
	const iso = vn ? null : MONTH_ISO.exec(text);
	const [year, month] = vn ? [Number(vn[2]), Number(vn[1])] : iso ? [Number(iso[1]), Number(iso[2])] : [NaN, NaN];
	return month >= 1 && month <= 12 ? `${String(year).padStart(4, '0')}-${two(month)}` : null;
}

/** "01/07/2025 08:30" or "2025-07-01T08:30" (Vietnam wall-clock time) → its day and time; null otherwise. */
export function parseMinuteText(value: unknown): { day: string; hour: number; minute: number } | null {
	const m = typeof value === 'string' ? MINUTE.exec(value.trim()) : null;
	const day = m ? parseDayText(m[1]) : null;
	if (!m || day === null) return null;
	const [hour, minute] = [Number(m[2]), Number(m[3])];
	return hour <= 23 && minute <= 59 ? { day, hour, minute } : null;
}

/** What a date field holds: a day, a month, or a day and a time. */
export type DateTextKind = 'date' | 'month' | 'datetime';

/** The shape a field accepts, as an HTML `pattern` (compiled with the v flag: separators escaped in classes). */
export const DATE_TEXT_PATTERN: Record<DateTextKind, string> = {
	date: String.raw`\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2})\s*`,
	month: String.raw`\s*(\d{1,2}[\/.\-]\d{4}|\d{4}-\d{1,2})\s*`,
	datetime: String.raw`\s*(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}\s+|\d{4}-\d{1,2}-\d{1,2}[T\s])\d{1,2}:\d{2}\s*`
};

/** The placeholder of each kind of field: the format to type. */
export const DATE_TEXT_PLACEHOLDER: Record<DateTextKind, string> = { date: 'dd/mm/yyyy', month: 'mm/yyyy', datetime: 'dd/mm/yyyy HH:mm' };

/** ISO text (YYYY-MM-DD, YYYY-MM, YYYY-MM-DDTHH:mm: what the native pickers and the server hold) of what a field holds, or null. */
export function isoOfText(kind: DateTextKind, value: unknown): string | null {
	if (kind === 'date') return parseDayText(value);
	if (kind === 'month') return parseMonthText(value);
	const at = parseMinuteText(value);
	return at && `${at.day}T${two(at.hour)}:${two(at.minute)}`;
}

/**
 * What a field shows for a value: ISO text as dd/mm/yyyy (mm/yyyy, dd/mm/yyyy HH:mm); anything
 * else (what a person typed, sent back with an error) as it is, so it can be corrected.
 */
export function textOfValue(kind: DateTextKind, value: string | null | undefined): string {
	const text = (value ?? '').trim();
	if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text) && parseDayText(text)) return formatDate('vi', text);
	if (kind === 'month' && MONTH_ISO.test(text) && parseMonthText(text)) {
		const [year, month] = parseMonthText(text)!.split('-');
		return `${month}/${year}`;
	}
	if (kind === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text)) {
		const at = parseMinuteText(text);
		if (at) return `${formatDate('vi', at.day)} ${two(at.hour)}:${two(at.minute)}`;
	}
	return value ?? '';
}
