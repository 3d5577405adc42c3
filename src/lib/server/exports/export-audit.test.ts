import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { users } from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { exportFormat, exportResponse, type ExportTable } from './index';

const table: ExportTable = {
	title: 'Đánh giá theo cán bộ',
	columns: [
		{ key: 'name', header: 'Cán bộ', kind: 'text' },
		{ key: 'n', header: 'Số đánh giá', kind: 'integer' }
	],
	rows: [
		{ name: 'Nguyễn Thị Ánh Tuyết', n: 12 },
		{ name: 'Lê Văn Tám', n: 4 }
	],
	filters: [{ label: 'Kỳ', value: 'tháng 10/2026' }]
};

function fakeEvent(userId: number, search = ''): RequestEvent {
	return {
		url: new URL(`http://localhost/app/officers/export${search}`),
		locals: { user: { id: userId }, locale: 'vi' },
		getClientAddress: () => '203.0.113.9'
	} as unknown as RequestEvent;
}

describe.each(testDatabaseKinds)('an export is audited (%s)', (kind) => {
	let h: DatabaseHandle;
	let userId: number;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		[{ id: userId }] = await h.db
			.insert(users)
			.values({ username: 'truongphong', displayName: 'Võ Thị Sáu', passwordHash: 'x' })
			.returning({ id: users.id });
	});
	afterAll(async () => h?.close());

	it('answers the CSV as an attachment and writes export.csv with title, filters and row count', async () => {
		const event = fakeEvent(userId, '?format=csv&from=2026-10-01');
		const res = await exportResponse(event, table, exportFormat(event.url), {
			type: 'unit',
			id: 7
		});
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="Danh_gia_theo_can_bo_\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/
		);
		expect(parse(await res.text(), { bom: true })).toEqual([
			['Cán bộ', 'Số đánh giá'],
			['Nguyễn Thị Ánh Tuyết', '12'],
			['Lê Văn Tám', '4']
		]);
		const rows = await h.rows<{
			action: string;
			actor_user_id: number;
			target_type: string;
			target_id: string;
			detail: Record<string, unknown>;
			ip: string;
		}>(
			sql`select action, actor_user_id, target_type, target_id, detail, ip from audit_log where action like 'export.%' order by id`
		);
		expect(rows).toHaveLength(1);
		expect({ ...rows[0], actor_user_id: Number(rows[0].actor_user_id) }).toEqual({
			action: 'export.csv',
			actor_user_id: userId,
			target_type: 'unit',
			target_id: '7',
			ip: '203.0.113.9',
			detail: {
				title: 'Đánh giá theo cán bộ',
				filters: [{ label: 'Kỳ', value: 'tháng 10/2026' }],
				rows: 2,
				dialect: 'standard',
				path: '/app/officers/export'
			}
		});
	});

	it('answers the XLSX and writes export.xlsx', async () => {
		const event = fakeEvent(userId, '?format=xlsx');
		const res = await exportResponse(event, table, exportFormat(event.url));
		expect(res.headers.get('content-type')).toBe(
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
		);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		expect(wb.worksheets[0].getRow(5).values).toEqual([undefined, 'Nguyễn Thị Ánh Tuyết', 12]);
		const [last] = await h.rows<{ action: string; detail: { rows: number } }>(
			sql`select action, detail from audit_log order by id desc limit 1`
		);
		expect(last.action).toBe('export.xlsx');
		expect(last.detail.rows).toBe(2);
	});

	it('refuses an unknown format with a 400 before anything is written', async () => {
		const before = await h.rows<{ n: number }>(sql`select count(*) as n from audit_log`);
		expect(() => exportFormat(new URL('http://localhost/x?format=pdf'))).toThrow(
			expect.objectContaining({ status: 400 })
		);
		const after = await h.rows<{ n: number }>(sql`select count(*) as n from audit_log`);
		expect(Number(after[0].n)).toBe(Number(before[0].n));
	});
});
