import type { RequestEvent } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { users } from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { bookSheetNames, exportBookResponse, toXlsxBook } from './book';
import { toXlsx, type ExportTable } from './index';

const units: ExportTable = {
	title: 'Thông tư 01/2018 theo đơn vị, tháng 10/2026',
	filters: [
		{ label: 'Tháng', value: '10/2026' },
		{ label: 'Đơn vị', value: 'Tỉnh Khánh Hòa' }
	],
	columns: [
		{ key: 'unit', header: 'Đơn vị', kind: 'text' },
		{ key: 'i5', header: 'Chỉ số 5 (điểm TB 0–2)', kind: 'number' },
		{ key: 'rate', header: 'Tỷ lệ hài lòng', kind: 'percent' }
	],
	rows: [
		{ unit: 'Phường Bến Nghé', i5: null, rate: 0.9234 },
		{ unit: 'Xã Đạ Tẻh', i5: 1.5, rate: null }
	]
};
const officers: ExportTable = {
	title: 'Thông tư 01/2018 theo cán bộ, tháng 10/2026',
	filters: [{ label: 'Tháng', value: '10/2026' }],
	columns: [
		{ key: 'name', header: 'Họ và tên', kind: 'text' },
		{ key: 'dossiers', header: 'Hồ sơ', kind: 'integer' }
	],
	rows: [{ name: 'Nguyễn Thị Ánh Tuyết', dossiers: 1234 }]
};

async function load(buffer: Uint8Array | ArrayBuffer): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer instanceof Uint8Array ? new Uint8Array(buffer).buffer : buffer);
	return wb;
}

/** Everything a reader sees of a sheet: values, number formats, bold, widths, frozen rows, filter. */
function look(ws: ExcelJS.Worksheet) {
	const cells: unknown[] = [];
	ws.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: true }, (c) => cells.push([c.address, c.value, c.numFmt ?? null, !!c.font?.bold])));
	const widths = Array.from({ length: ws.columnCount }, (_, i) => ws.getColumn(i + 1).width);
	return { cells, widths, views: ws.views.map((v) => ({ state: v.state, ySplit: (v as { ySplit?: number }).ySplit })), autoFilter: ws.autoFilter };
}

describe('a workbook with a sheet per table', () => {
	it('holds each table exactly as its own one-table workbook does, under its sheet name', async () => {
		const book = await load(await toXlsxBook([
			{ name: 'TT01 theo đơn vị', table: units },
			{ name: 'TT01 theo cán bộ', table: officers }
		]));
		expect(book.worksheets.map((w) => w.name)).toEqual(['TT01 theo đơn vị', 'TT01 theo cán bộ']);
		for (const [i, table] of [units, officers].entries()) {
			const single = await load(await toXlsx(table));
			expect(look(book.worksheets[i])).toEqual(look(single.worksheets[0]));
		}
		// and what that means for a reader: title, filters, header, then the rows; no data stays empty
		const ws = book.worksheets[0];
		expect(ws.getCell('A1').value).toBe(units.title);
		expect(ws.getRow(3).values).toEqual([undefined, 'Đơn vị', 'Tỉnh Khánh Hòa']);
		expect(ws.getRow(5).values).toEqual([undefined, 'Đơn vị', 'Chỉ số 5 (điểm TB 0–2)', 'Tỷ lệ hài lòng']);
		expect(ws.getCell('B6').value).toBeNull();
		expect(ws.getCell('C6').value).toBe(0.9234);
		expect(ws.getCell('C6').numFmt).toBe('0.0%');
		expect(ws.getCell('B7').value).toBe(1.5);
		expect(ws.getCell('C7').value).toBeNull();
		expect(book.worksheets[1].getCell('B5').value).toBe(1234);
	});

	it('gives sheets names Excel accepts, unique whatever the case, within 31 characters', () => {
		expect(bookSheetNames(['Xu hướng', 'xu hướng', 'Xu hướng'])).toEqual(['Xu hướng', 'xu hướng (2)', 'Xu hướng (3)']);
		const long = 'Mức độ hài lòng theo 5 yếu tố: SIPAS/2026 [tỉnh]';
		const [a, b] = bookSheetNames([long, long]);
		expect(a).toBe('Mức độ hài lòng theo 5 yếu tố S'); // ':' and '/' are not allowed; 31 characters
		expect(b).toBe('Mức độ hài lòng theo 5 yếu (2)');
		expect(b).not.toMatch(/[[\]:*?/\\]/);
		expect(bookSheetNames([''])).toEqual(['Sheet1']);
	});
});

describe.each(testDatabaseKinds)('a workbook download is audited (%s)', (kind) => {
	let h: DatabaseHandle;
	let userId: number;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		[{ id: userId }] = await h.db.insert(users).values({ username: 'caicach', displayName: 'Phòng Cải cách', passwordHash: 'x' }).returning({ id: users.id });
	});
	afterAll(async () => h?.close());

	it('answers the XLSX as an attachment and writes export.xlsx with the sheets and their rows', async () => {
		const event = {
			url: new URL('http://localhost/app/indices/export?format=xlsx&month=2026-10'),
			locals: { user: { id: userId }, locale: 'vi' },
			getClientAddress: () => '203.0.113.7'
		} as unknown as RequestEvent;
		const res = await exportBookResponse(
			event,
			{ title: 'Chỉ số đánh giá tháng 10/2026 — Tỉnh Khánh Hòa', filters: units.filters },
			[
				{ name: 'TT01 theo đơn vị', table: units },
				{ name: 'TT01 theo cán bộ', table: officers }
			],
			{ type: 'unit', id: 3 }
		);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="Chi_so_danh_gia_thang_10_2026_Tinh_Khanh_Hoa_\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/);
		const body = await res.arrayBuffer();
		expect(res.headers.get('content-length')).toBe(String(body.byteLength));
		expect((await load(body)).worksheets).toHaveLength(2);
		const rows = await h.rows<{ action: string; actor_user_id: number; target_type: string; target_id: string; ip: string; detail: Record<string, unknown> }>(
			sql`select action, actor_user_id, target_type, target_id, ip, detail from audit_log where action like 'export.%' order by id`
		);
		expect(rows).toHaveLength(1);
		expect({ ...rows[0], actor_user_id: Number(rows[0].actor_user_id) }).toEqual({
			action: 'export.xlsx',
			actor_user_id: userId,
			target_type: 'unit',
			target_id: '3',
			ip: '203.0.113.7',
			detail: {
				title: 'Chỉ số đánh giá tháng 10/2026 — Tỉnh Khánh Hòa',
				filters: units.filters,
				rows: 3,
				sheets: [
					{ title: units.title, rows: 2 },
					{ title: officers.title, rows: 1 }
				],
				path: '/app/indices/export'
			}
		});
	});
});
