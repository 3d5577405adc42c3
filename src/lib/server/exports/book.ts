import ExcelJS from 'exceljs';
import type { RequestEvent } from '@sveltejs/kit';
import { audit } from '../audit';
import { localDate } from '../calendar';
import { clientIp } from '../http';
import { contentDisposition, EXPORT_CONTENT_TYPES, exportFileName } from './response';
import { sheetName, toXlsx } from './xlsx';
import type { ExportTable } from './table';

/**
 * Several tables of one page as one Excel workbook, a sheet per table: what a reform team
 * attaches to a report. Each sheet is exactly the one-table workbook `toXlsx` writes (title,
 * filters, frozen header with auto-filter, number formats, widths), so the two never drift.
 */

export type BookSheet = { name: string; table: ExportTable };

/** Sheet names Excel accepts (31 characters, no []:*?/\), unique regardless of case. */
export function bookSheetNames(names: readonly string[]): string[] {
	const taken = new Set<string>();
	return names.map((wanted) => {
		const base = sheetName(wanted);
		let name = base;
		for (let n = 2; taken.has(name.toLocaleLowerCase('vi')); n++) {
			const suffix = ` (${n})`;
			name = base.slice(0, 31 - suffix.length).trimEnd() + suffix;
		}
		taken.add(name.toLocaleLowerCase('vi'));
		return name;
	});
}

export async function toXlsxBook(sheets: readonly BookSheet[]): Promise<Buffer> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Hài lòng';
	book.created = new Date();
	const names = bookSheetNames(sheets.map((s) => s.name));
	for (const [i, { table }] of sheets.entries()) {
		const single = new ExcelJS.Workbook();
		await single.xlsx.load(new Uint8Array(await toXlsx(table)).buffer);
		const sheet = book.addWorksheet(names[i]);
		// the sheet's model carries cells, styles, number formats, widths, view and auto-filter
		sheet.model = { ...single.worksheets[0].model, id: sheet.id, name: names[i] };
	}
	return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The workbook as a download, audited as `export.xlsx` (the book's title and filters, and each
 * sheet's title and row count) before a byte is sent. Like `exportResponse`, the caller has
 * already run the page's guard and loader.
 */
export async function exportBookResponse(
	event: RequestEvent,
	book: { title: string; filters: ExportTable['filters'] },
	sheets: readonly BookSheet[],
	auditTarget?: { type: string; id: string | number }
): Promise<Response> {
	const body = new Uint8Array(await toXlsxBook(sheets));
	await audit({ userId: event.locals.user?.id ?? null, ip: clientIp(event) }, 'export.xlsx', auditTarget, {
		title: book.title,
		filters: book.filters,
		rows: sheets.reduce((n, s) => n + s.table.rows.length, 0),
		sheets: sheets.map((s) => ({ title: s.table.title, rows: s.table.rows.length })),
		path: event.url.pathname
	});
	return new Response(body, {
		headers: {
			'content-type': EXPORT_CONTENT_TYPES.xlsx,
			'content-disposition': contentDisposition(exportFileName(book.title, 'xlsx', localDate(new Date()))),
			'content-length': String(body.byteLength),
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
