import {
	instantValue,
	numberValue,
	vietnamWallClock,
	type ColumnKind,
	type ExportTable
} from './table';

const BOM = '\uFEFF';

/**
 * Two CSV dialects. `standard` is for machines and English spreadsheets: comma separators, '.'
 * decimals, ISO dates (YYYY-MM-DD, times HH:mm in Vietnam time). `excel-vi` is what Excel opens
 * with Vietnamese regional settings on a double click: semicolon separators, decimal comma, dates
 * dd/mm/yyyy. Both: UTF-8 with a BOM, CRLF, the header first, rates as percentages with one
 * decimal under a header that ends in "(%)", other numbers (points, means) as short as they are
 * exact to 15 digits (no float noise like 0.30000000000000004).
 */
export type CsvDialect = 'standard' | 'excel-vi';
const SEPARATOR: Record<CsvDialect, string> = { standard: ',', 'excel-vi': ';' };
export const PERCENT_DECIMALS = 1;

/**
 * One RFC 4180 field: quoted when it holds a quote, the separator, CR or LF (quotes doubled), or
 * when it begins or ends with a space, which some readers would otherwise trim.
 */
export function csvField(value: string, separator = ','): string {
	const needs = value.includes(separator) || /["\r\n]|^\s|\s$/.test(value);
	return needs ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Text cells a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) get a
 * leading apostrophe: names and notes typed by people must never execute in Excel (OWASP
 * "CSV injection"). Only text columns: numbers are written by us.
 */
function neutraliseFormula(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function fixed(n: number, digits: number, dialect: CsvDialect): string {
	const text = (Object.is(Math.round(n * 10 ** digits), -0) ? 0 : n).toFixed(digits);
	return dialect === 'excel-vi' ? text.replace('.', ',') : text;
}

export function csvCell(kind: ColumnKind, value: unknown, dialect: CsvDialect = 'standard'): string {
	if (value === null || value === undefined) return '';
	const day = (iso: string) => (dialect === 'excel-vi' ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);
	switch (kind) {
		case 'text':
			return neutraliseFormula(String(value));
		case 'integer': {
			const n = numberValue(value);
			return n === null ? '' : String(Math.round(n));
		}
		case 'number': {
			const n = numberValue(value);
			if (n === null) return '';
			const text = String(Number(n.toPrecision(15)));
			return dialect === 'excel-vi' ? text.replace('.', ',') : text;
		}
		case 'percent': {
			// percent columns hold ratios (0–1); the CSV writes the percentage (92.3 for 0.923)
			const n = numberValue(value);
			return n === null ? '' : fixed(n * 100, PERCENT_DECIMALS, dialect);
		}
		case 'date': {
			if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
			const d = instantValue(value);
			return d ? day(vietnamWallClock(d).day) : '';
		}
		case 'datetime': {
			const d = instantValue(value);
			if (!d) return '';
			const wall = vietnamWallClock(d);
			return `${day(wall.day)} ${wall.time}`;
		}
	}
}

/** A percent column's header says its unit: "Tỷ lệ hài lòng (%)". */
export function csvHeader(kind: ColumnKind, header: string): string {
	return kind === 'percent' && !header.includes('%') ? `${header} (%)` : header;
}

/**
 * The table as CSV in one of the two dialects. No "sep=" or comment lines (a "sep=" line makes
 * Excel ignore the BOM); the filters are not in the CSV (they would break its one-header layout):
 * they are in the XLSX and in the audit log.
 */
export function toCsv(table: ExportTable, dialect: CsvDialect = 'standard'): string {
	const sep = SEPARATOR[dialect];
	const lines = [table.columns.map((c) => csvField(csvHeader(c.kind, c.header), sep)).join(sep)];
	for (const row of table.rows)
		lines.push(table.columns.map((c) => csvField(csvCell(c.kind, row[c.key], dialect), sep)).join(sep));
	return BOM + lines.join('\r\n') + '\r\n';
}
