import { CsvError, parse } from 'csv-parse/sync';
import { decodeUtf8, detectDelimiter, normaliseHeader } from '../imports/table';
import type { MessageKey } from '$lib/i18n';
import { parseDayText } from '$lib/date-text';
import { acceptedRangeParams, isAcceptedInstant } from '../calendar/accepted';
import { zodProblems, problem, type FieldProblem } from './errors';
import { dossierItemSchema, instantFromParts, type DossierRecord } from './schema';
import { VIETNAM_UTC_OFFSET_MINUTES } from '../rules';

/**
 * CSV files of dossiers, as exported from a one-stop system or typed in a spreadsheet: UTF-8 with
 * or without BOM, comma or semicolon, a header row. Pure: bytes in, rows and problems out.
 */

/** Column → dossier field. Headers are matched without case, accents or spacing ("Mã hồ sơ" = ma_ho_so). */
export const CSV_COLUMNS = {
	ma_ho_so: 'code',
	ma_thu_tuc: 'procedureCode',
	ma_don_vi: 'unitCode',
	kenh: 'channel',
	trang_thai: 'status',
	ngay_tiep_nhan: 'receivedAt',
	han_tra: 'dueAt',
	ngay_co_ket_qua: 'completedAt',
	ngay_tra: 'returnedAt',
	can_bo_tiep_nhan: 'receivingOfficer',
	can_bo_tra: 'returningOfficer',
	so_lan_di_lai: 'extraVisits',
	so_co_quan: 'agenciesCount'
} as const satisfies Record<string, keyof DossierRecord>;

export type CsvColumn = keyof typeof CSV_COLUMNS;
export const REQUIRED_COLUMNS: CsvColumn[] = ['ma_ho_so', 'ma_thu_tuc', 'ngay_tiep_nhan'];
const DATE_COLUMNS = new Set<CsvColumn>(['ngay_tiep_nhan', 'han_tra', 'ngay_co_ket_qua', 'ngay_tra']);
const INTEGER_COLUMNS = new Set<CsvColumn>(['so_lan_di_lai', 'so_co_quan']);
const COLUMN_OF_FIELD = new Map(Object.entries(CSV_COLUMNS).map(([column, field]) => [field as string, column as CsvColumn]));

export const MAX_CSV_ROWS = 20_000;

export type CsvRow = { line: number; values: Partial<Record<CsvColumn, string>> };
export type CsvFile = { rows: CsvRow[]; ignoredColumns: string[] };
export type CsvFileProblem = { key: MessageKey; params?: Record<string, string | number> };

export function parseDossierCsv(bytes: Uint8Array): { ok: true; file: CsvFile } | { ok: false; problem: CsvFileProblem } {
	const text = decodeUtf8(bytes)?.normalize('NFC') ?? null;
	if (text === null) return { ok: false, problem: { key: 'dossiers.import.fileNotUtf8' } };
	let records: { record: string[]; info: { lines: number } }[];
	try {
		// With `info`, each record comes with where it ended in the file.
		records = parse(text, { delimiter: detectDelimiter(text), info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
	} catch (e) {
		if (e instanceof CsvError) {
			const line = (e as unknown as { lines?: number }).lines ?? 0;
			return { ok: false, problem: { key: 'dossiers.import.fileUnreadable', params: { line, reason: e.message } } };
		}
		throw e;
	}
	const [header, ...body] = records;
	if (!header || body.length === 0) return { ok: false, problem: { key: 'dossiers.import.fileEmpty' } };
	const names = header.record.map(normaliseHeader);
	const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
	if (missing.length > 0) return { ok: false, problem: { key: 'dossiers.import.missingColumns', params: { columns: missing.join(', ') } } };
	if (body.length > MAX_CSV_ROWS) return { ok: false, problem: { key: 'dossiers.import.tooManyRows', params: { max: MAX_CSV_ROWS } } };
	const rows = body
		.map(({ record, info }) => ({ line: startLine(record, info.lines), values: rowValues(names, record) }))
		.filter((row) => Object.values(row.values).some((v) => v !== ''));
	const ignoredColumns = header.record.filter((_, i) => !(names[i] in CSV_COLUMNS) && names[i] !== '');
	return { ok: true, file: { rows, ignoredColumns } };
}

/** csv-parse reports where a record ends; a quoted field with line breaks starts earlier. */
function startLine(record: string[], endLine: number): number {
	return endLine - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
}

function rowValues(names: string[], record: string[]): CsvRow['values'] {
	const values: CsvRow['values'] = {};
	names.forEach((name, i) => {
		if (name in CSV_COLUMNS) values[name as CsvColumn] = record[i] ?? '';
	});
	return values;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "YYYY-MM-DD HH:mm" or "DD/MM/YYYY HH:mm" (seconds optional), Vietnam time; the day read by the
 * app's one date parser ($lib/date-text). A date without a time means the start of the day, except
 * for a due date, which means the end of office hours (17:00).
 */
export function parseLocalDateTime(text: string, dateOnlyHour = 0): Date | undefined {
	const [dayText, timeText, ...rest] = text.trim().split(/\s+|(?<=\d)T(?=\d)/);
	const day = parseDayText(dayText);
	const time = timeText === undefined ? [dateOnlyHour, 0, 0] : TIME.exec(timeText)?.slice(1).map((v) => Number(v ?? 0));
	if (day === null || time === undefined || rest.length > 0) return undefined;
	const [y, mo, d] = day.split('-').map(Number);
	return instantFromParts(y, mo, d, time[0], time[1], time[2], 0, VIETNAM_UTC_OFFSET_MINUTES);
}

/**
 * One CSV row as a dossier record; problems name the CSV column. An empty ma_don_vi is the
 * unit chosen on the page, an empty kenh is a counter dossier.
 */
export function rowToRecord(row: CsvRow, defaultUnitCode: string): { record?: DossierRecord; problems: FieldProblem[] } {
	const problems: FieldProblem[] = [];
	const item: Record<string, unknown> = { unitCode: defaultUnitCode, channel: 'counter' };
	for (const [column, raw] of Object.entries(row.values) as [CsvColumn, string][]) {
		if (raw === '') continue;
		const field = CSV_COLUMNS[column];
		if (DATE_COLUMNS.has(column)) {
			const date = parseLocalDateTime(raw, column === 'han_tra' ? 17 : 0);
			if (!date) problems.push(problem(column, 'dossiers.error.csvDate'));
			else if (!isAcceptedInstant(date)) problems.push(problem(column, 'input.dateRange', acceptedRangeParams()));
			else item[field] = date.toISOString();
		} else if (INTEGER_COLUMNS.has(column)) {
			item[field] = /^\d{1,6}$/.test(raw) ? Number(raw) : raw;
		} else item[field] = raw;
	}
	const parsed = dossierItemSchema.safeParse(item);
	if (!parsed.success) {
		const failedDates = new Set(problems.map((p) => p.field));
		for (const p of zodProblems(parsed.error)) {
			const column = columnOf(p.field);
			if (!failedDates.has(column)) problems.push({ ...p, field: column });
		}
	}
	return problems.length > 0 || !parsed.success ? { problems } : { record: parsed.data, problems };
}

export function columnOf(field: string): string {
	return COLUMN_OF_FIELD.get(field) ?? field;
}
