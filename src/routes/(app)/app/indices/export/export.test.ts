import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { localTime } from '$lib/server/calendar/working-days';
import { useDatabase, type Db } from '$lib/server/db';
import type { DatabaseHandle } from '$lib/server/db/client';
import * as s from '$lib/server/db/schema';
import { openTestDatabase, testDatabaseKinds } from '$lib/server/db/testing';
import { GET as indicesExport } from './+server';
import { GET as lateExport } from '../../late/export/+server';

/**
 * The indices and late-dossier export routes on a small province: unit A has 105 dossiers due in
 * October 2026 and completed a day late (more than the late list's page of 100; the first 5 with
 * an apology letter in time), unit B one on time and one late, unit Q (another province) one late.
 * The reform office of the province downloads them; what it gets is what the pages show, every
 * row of the filter, nothing outside its scope, and each download is in the audit log.
 */

async function unit(db: Db, code: string, nameVi: string, parent: { id: number; path: string } | null) {
	const [u] = await db.insert(s.units).values({ code, nameVi, level: parent ? 'commune' : 'province', path: '/0/', parentId: parent?.id ?? null }).returning();
	const path = `${parent?.path ?? '/'}${u.id}/`;
	await db.update(s.units).set({ path }).where(eq(s.units.id, u.id));
	return { id: u.id, path };
}

describe.each(testDatabaseKinds)('indices and late-dossier exports (%s)', (kind) => {
	let h: DatabaseHandle;
	let user: SessionUser;
	let P: { id: number; path: string }, A: typeof P, B: typeof P, Q: typeof P;

	const call = async <E,>(handler: (event: E) => Response | Promise<Response>, path: string, who: SessionUser | null = user): Promise<Response> => {
		const event = {
			url: new URL(`http://localhost${path}`),
			params: {},
			locals: { user: who, locale: 'vi' },
			getClientAddress: () => '203.0.113.20'
		} as unknown as E;
		try {
			return await handler(event);
		} catch (e) {
			// error() and redirect() throw: answer them as SvelteKit would
			const thrown = e as { status?: number; location?: string; body?: { message?: string } };
			if (typeof thrown.status !== 'number') throw e;
			return new Response(thrown.body?.message ?? null, { status: thrown.status, headers: thrown.location ? { location: thrown.location } : {} });
		}
	};
	const csv = async (res: Response) => parse(await res.text(), { bom: true }) as string[][];
	const exportsAudited = async () =>
		h.rows<{ action: string; target_type: string; target_id: string; detail: { title: string; rows: number; path: string; filters: { label: string; value: string }[] } }>(
			sql`select action, target_type, target_id, detail from audit_log where action like 'export.%' order by id`
		);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const db = h.db;
		P = await unit(db, 'P', 'Tỉnh Thử', null);
		A = await unit(db, 'PA', 'Phường Ánh Dương', P);
		B = await unit(db, 'PB', 'Xã Đạ Tẻh', P);
		Q = await unit(db, 'Q', 'Tỉnh Khác', null);
		const [field] = await db.insert(s.fields).values({ code: 'HT', nameVi: 'Hộ tịch' }).returning();
		const [proc] = await db
			.insert(s.procedures)
			.values({ code: 'KS', nameVi: 'Đăng ký khai sinh', fieldId: field.id, handlingDays: 3, mode: 'one_stop', postedAtDesk: true, publishedOnline: true, onlineLevel: 2 })
			.returning();
		const [officer] = await db.insert(s.officers).values({ staffNumber: 'CB-01', fullName: 'Nguyễn Thị Ánh Tuyết' }).returning();
		const dossier = (u: { id: number }, province: { id: number }, code: string, day: number, lateBy: number) => {
			const dueAt = localTime(`2026-10-${String(day).padStart(2, '0')}`, 17);
			return {
				provinceId: province.id,
				unitId: u.id,
				code,
				procedureId: proc.id,
				channel: 'counter' as const,
				status: 'ready' as const,
				receivedAt: new Date(dueAt.getTime() - 3 * 86_400_000),
				dueAt,
				completedAt: new Date(dueAt.getTime() + lateBy * 3_600_000),
				receivingOfficerId: officer.id,
				extraVisits: 0,
				agenciesCount: 1
			};
		};
		const late = Array.from({ length: 105 }, (_, i) => dossier(A, P, `A-${String(i + 1).padStart(3, '0')}`, 1 + (i % 28), 16));
		const ids = await db.insert(s.dossiers).values(late).returning({ id: s.dossiers.id, code: s.dossiers.code });
		await db.insert(s.dossierLateNotices).values(
			ids
				.filter((d) => Number(d.code.slice(2)) <= 5)
				.map((d) => ({ dossierId: d.id, kind: 'apology' as const, documentNumber: `${d.code}/TXL`, issuedAt: localTime('2026-09-30', 9) }))
		);
		await db.insert(s.dossiers).values([dossier(B, P, 'B-1', 9, -30), dossier(B, P, 'B-2', 12, 2), dossier(Q, Q, 'Q-1', 12, 2)]);
		const [u] = await db.insert(s.users).values({ username: 'caicach', displayName: 'Phòng Cải cách', passwordHash: 'x' }).returning();
		user = { id: u.id, username: 'caicach', displayName: 'Phòng Cải cách', locale: 'vi', officerId: null, roles: [{ role: 'reform', unitId: P.id, unitPath: P.path }] };
	});
	afterAll(async () => h?.close());

	it('late dossiers: every row of the filter in one file, not the page of 100, nothing outside the scope', async () => {
		const res = await call(lateExport, '/app/late/export?format=csv&month=2026-10&page=2');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const rows = await csv(res);
		expect(rows[0].slice(0, 3)).toEqual(['Mã hồ sơ', 'Đơn vị', 'Thủ tục']);
		const codes = rows.slice(1).map((r) => r[0]);
		expect(codes).toHaveLength(106);
		expect(codes).toContain('A-105');
		expect(codes).toContain('B-2');
		expect(codes).not.toContain('Q-1');
		expect(codes).not.toContain('B-1');
		const b2 = rows.find((r) => r[0] === 'B-2')!;
		expect(b2.slice(1, 5)).toEqual(['Xã Đạ Tẻh', 'Đăng ký khai sinh', '2026-10-12 17:00', '2026-10-12 19:00']);
		expect(b2[rows[0].indexOf('Cán bộ tiếp nhận')]).toBe('Nguyễn Thị Ánh Tuyết');
		expect(b2[rows[0].indexOf('Cảnh báo trễ hạn, chưa xin lỗi')]).toBe('Có');

		const [audit] = await exportsAudited();
		expect(audit).toMatchObject({ action: 'export.csv', target_type: 'unit', target_id: String(P.id) });
		expect(audit.detail).toMatchObject({ title: 'Hồ sơ trễ hạn, tháng 10/2026', rows: 106, path: '/app/late/export' });
		expect(audit.detail.filters.slice(0, 3)).toEqual([
			{ label: 'Tháng', value: '10/2026' },
			{ label: 'Đơn vị', value: 'Tỉnh Thử' },
			{ label: 'Tình trạng văn bản', value: 'Tất cả' }
		]);
	});

	it('late dossiers: the notice filter and the unit apply, in XLSX too', async () => {
		const res = await call(lateExport, `/app/late/export?format=xlsx&month=2026-10&unit=${A.id}&notice=without_apology`);
		expect(res.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const ws = wb.worksheets[0];
		const values = ws.getSheetValues().filter(Boolean) as unknown[][];
		const header = values.findIndex((r) => r[1] === 'Mã hồ sơ');
		const data = values.slice(header + 1);
		expect(data).toHaveLength(100); // 105 late, 5 of them with an apology in time
		expect(data.map((r) => r[1])).not.toContain('A-001');
		expect(values).toContainEqual([undefined, 'Tình trạng văn bản', 'Trễ hạn, chưa xin lỗi']);
		expect(values).toContainEqual([undefined, 'Đơn vị', 'Phường Ánh Dương']);
	});

	it('late dossiers: a unit outside the scope is a 404 and nothing is written', async () => {
		const before = (await exportsAudited()).length;
		expect((await call(lateExport, `/app/late/export?format=csv&unit=${Q.id}`)).status).toBe(404);
		expect((await call(lateExport, '/app/late/export?format=csv', null)).status).toBe(303);
		expect((await exportsAudited()).length).toBe(before);
	});

	it('indices: every table in one workbook, a sheet each, no data left empty', async () => {
		const res = await call(indicesExport, '/app/indices/export?format=xlsx&month=2026-10');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''Ch%E1%BB%89%20s%E1%BB%91/);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		expect(wb.worksheets.map((w) => w.name)).toEqual(['TT01 theo đơn vị', 'TT01 theo đơn vị (quý)', 'TT01 theo cán bộ', '766 Mức độ hài lòng', 'Đánh giá và đúng hạn', 'Xu hướng 6 tháng', 'SIPAS 5 yếu tố']);
		const tt01 = wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
		const header = tt01.findIndex((r) => r[1] === 'Mã đơn vị');
		expect(tt01[header].slice(1, 6)).toEqual(['Mã đơn vị', 'Đơn vị', 'Đơn vị cấp trên', 'Hồ sơ', 'Chỉ số 1 (điểm TB 0–2)']);
		const rows = tt01.slice(header + 1);
		expect(rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
			['PA', 'Phường Ánh Dương', 'Tỉnh Thử', 105],
			['PB', 'Xã Đạ Tẻh', 'Tỉnh Thử', 2],
			[undefined, 'Toàn bộ', undefined, 107]
		]);
		// indicator 1: 105 late (0 points) in A; B one early (2) and one late (0)
		expect(rows.map((r) => r[5])).toEqual([0, 1, 2 / 107]);
		// indicator 5 is never recorded: an empty cell in every row, not 0 and not 2
		const i5 = tt01[header].indexOf('Chỉ số 5 (điểm TB 0–2)');
		expect(rows.map((r) => r[i5])).toEqual([undefined, undefined, undefined]);
		const officers = wb.worksheets[2].getSheetValues().filter(Boolean) as unknown[][];
		expect(officers.some((r) => r[1] === 'Nguyễn Thị Ánh Tuyết' && r[2] === 'CB-01')).toBe(true);

		const audit = (await exportsAudited()).at(-1)!;
		expect(audit).toMatchObject({ action: 'export.xlsx', target_type: 'unit', target_id: String(P.id) });
		expect(audit.detail).toMatchObject({ title: 'Chỉ số đánh giá tháng 10/2026 — Tỉnh Thử', path: '/app/indices/export' });
	});

	it('indices: one table as CSV; a CSV of every table is a 400, audited never', async () => {
		const res = await call(indicesExport, `/app/indices/export?format=csv&month=2026-10&unit=${B.id}&table=766`);
		expect(res.status).toBe(200);
		const rows = await csv(res);
		expect(rows.map((r) => r[1])).toEqual(['Đơn vị', 'Xã Đạ Tẻh', 'Toàn bộ']);
		// QĐ 766 per dossier: 2 handled, 1 late, none rated or petitioned → (2 − 1) ÷ 2 = 50 % against the
		// 2026 target 95 %: 6 × 0.5 ÷ 0.95 points; no case closed, no answer: no petition rates (CSV rates are
		// percentages with one decimal)
		expect(rows[0][3]).toBe('Hồ sơ đã giải quyết');
		expect(rows[1].slice(3, 18)).toEqual(['2', '0', '0', '1', '1', '50.0', '95.0', '3.15789473684211', '0', '0', '', '0', '0', '', rows[1][17]]);
		expect(rows[1][17]).toMatch(/^Quyết định 766\/QĐ-TTg/);
		const ratings = await csv(await call(indicesExport, `/app/indices/export?format=csv&month=2026-10&unit=${B.id}&table=ratings`));
		// no counted rating: no share of satisfied ratings; 2 completed, 1 on time
		expect(ratings[1].slice(3)).toEqual(['0', '0', '', '2', '1', '50.0']);
		const before = (await exportsAudited()).length;
		const bad = await call(indicesExport, '/app/indices/export?format=csv&month=2026-10');
		expect(bad.status).toBe(400);
		expect(await bad.text()).toMatch(/^Bảng cần tải phải là tt01/);
		expect((await call(indicesExport, `/app/indices/export?format=xlsx&unit=${Q.id}`)).status).toBe(404);
		expect((await exportsAudited()).length).toBe(before);
	});
});
