import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	asciiFileName,
	contentDisposition,
	csvField,
	exportFileName,
	toCsv,
	toXlsx,
	type ExportTable
} from './index';

const table: ExportTable = {
	title: 'Cán bộ — tháng 10/2026',
	columns: [
		{ key: 'name', header: 'Họ và tên', kind: 'text' },
		{ key: 'note', header: 'Ghi chú, "trích dẫn"', kind: 'text' },
		{ key: 'ratings', header: 'Số đánh giá', kind: 'integer' },
		{ key: 'score', header: 'Điểm', kind: 'number' },
		{ key: 'rate', header: 'Tỷ lệ hài lòng', kind: 'percent' },
		{ key: 'day', header: 'Ngày', kind: 'date' },
		{ key: 'at', header: 'Thời điểm', kind: 'datetime' }
	],
	rows: [
		{
			name: 'Nguyễn Thị Ánh Tuyết',
			note: 'Nhanh, "rất" chu đáo\nlần 2',
			ratings: '140', // postgres.js hands counts over as strings
			score: 0.1 + 0.2,
			rate: 0.9234,
			day: '2026-10-01',
			at: new Date('2026-10-01T01:05:00Z') // 08:05 in Vietnam
		},
		{
			name: 'Trần Văn Đức',
			note: '=HYPERLINK("http://x")',
			ratings: 3,
			score: null,
			rate: null,
			day: new Date('2026-09-30T17:00:00Z'),
			at: '2026-10-02T16:30:00.000Z'
		}
	],
	filters: [
		{ label: 'Đơn vị', value: 'UBND phường Bến Nghé' },
		{ label: 'Kỳ', value: '01/10/2026 – 31/10/2026' }
	]
};

describe('CSV', () => {
	it('starts with a BOM and the header, and round-trips Vietnamese, quotes, commas and newlines', () => {
		const csv = toCsv(table);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv.slice(1).split('\r\n')[0]).toBe(
			'Họ và tên,"Ghi chú, ""trích dẫn""",Số đánh giá,Điểm,Tỷ lệ hài lòng (%),Ngày,Thời điểm'
		);
		const rows: string[][] = parse(csv, { bom: true });
		expect(rows).toEqual([
			[
				'Họ và tên',
				'Ghi chú, "trích dẫn"',
				'Số đánh giá',
				'Điểm',
				'Tỷ lệ hài lòng (%)',
				'Ngày',
				'Thời điểm'
			],
			[
				'Nguyễn Thị Ánh Tuyết',
				'Nhanh, "rất" chu đáo\nlần 2',
				'140',
				'0.3',
				'92.3',
				'2026-10-01',
				'2026-10-01 08:05'
			],
			['Trần Văn Đức', `'=HYPERLINK("http://x")`, '3', '', '', '2026-10-01', '2026-10-02 23:30']
		]);
	});

	it('has a Vietnamese Excel dialect: semicolons, decimal comma, dd/mm/yyyy, rates as percentages', () => {
		const csv = toCsv(table, 'excel-vi');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const rows: string[][] = parse(csv, { bom: true, delimiter: ';' });
		expect(rows[0]).toEqual(['Họ và tên', 'Ghi chú, "trích dẫn"', 'Số đánh giá', 'Điểm', 'Tỷ lệ hài lòng (%)', 'Ngày', 'Thời điểm']);
		expect(rows[1]).toEqual(['Nguyễn Thị Ánh Tuyết', 'Nhanh, "rất" chu đáo\nlần 2', '140', '0,3', '92,3', '01/10/2026', '01/10/2026 08:05']);
		expect(rows[2]).toEqual(['Trần Văn Đức', `'=HYPERLINK("http://x")`, '3', '', '', '01/10/2026', '02/10/2026 23:30']);
		// with semicolons a comma in a text needs no quotes, a semicolon does
		expect(csvField('a;b', ';')).toBe('"a;b"');
		expect(csvField('a,b', ';')).toBe('a,b');
	});

	it('writes every rate as a percentage with one decimal', () => {
		fc.assert(
			fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (r) => {
				const one = { ...table, rows: [{ rate: r }], columns: [table.columns[4]] };
				const cell = toCsv(one).slice(1).split('\r\n')[1];
				expect(cell).toMatch(/^\d{1,3}\.\d$/);
				expect(Math.abs(Number(cell) - r * 100)).toBeLessThanOrEqual(0.05 + 1e-9);
			})
		);
	});

	it('is UTF-8 (Excel needs the BOM bytes EF BB BF)', () => {
		const bytes = new TextEncoder().encode(toCsv(table));
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	});

	it('quotes exactly the fields that need it, and any string survives a round trip', () => {
		expect(csvField('Ánh Tuyết')).toBe('Ánh Tuyết');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('a\r\nb')).toBe('"a\r\nb"');
		expect(csvField(' lead')).toBe('" lead"');
		fc.assert(
			fc.property(
				fc.array(
					fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 2, maxLength: 4 }),
					{ minLength: 1, maxLength: 5 }
				),
				(cells) => {
					const width = cells[0].length;
					const grid = cells.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
					const text = grid.map((r) => r.map((c) => csvField(c)).join(',')).join('\r\n') + '\r\n';
					expect(parse(text, { relax_column_count: false })).toEqual(grid);
				}
			)
		);
	});
});

describe('XLSX', () => {
	it('has the title, the filters, a bold frozen header and the rows with number formats', async () => {
		const buffer = await toXlsx(table);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(buffer as unknown as ArrayBuffer);
		const sheet = wb.worksheets[0];
		expect(sheet.name).toBe('Cán bộ — tháng 10 2026');
		expect(sheet.getCell('A1').value).toBe('Cán bộ — tháng 10/2026');
		expect(sheet.getCell('A1').font?.bold).toBe(true);
		expect([sheet.getCell('A2').value, sheet.getCell('B2').value]).toEqual([
			'Đơn vị',
			'UBND phường Bến Nghé'
		]);
		expect([sheet.getCell('A3').value, sheet.getCell('B3').value]).toEqual([
			'Kỳ',
			'01/10/2026 – 31/10/2026'
		]);
		const header = sheet.getRow(5);
		expect(header.values).toEqual([
			undefined,
			'Họ và tên',
			'Ghi chú, "trích dẫn"',
			'Số đánh giá',
			'Điểm',
			'Tỷ lệ hài lòng',
			'Ngày',
			'Thời điểm'
		]);
		expect(header.font?.bold).toBe(true);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });

		const first = sheet.getRow(6);
		expect(first.getCell(1).value).toBe('Nguyễn Thị Ánh Tuyết');
		expect(first.getCell(2).value).toBe('Nhanh, "rất" chu đáo\nlần 2');
		expect(first.getCell(3).value).toBe(140);
		expect(first.getCell(3).numFmt).toBe('#,##0');
		expect(first.getCell(4).value).toBeCloseTo(0.3, 12);
		expect(first.getCell(5).value).toBe(0.9234);
		expect(first.getCell(5).numFmt).toBe('0.0%');
		expect((first.getCell(6).value as Date).toISOString()).toBe('2026-10-01T00:00:00.000Z');
		expect(first.getCell(6).numFmt).toBe('dd/mm/yyyy');
		// wall-clock Vietnam time, as Excel has no zones
		expect((first.getCell(7).value as Date).toISOString()).toBe('2026-10-01T08:05:00.000Z');
		expect(first.getCell(7).numFmt).toBe('dd/mm/yyyy hh:mm');

		const second = sheet.getRow(7);
		expect(second.getCell(1).value).toBe('Trần Văn Đức');
		expect(second.getCell(2).value).toBe('=HYPERLINK("http://x")'); // a text cell, never a formula
		expect(second.getCell(4).value).toBeNull();
		expect((second.getCell(6).value as Date).toISOString()).toBe('2026-10-01T00:00:00.000Z');
		expect(sheet.rowCount).toBe(7);
		expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual('Nguyễn Thị Ánh Tuyết'.length);
	});

	it('writes an empty table with its header', async () => {
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(
			(await toXlsx({ ...table, rows: [], filters: [] })) as unknown as ArrayBuffer
		);
		const sheet = wb.worksheets[0];
		expect(sheet.getRow(3).getCell(1).value).toBe('Họ và tên');
		expect(sheet.rowCount).toBe(3);
	});
});

describe('file names', () => {
	it('keep Vietnamese in filename* and give an ASCII fallback', () => {
		const name = exportFileName('Báo cáo: tháng 10/2026', 'xlsx', '2026-11-01');
		expect(name).toBe('Báo cáo tháng 10 2026 2026-11-01.xlsx');
		expect(asciiFileName('Đánh giá cán bộ (Ánh).csv')).toBe('Danh_gia_can_bo_Anh_.csv');
		const header = contentDisposition(name);
		expect(header).toBe(
			`attachment; filename="Bao_cao_thang_10_2026_2026-11-01.xlsx"; filename*=UTF-8''${encodeURIComponent('Báo cáo tháng 10 2026 2026-11-01.xlsx')}`
		);
		const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1];
		expect(decodeURIComponent(encoded)).toBe(name);
		expect(contentDisposition("a'(b)*.csv")).toContain("filename*=UTF-8''a%27%28b%29%2A.csv");
	});
});
