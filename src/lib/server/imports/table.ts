import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { MessageKey } from '$lib/i18n';
import { unmarked } from '$lib/vietnamese-fold';

/**
 * The lists a province already has — the statistics office's administrative units, an HR list,
 * the national procedure database's export — as a table of rows: CSV (UTF-8, BOM or not, comma or
 * semicolon) or XLSX (the first sheet). Pure: bytes in, rows with their line numbers out.
 *
 * Each importer names its columns once, with the headers it accepts; headers are compared
 * without case, accents, punctuation or spacing ("Mã TP" = "ma tp" = "MA_TP"; "Tỉnh / Thành Phố" =
 * "tinh_thanh_pho"). The header row is the first row (of the first 20) naming a required column, so
 * an official file's title rows above it are skipped.
 */

export type TableSpec<C extends string = string> = {
	/** column → the headers accepted for it (any spelling; normalised before comparing). */
	columns: Record<C, readonly string[]>;
	/** Columns that must be present (each group: at least one of them). */
	required: readonly (C | readonly C[])[];
	/** At most this many data rows. */
	maxRows: number;
};

export type TableRow<C extends string = string> = { line: number; values: Partial<Record<C, string>> };
export type Table<C extends string = string> = { rows: TableRow<C>[]; ignoredColumns: string[]; headerLine: number };
export type TableProblem = { key: MessageKey; params?: Record<string, string | number> };
export type TableResult<C extends string = string> = { ok: true; table: Table<C> } | { ok: false; problem: TableProblem };

const HEADER_SEARCH_ROWS = 20;

/** "Mã TP" → "ma_tp", "Tỉnh / Thành Phố" → "tinh_thanh_pho", "\\uFEFFMã" → "ma". */
export function normaliseHeader(header: string): string {
	return unmarked(header.replace(/^\uFEFF/, ''))
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

/** The delimiter the first line uses most, outside quotes. */
export function detectDelimiter(text: string): ',' | ';' {
	const firstLine = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
	const count = (c: string) => firstLine.split(c).length - 1;
	return count(';') > count(',') ? ';' : ',';
}

/** The text of a UTF-8 file, or null. A NUL character is no text (PostgreSQL refuses it; a UTF-16 file is full of them). */
export function decodeUtf8(bytes: Uint8Array): string | null {
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return text.includes('\0') ? null : text.replace(/^\uFEFF/, '');
	} catch {
		return null;
	}
}

/** An XLSX file is a ZIP archive: it starts with "PK\3\4". */
export function isXlsx(bytes: Uint8Array): boolean {
	return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Reads a CSV or XLSX file (told apart by its bytes, not its name) into rows of the spec's columns. */
export async function readTable<C extends string>(bytes: Uint8Array, spec: TableSpec<C>): Promise<TableResult<C>> {
	const grid = isXlsx(bytes) ? await xlsxGrid(bytes) : csvGrid(bytes);
	if (!grid.ok) return grid;
	return tableFromGrid(grid.lines, spec);
}

type GridLine = { line: number; cells: string[] };
type Grid = { ok: true; lines: GridLine[] } | { ok: false; problem: TableProblem };

function csvGrid(bytes: Uint8Array): Grid {
	const text = decodeUtf8(bytes);
	if (text === null) return { ok: false, problem: { key: 'imports.fileNotUtf8' } };
	try {
		// With `info`, each record comes with the line where it ended.
		const records = parse(text, {
			delimiter: detectDelimiter(text),
			info: true,
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: true,
			trim: true
		}) as unknown as { record: string[]; info: { lines: number } }[];
		return {
			ok: true,
			lines: records.map(({ record, info }) => ({
				// A quoted field with line breaks starts that many lines before the record's end.
				line: info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0),
				cells: record.map((c) => c.normalize('NFC'))
			}))
		};
	} catch (e) {
		if (e instanceof CsvError) {
			const line = (e as unknown as { lines?: number }).lines ?? 0;
			return { ok: false, problem: { key: 'imports.fileUnreadable', params: { line, reason: e.message } } };
		}
		throw e;
	}
}

async function xlsxGrid(bytes: Uint8Array): Promise<Grid> {
	const book = new ExcelJS.Workbook();
	try {
		await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	} catch (e) {
		return { ok: false, problem: { key: 'imports.xlsxUnreadable', params: { reason: e instanceof Error ? e.message : String(e) } } };
	}
	const sheet = book.worksheets[0];
	if (!sheet) return { ok: false, problem: { key: 'imports.fileEmpty' } };
	const lines: GridLine[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const cells: string[] = [];
		for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
		if (cells.some((c) => c !== '')) lines.push({ line: rowNumber, cells });
	});
	return { ok: true, lines };
}

/**
 * A cell as the text a person sees. A number stays as written (1234, not 1234.0): a code typed as a
 * number has lost its leading zeros, which the importer that knows the code's length restores.
 * A date cell becomes YYYY-MM-DD (the day Excel shows; it stores no time zone).
 */
export function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value.trim().normalize('NFC');
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('').trim().normalize('NFC');
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		if ('text' in value) return String(value.text).trim().normalize('NFC');
		if ('error' in value) return '';
	}
	return String(value).trim();
}

export function tableFromGrid<C extends string>(lines: GridLine[], spec: TableSpec<C>): TableResult<C> {
	const accepted = new Map<string, C>();
	for (const [column, headers] of Object.entries(spec.columns) as [C, readonly string[]][]) {
		accepted.set(normaliseHeader(column), column);
		for (const h of headers) accepted.set(normaliseHeader(h), column);
	}
	const groups = spec.required.map((g) => (typeof g === 'string' ? [g] : [...g]) as C[]);
	const headerIndex = lines
		.slice(0, HEADER_SEARCH_ROWS)
		.findIndex((l) => l.cells.some((c) => groups.some((g) => g.includes(accepted.get(normaliseHeader(c)) as C))));
	if (headerIndex < 0) {
		if (lines.length === 0) return { ok: false, problem: { key: 'imports.fileEmpty' } };
		return { ok: false, problem: { key: 'imports.missingColumns', params: { columns: groups.map((g) => g.join(' / ')).join(', ') } } };
	}
	const header = lines[headerIndex];
	const columnAt = header.cells.map((c) => accepted.get(normaliseHeader(c)) ?? null);
	const present = new Set(columnAt.filter((c): c is C => c !== null));
	const missing = groups.filter((g) => !g.some((c) => present.has(c)));
	if (missing.length > 0) {
		return { ok: false, problem: { key: 'imports.missingColumns', params: { columns: missing.map((g) => g.join(' / ')).join(', ') } } };
	}
	const body = lines.slice(headerIndex + 1);
	if (body.length === 0) return { ok: false, problem: { key: 'imports.fileEmpty' } };
	if (body.length > spec.maxRows) return { ok: false, problem: { key: 'imports.tooManyRows', params: { max: spec.maxRows } } };
	const rows: TableRow<C>[] = [];
	for (const { line, cells } of body) {
		const values: Partial<Record<C, string>> = {};
		columnAt.forEach((column, i) => {
			// The first column of a name wins when a file repeats a header.
			if (column !== null && values[column] === undefined) values[column] = (cells[i] ?? '').trim();
		});
		if (Object.values(values).some((v) => v !== '')) rows.push({ line, values });
	}
	const ignoredColumns = header.cells.filter((c, i) => columnAt[i] === null && c.trim() !== '');
	return { ok: true, table: { rows, ignoredColumns, headerLine: header.line } };
}
