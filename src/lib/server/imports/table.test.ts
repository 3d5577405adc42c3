import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { normaliseHeader, readTable, type TableSpec } from './table';

/** The statistics office's layout: Mã, Tên, Cấp, Mã TP, Tỉnh / Thành Phố. */
const spec: TableSpec<'code' | 'name' | 'kind' | 'provinceCode' | 'provinceName'> = {
	columns: {
		code: ['Mã'],
		name: ['Tên'],
		kind: ['Cấp'],
		provinceCode: ['Mã TP', 'Mã tỉnh'],
		provinceName: ['Tỉnh / Thành Phố', 'Tỉnh thành phố']
	},
	required: ['code', 'name'],
	maxRows: 5
};
const bytes = (text: string) => new TextEncoder().encode(text);

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('Danh sách');
	for (const r of rows) sheet.addRow(r);
	return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('reading a province list', () => {
	it('normalises headers without accents, case, punctuation or spacing', () => {
		expect(normaliseHeader('\uFEFFMã TP')).toBe('ma_tp');
		expect(normaliseHeader('Tỉnh / Thành Phố')).toBe('tinh_thanh_pho');
		expect(normaliseHeader('  ĐẶC KHU ')).toBe('dac_khu');
	});

	it('reads a CSV with a BOM, semicolons, headers with or without accents, and keeps codes as text', async () => {
		const r = await readTable(bytes('\uFEFFMa;Ten;Cap;Ma TP;Tinh / Thanh Pho\n22366;Phường Nha Trang;Phường;56;Tỉnh Khánh Hòa\n\n00004;Phường Ba Đình;Phường;01;Thành phố Hà Nội\n'), spec);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.table.rows).toEqual([
			{ line: 2, values: { code: '22366', name: 'Phường Nha Trang', kind: 'Phường', provinceCode: '56', provinceName: 'Tỉnh Khánh Hòa' } },
			{ line: 4, values: { code: '00004', name: 'Phường Ba Đình', kind: 'Phường', provinceCode: '01', provinceName: 'Thành phố Hà Nội' } }
		]);
	});

	it('gives a quoted field with a line break the line it starts on, and lists ignored columns', async () => {
		const r = await readTable(bytes('Mã,Tên,Ghi chú\n1,"Xã\nMột",x\n2,Xã Hai,y\n'), spec);
		expect(r.ok && r.table.rows.map((x) => x.line)).toEqual([2, 4]);
		expect(r.ok && r.table.ignoredColumns).toEqual(['Ghi chú']);
	});

	it('composes decomposed Vietnamese (NFD) into NFC', async () => {
		const r = await readTable(bytes('Mã,Tên\n1,' + 'Phường Nha Trang'.normalize('NFD') + '\n'), spec);
		expect(r.ok && r.table.rows[0].values.name).toBe('Phường Nha Trang');
	});

	it('reads the first sheet of an XLSX, skipping title rows above the header', async () => {
		const file = await xlsx([
			['DANH MỤC ĐƠN VỊ HÀNH CHÍNH'],
			[],
			['Mã', 'Tên', 'Cấp', 'Mã TP', 'Tỉnh / Thành Phố'],
			['22366', { richText: [{ text: 'Phường ' }, { text: 'Nha Trang' }] }, 'Phường', 56, 'Tỉnh Khánh Hòa'],
			[4, 'Phường Ba Đình', 'Phường', '01', 'Thành phố Hà Nội']
		]);
		const r = await readTable(file, spec);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.table.headerLine).toBe(3);
		expect(r.table.rows[0]).toEqual({ line: 4, values: { code: '22366', name: 'Phường Nha Trang', kind: 'Phường', provinceCode: '56', provinceName: 'Tỉnh Khánh Hòa' } });
		// A code typed as a number has lost its zeros: the importer that knows its length pads it.
		expect(r.table.rows[1].values.code).toBe('4');
	});

	it('refuses, with a reason, what it cannot read', async () => {
		const problem = async (b: Uint8Array) => {
			const r = await readTable(b, spec);
			return r.ok ? null : r.problem.key;
		};
		expect(await problem(bytes('Tên\nXã Một\n'))).toBe('imports.missingColumns');
		expect(await problem(bytes('Mã,Tên\n'))).toBe('imports.fileEmpty');
		expect(await problem(bytes(''))).toBe('imports.fileEmpty');
		expect(await problem(new Uint8Array([0x4d, 0xe3, 0x2c, 0x54, 0xea, 0x6e, 0x0a, 0xff, 0xfe]))).toBe('imports.fileNotUtf8');
		expect(await problem(new TextEncoder().encode('ma,ten\nA\0,B\n'))).toBe('imports.fileNotUtf8'); // NUL: PostgreSQL refuses it
		expect(await problem(bytes('Mã,Tên\n' + Array.from({ length: 6 }, (_, i) => `${i},X${i}`).join('\n')))).toBe('imports.tooManyRows');
		expect(await problem(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe('imports.xlsxUnreadable');
	});
});
