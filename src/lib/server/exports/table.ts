import type { Locale } from '$lib/i18n';
import { VIETNAM_UTC_OFFSET_MS } from '../calendar';

/**
 * The one shape every exported table takes. Headers, title and filter labels arrive already
 * translated (the page's locale); values stay raw: numbers as numbers, ratios as 0–1,
 * instants as Date or ISO strings. The writers format them per `kind`.
 */
export type ColumnKind = 'text' | 'integer' | 'number' | 'percent' | 'date' | 'datetime';

export type ExportColumn = { key: string; header: string; kind: ColumnKind };

/** A cell's raw value: text, a number (a count as postgres.js hands it over), an instant, or empty. */
export type ExportCell = string | number | bigint | Date | null | undefined;
/** A row's cells by column key. */
export type ExportRow = Record<string, ExportCell>;

export type ExportTable = {
	title: string;
	columns: ExportColumn[];
	rows: ExportRow[];
	/** The filters the figures were computed with, shown above the XLSX header and audited. */
	filters: { label: string; value: string }[];
};

export type ExportFormat = 'csv' | 'xlsx';

/** A name in the reader's language: the English one when there is one and they read English. */
export const localName = (locale: Locale, vi: string | null, en: string | null) => (locale === 'en' && en ? en : (vi ?? ''));

/** A finite number from a cell value (postgres.js hands counts over as strings), or null. */
export function numberValue(v: unknown): number | null {
	if (v === null || v === undefined || v === '') return null;
	const n =
		typeof v === 'number'
			? v
			: typeof v === 'bigint'
				? Number(v)
				: typeof v === 'string'
					? Number(v)
					: NaN;
	return Number.isFinite(n) ? n : null;
}

/**
 * An instant from a cell value: a Date, an ISO timestamp, or a calendar day 'YYYY-MM-DD'
 * (read as Vietnam midnight). Null when it is none of those.
 */
export function instantValue(v: unknown): Date | null {
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
	if (typeof v !== 'string' || v === '') return null;
	const d = /^\d{4}-\d{2}-\d{2}$/.test(v)
		? new Date(Date.parse(v + 'T00:00:00Z') - VIETNAM_UTC_OFFSET_MS)
		: new Date(v);
	return Number.isNaN(d.getTime()) ? null : d;
}

/** Vietnam wall-clock parts of an instant, as 'YYYY-MM-DD' and 'HH:mm'. */
export function vietnamWallClock(d: Date): { day: string; time: string } {
	const iso = new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS).toISOString();
	return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
}
