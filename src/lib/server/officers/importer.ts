import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { db } from '../db';
import { zodProblems, type FieldProblem } from '../dossiers/errors';
import type { Importer, RowProblem } from '../imports/session';
import type { TableRow } from '../imports/table';
import { officerItemSchema, type OfficerItem } from './schema';
import { prepareOfficers, writeOfficers, type IndexedOfficer } from './upsert';

/**
 * The HR list (danh sách cán bộ, công chức, viên chức) as a CSV or XLSX file: one officer per row
 * with their current posting. Each row becomes the item the integration API takes (one posting)
 * and goes through the same schema and the same checks; re-importing the file changes nothing, and
 * a row whose unit changed is a transfer from its "from" day (the previous posting ends the day
 * before).
 */

export type OfficerColumn = 'staffNumber' | 'fullName' | 'title' | 'titleEn' | 'unitCode' | 'position' | 'positionEn' | 'from' | 'to' | 'username' | 'active';

export const OFFICER_COLUMNS: Record<OfficerColumn, readonly string[]> = {
	staffNumber: ['Số hiệu', 'Số hiệu cán bộ', 'Mã cán bộ', 'Mã số cán bộ', 'Mã CBCCVC', 'Mã số', 'staff_number'],
	fullName: ['Họ và tên', 'Họ tên', 'full_name'],
	title: ['Chức danh', 'Ngạch', 'title', 'title_vi'],
	titleEn: ['Chức danh tiếng Anh', 'title_en'],
	unitCode: ['Mã đơn vị', 'Mã cơ quan', 'unit_code'],
	position: ['Vị trí công tác', 'Vị trí', 'Vị trí việc làm', 'Chức vụ', 'position', 'position_vi'],
	positionEn: ['Vị trí tiếng Anh', 'position_en'],
	from: ['Từ ngày', 'Ngày bắt đầu', 'Ngày nhận công tác', 'from', 'start_date'],
	to: ['Đến ngày', 'Ngày kết thúc', 'to', 'end_date'],
	username: ['Tên đăng nhập', 'Tài khoản', 'username'],
	active: ['Đang làm việc', 'active']
};

/** The item's field (as the API names it) → the file's column. */
const COLUMN_OF: Record<string, OfficerColumn> = {
	staffNumber: 'staffNumber',
	fullName: 'fullName',
	titleVi: 'title',
	titleEn: 'titleEn',
	active: 'active',
	username: 'username',
	postings: 'unitCode',
	'postings[0].unitCode': 'unitCode',
	'postings[0].positionVi': 'position',
	'postings[0].positionEn': 'positionEn',
	'postings[0].from': 'from',
	'postings[0].to': 'to'
};

/** Column names as the sample file and the page write them. */
export const columnLabel = (locale: Locale, column: OfficerColumn) => translate(locale, `officers.import.col.${column}` as MessageKey);

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** A row as the API item it stands for (still unchecked). */
export function rowItem(values: TableRow<OfficerColumn>['values']) {
	return {
		staffNumber: values.staffNumber,
		fullName: values.fullName,
		titleVi: blankToUndefined(values.title),
		titleEn: blankToUndefined(values.titleEn),
		active: blankToUndefined(values.active),
		postings: [
			{
				unitCode: values.unitCode,
				positionVi: values.position,
				positionEn: blankToUndefined(values.positionEn),
				from: values.from,
				to: blankToUndefined(values.to)
			}
		],
		username: blankToUndefined(values.username)
	};
}

function rowProblem(line: number, p: FieldProblem, locale: Locale): RowProblem {
	const column = COLUMN_OF[p.field];
	return { line, column: column ? columnLabel(locale, column) : p.field, message: translate(locale, p.key, p.params) };
}

export const officerImporter: Importer<OfficerItem, OfficerColumn> = {
	kind: 'officers',
	table: { columns: OFFICER_COLUMNS, required: ['staffNumber', 'fullName', 'unitCode', 'position', 'from'], maxRows: 20_000 },
	batchSize: 500,
	async check(rows, ctx, database = db) {
		const entries: IndexedOfficer[] = [];
		const problems: RowProblem[] = [];
		for (const row of rows) {
			const parsed = officerItemSchema.safeParse(rowItem(row.values));
			if (parsed.success) entries.push({ index: row.line, item: parsed.data });
			else problems.push(...zodProblems(parsed.error).map((p) => rowProblem(row.line, p, ctx.locale)));
		}
		const checked = await prepareOfficers(database, entries, ctx.scope, { source: 'file' });
		problems.push(...checked.problems.map((p) => rowProblem(p.index, p, ctx.locale)));
		const items = new Map(entries.map((e) => [e.index, e.item]));
		return { valid: checked.rows.map((r) => ({ line: r.index, item: items.get(r.index)! })), problems };
	},
	async write(tx, batch, ctx) {
		// checked again under lock: a posting may have changed since the preview
		const checked = await prepareOfficers(
			tx,
			batch.map((b) => ({ index: b.line, item: b.item })),
			ctx.scope,
			{ lock: true, source: 'file' }
		);
		const results = await writeOfficers(tx, checked.rows);
		const count = (r: string) => results.filter((x) => x.result === r).length;
		return { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), skipped: new Set(checked.problems.map((p) => p.index)).size };
	},
	show: (item) => {
		const posting = item.postings?.[0];
		return {
			staffNumber: item.staffNumber,
			fullName: item.fullName,
			title: item.titleVi ?? '',
			unitCode: posting?.unitCode ?? '',
			position: posting?.positionVi ?? '',
			from: posting?.from ?? '',
			to: posting?.to ?? ''
		};
	}
};

/**
 * A sample HR list in the layout the importer reads (semicolons and a byte-order mark, as Excel
 * in Vietnamese saves "CSV UTF-8"), with one of the user's own unit codes so it imports as it is.
 */
export function officerSampleCsv(unitCode: string): string {
	const rows = [
		['Số hiệu', 'Họ và tên', 'Chức danh', 'Mã đơn vị', 'Vị trí công tác', 'Từ ngày', 'Đến ngày', 'Tên đăng nhập'],
		['CB-0001', 'Nguyễn Thị Hồng Nhung', 'Chuyên viên', unitCode, 'Công chức Bộ phận Một cửa', '01/07/2025', '', ''],
		['CB-0002', 'Trần Văn Đức', 'Chuyên viên chính', unitCode, 'Phó Trưởng Bộ phận Một cửa', '01/07/2025', '', '']
	];
	const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	return '\uFEFF' + rows.map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}
