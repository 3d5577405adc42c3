import ExcelJS from 'exceljs';
import { VIETNAM_UTC_OFFSET_MS } from '../calendar';
import { instantValue, numberValue, type ColumnKind, type ExportTable } from './table';

/** Excel number formats per column kind (dates as Vietnamese read them, day first). */
export const XLSX_NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
	text: undefined,
	integer: '#,##0',
	number: '#,##0.00',
	percent: '0.0%',
	date: 'dd/mm/yyyy',
	datetime: 'dd/mm/yyyy hh:mm'
};

/** Characters Excel refuses in a sheet name, and its 31-character limit. */
export function sheetName(title: string): string {
	const name = title
		.replace(/[[\]:*?/\\]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 31)
		.trim();
	return name || 'Sheet1';
}

/**
 * Excel has no time zones: a cell holds wall-clock time. exceljs writes a Date's UTC fields,
 * so the instant is shifted by Vietnam's offset to show the time people saw on the clock.
 */
function wallClockDate(d: Date): Date {
	return new Date(d.getTime() + VIETNAM_UTC_OFFSET_MS);
}

function xlsxCell(kind: ColumnKind, value: unknown): ExcelJS.CellValue {
	if (value === null || value === undefined) return null;
	switch (kind) {
		case 'text':
			return String(value);
		case 'integer':
		case 'number':
		case 'percent':
			return numberValue(value);
		case 'date': {
			// a calendar day stays that day: UTC midnight of it, whatever zone the server runs in
			if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
				return new Date(value + 'T00:00:00Z');
			const d = instantValue(value);
			return d ? new Date(wallClockDate(d).toISOString().slice(0, 10) + 'T00:00:00Z') : null;
		}
		case 'datetime': {
			const d = instantValue(value);
			return d ? wallClockDate(d) : null;
		}
	}
}

function displayWidth(kind: ColumnKind, value: unknown): number {
	if (value === null || value === undefined) return 0;
	if (kind === 'date') return 10;
	if (kind === 'datetime') return 16;
	if (kind === 'percent') return 7;
	if (kind === 'integer' || kind === 'number') {
		const n = numberValue(value);
		return n === null
			? 0
			: Math.round(Math.abs(n)).toLocaleString('en').length + (kind === 'number' ? 4 : 0);
	}
	return Math.max(
		...String(value)
			.split(/\r?\n/)
			.map((l) => l.length)
	);
}

/**
 * The table as an Excel workbook: the title in row 1, the filters applied one per row under
 * it (label, value), an empty row, then a bold header that stays frozen while scrolling and
 * carries an auto-filter, then the rows with a number format per column kind.
 */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Hài lòng';
	workbook.created = new Date();
	const sheet = workbook.addWorksheet(sheetName(table.title));

	const titleRow = sheet.addRow([table.title]);
	titleRow.font = { bold: true, size: 14 };
	for (const f of table.filters) {
		const row = sheet.addRow([f.label, f.value]);
		row.getCell(1).font = { italic: true };
	}
	sheet.addRow([]);

	const header = sheet.addRow(table.columns.map((c) => c.header));
	header.font = { bold: true };
	header.alignment = { vertical: 'top', wrapText: true };
	header.eachCell((cell) => {
		cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F1ED' } };
		cell.border = { bottom: { style: 'thin' } };
	});
	const headerNumber = header.number;
	sheet.views = [{ state: 'frozen', ySplit: headerNumber, xSplit: 0 }];
	if (table.columns.length)
		sheet.autoFilter = {
			from: { row: headerNumber, column: 1 },
			to: { row: headerNumber, column: table.columns.length }
		};

	for (const r of table.rows) sheet.addRow(table.columns.map((c) => xlsxCell(c.kind, r[c.key])));

	table.columns.forEach((c, i) => {
		const column = sheet.getColumn(i + 1);
		const format = XLSX_NUMBER_FORMATS[c.kind];
		// number formats on the data cells only, so the title and filter rows above stay text
		if (format)
			for (let n = headerNumber + 1; n <= sheet.rowCount; n++)
				sheet.getCell(n, i + 1).numFmt = format;
		const widest = Math.max(
			c.header.length,
			...table.rows.map((r) => displayWidth(c.kind, r[c.key]))
		);
		column.width = Math.min(60, Math.max(8, widest + 2));
	});
	// the filter labels in column A need room even when the first data column is narrow
	if (table.filters.length) {
		const first = sheet.getColumn(1);
		first.width = Math.min(
			60,
			Math.max(first.width ?? 8, ...table.filters.map((f) => f.label.length + 2))
		);
	}

	return Buffer.from(await workbook.xlsx.writeBuffer());
}
