import {
	instantValue,
	numberValue,
	vietnamWallClock,
	type ColumnKind,
	type ExportTable
} from './table';

const BOM = '\uFEFF';

/**
 * One RFC 4180 field: quoted when it holds a quote, comma, CR or LF (quotes doubled), or when
 * it begins or ends with a space, which some readers would otherwise trim.
 */
export function csvField(value: string): string {
	return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Text cells a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) get a
 * leading apostrophe: names and notes typed by people must never execute in Excel (OWASP
 * "CSV injection"). Only text columns: numbers are written by us.
 */
function neutraliseFormula(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A stable decimal with '.' (no float noise like 0.30000000000000004). */
function decimal(n: number): string {
	return String(Number(n.toPrecision(15)));
}

export function csvCell(kind: ColumnKind, value: unknown): string {
	if (value === null || value === undefined) return '';
	switch (kind) {
		case 'text':
			return neutraliseFormula(String(value));
		case 'integer': {
			const n = numberValue(value);
			return n === null ? '' : String(Math.round(n));
		}
		case 'number':
		case 'percent': {
			// percent columns hold ratios (0–1); the CSV keeps the ratio, like the XLSX cell under its 0.0% format
			const n = numberValue(value);
			return n === null ? '' : decimal(n);
		}
		case 'date': {
			if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
			const d = instantValue(value);
			return d ? vietnamWallClock(d).day : '';
		}
		case 'datetime': {
			const d = instantValue(value);
			if (!d) return '';
			const { day, time } = vietnamWallClock(d);
			return `${day} ${time}`;
		}
	}
}

/**
 * The table as CSV for Excel and for machines: UTF-8 with a byte-order mark (without it Excel
 * reads Vietnamese as Windows-1252), comma separators, CRLF line ends, the header as the first
 * line (no "sep=" or comment lines: a "sep=" line makes Excel ignore the BOM), '.' decimals,
 * dates as YYYY-MM-DD and times in Vietnam time (YYYY-MM-DD HH:mm). The filters are not in the
 * CSV (they would break its one-header layout); they are in the XLSX and in the audit log.
 */
export function toCsv(table: ExportTable): string {
	const lines = [table.columns.map((c) => csvField(c.header)).join(',')];
	for (const row of table.rows)
		lines.push(table.columns.map((c) => csvField(csvCell(c.kind, row[c.key]))).join(','));
	return BOM + lines.join('\r\n') + '\r\n';
}
