import { translate } from '$lib/i18n';
import type { Importer, RowProblem } from '../imports/session';
import { handlingTimeText, PROCEDURE_MODE_TEXT } from './parse';
import { checkProcedures, validateProcedureItems, writeProcedures, type PreparedProcedure } from './upsert';

/**
 * The national procedure database's export (CSV or XLSX), or a province's list in its layout:
 * one row per procedure. Rows become the API's items and go through the same checks; a field
 * (lĩnh vực) not yet known is created from its name. Re-importing the same file changes nothing;
 * facts the file does not carry (an absent column or an empty cell) keep what is stored.
 */

const COLUMNS = {
	code: ['Mã thủ tục', 'Mã TTHC', 'Mã thủ tục hành chính', 'Mã số'],
	name: ['Tên thủ tục', 'Tên TTHC', 'Tên thủ tục hành chính'],
	nameEn: ['Tên tiếng Anh', 'Name (English)'],
	field: ['Lĩnh vực', 'Tên lĩnh vực'],
	level: ['Cấp thực hiện'],
	time: ['Thời hạn giải quyết', 'Thời gian giải quyết'],
	online: ['Mức độ', 'Dịch vụ công trực tuyến', 'Mức độ dịch vụ công trực tuyến', 'Mức độ DVC'],
	mode: ['Cơ chế', 'Cơ chế thực hiện', 'Liên thông'],
	posted: ['Niêm yết tại Bộ phận Một cửa', 'Niêm yết'],
	published: ['Công khai trên Cổng Dịch vụ công', 'Công khai trực tuyến', 'Đăng tải trực tuyến'],
	units: ['Mã đơn vị thực hiện', 'Mã cơ quan thực hiện', 'Mã đơn vị']
} as const;
type Column = keyof typeof COLUMNS;

/** The item field each column fills, and the header a problem is reported under. */
const ITEM_FIELD: Record<Column, string> = {
	code: 'code',
	name: 'nameVi',
	nameEn: 'nameEn',
	field: 'field',
	level: 'levelVi',
	time: 'handlingTime',
	online: 'onlineLevel',
	mode: 'mode',
	posted: 'postedAtDesk',
	published: 'publishedOnline',
	units: 'unitCodes'
};
const HEADER_OF_FIELD = new Map(Object.entries(ITEM_FIELD).map(([column, field]) => [field, COLUMNS[column as Column][0] as string]));

export const PROCEDURE_IMPORT_MAX_ROWS = 20_000;

const ONLINE_TEXT = { 0: 'Không', 1: 'Một phần', 2: 'Toàn trình' } as const;

export const procedureImporter: Importer<PreparedProcedure, Column> = {
	kind: 'procedures',
	table: { columns: COLUMNS, required: ['code', 'name', 'field', 'time'], maxRows: PROCEDURE_IMPORT_MAX_ROWS },
	async check(rows, ctx, database) {
		const items = rows.map((r) => {
			const item: Record<string, string> = {};
			for (const [column, value] of Object.entries(r.values) as [Column, string][]) item[ITEM_FIELD[column]] = value;
			return item;
		});
		const { entries, problems: invalid } = validateProcedureItems(items);
		const checked = await checkProcedures(database!, entries, ctx.scope, { lines: rows.map((r) => r.line) });
		const problems: RowProblem[] = [...invalid, ...checked.problems].map((p) => ({
			line: rows[p.index].line,
			column: HEADER_OF_FIELD.get(p.field) ?? p.field,
			message: translate(ctx.locale, p.key, p.params)
		}));
		return { valid: checked.rows.map((row) => ({ line: rows[row.index].line, item: row })), problems };
	},
	async write(tx, batch) {
		const results = await writeProcedures(
			tx,
			batch.map((b) => b.item)
		);
		const count = (r: string) => results.filter((x) => x.result === r).length;
		return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), skipped: 0 };
	},
	show: ({ record }) => ({
		code: record.code,
		name: record.nameVi,
		field: record.field,
		level: record.levelVi ?? '',
		time: handlingTimeText(record.handling),
		online: record.onlineLevel === undefined || record.onlineLevel === null ? '' : ONLINE_TEXT[record.onlineLevel],
		mode: record.mode ? PROCEDURE_MODE_TEXT[record.mode] : ''
	})
};
