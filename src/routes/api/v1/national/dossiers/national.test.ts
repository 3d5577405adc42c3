import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationToken, createPairingCode, pairTablet } from '$lib/server/auth/credentials';
import { judgeDeclaredBody } from '$lib/server/body-limits';
import { useDatabase } from '$lib/server/db';
import type { DatabaseHandle } from '$lib/server/db/client';
import * as s from '$lib/server/db/schema';
import { openTestDatabase, testDatabaseKinds } from '$lib/server/db/testing';
import { seedDossierFixture, type DossierFixture } from '$lib/server/dossiers/test-fixture';
import { kioskState } from '$lib/server/kiosk/prompt';
import { rateFromTablet } from '$lib/server/kiosk/tablet-rating';
import { formatNationalDate } from '$lib/server/national/schema';
import { POST } from './+server';
import { POST as CALL } from '../../queue/calls/+server';
import { POST as DONE } from '../../queue/calls/done/+server';

/**
 * Contract tests of issue 16: payloads in the national dossier-sync shape, written here from the
 * field list the provincial systems send the national portal (MaHoSo, MaTTHC, …, QuaTrinhXuLy),
 * through the route with a real integration token; then what a user would check: the dossiers,
 * the services at the counter, and a tablet rating attributed to the step's officer.
 */

type Handler = (event: never) => Promise<Response>;
type Json = Record<string, unknown>;

/** Vietnam wall-clock time → the national yyyyMMddHHmmss string (the test reads like the payload). */
const vn = (isoLocal: string) => formatNationalDate(new Date(`${isoLocal}+07:00`));
const at = (isoLocal: string) => new Date(`${isoLocal}+07:00`).toISOString();

describe.each(testDatabaseKinds)('national dossier sync and queue calls on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	let token: string;
	let tablet: string;

	async function call(handler: Handler, path: string, body: unknown, init: { query?: string; raw?: BodyInit; contentType?: string } = {}) {
		const url = new URL(`http://localhost${path}${init.query ?? ''}`);
		const request = new Request(url, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': init.contentType ?? 'application/json' },
			body: init.raw ?? JSON.stringify(body)
		});
		try {
			return await handler({ request, url, params: {}, locals: { user: null, locale: 'vi' }, getClientAddress: () => '127.0.0.1' } as never);
		} catch (e) {
			const thrown = e as { status?: number; body?: unknown };
			if (typeof thrown.status !== 'number') throw e;
			return new Response(JSON.stringify(thrown.body ?? {}), { status: thrown.status });
		}
	}
	const sync = async (body: unknown, query?: string) => {
		const res = await call(POST as unknown as Handler, '/api/v1/national/dossiers', body, { query });
		return { status: res.status, body: (await res.json()) as Json };
	};
	const queue = async (path: 'calls' | 'calls/done', body: unknown) => {
		const res = await call((path === 'calls' ? CALL : DONE) as unknown as Handler, `/api/v1/queue/${path}`, body);
		return { status: res.status, body: (await res.json()) as Json };
	};

	/** A dossier as the one-stop software sends it; steps and fields overridable. */
	const dossier = (code: string, status: number | string, extra: Json = {}): Json => ({
		MaHoSo: code,
		MaTTHC: '1.001193',
		TenTTHC: 'Đăng ký khai sinh',
		MaLinhVuc: 'HT',
		KenhThucHien: 1,
		ChuHoSo: 'Lê Văn Tám',
		SoGiayToChuHoSo: '056090001234',
		SoDienThoai: '0905123456',
		TrichYeuHoSo: 'Đăng ký khai sinh cho con',
		NgayNopHoSo: vn('2026-03-02T08:00:00'),
		NgayTiepNhan: vn('2026-03-02T08:05:00'),
		NgayHenTra: vn('2026-03-05T17:00:00'),
		TrangThaiHoSo: status,
		DonViXuLy: 'KH-PNT',
		QuaTrinhXuLy: [receivingStep()],
		...extra
	});
	const receivingStep = (extra: Json = {}): Json => ({
		NguoiXuLy: 'KH-000101',
		ChucDanh: 'Công chức một cửa',
		ThoiDiemXuLy: vn('2026-03-02T08:05:00'),
		PhongBanXuLy: 'Bộ phận Một cửa',
		NoiDungXuLy: 'Tiếp nhận hồ sơ',
		TrangThai: 2,
		NgayBatDau: vn('2026-03-02T08:00:00'),
		NgayKetThucTheoQuyDinh: vn('2026-03-02T08:30:00'),
		...extra
	});
	const processingStep = (extra: Json = {}): Json => ({
		NguoiXuLy: 'chuyenvien.tuphap',
		ThoiDiemXuLy: vn('2026-03-03T09:00:00'),
		PhongBanXuLy: 'Phòng Tư pháp',
		NoiDungXuLy: 'Thẩm định',
		TrangThai: 4,
		...extra
	});
	const returningStep = (extra: Json = {}): Json => ({
		NguoiXuLy: 'KH-000101',
		ThoiDiemXuLy: vn('2026-03-05T10:00:00'),
		NoiDungXuLy: 'Trả kết quả',
		TrangThai: 10,
		...extra
	});
	const done = { NgayKetThucXuLy: vn('2026-03-04T15:00:00') };
	const returned = { ...done, NgayTra: vn('2026-03-05T10:00:00') };

	const dossierRow = async (code: string): Promise<Json | undefined> =>
		(
			await h.rows<Json>(sql`select d.status, d.channel, d.received_at, d.due_at, d.completed_at, d.returned_at, p.code as procedure, u.code as unit,
				ro.staff_number as receiving, rt.staff_number as returning
			from dossiers d join procedures p on p.id = d.procedure_id join units u on u.id = d.unit_id
			left join officers ro on ro.id = d.receiving_officer_id left join officers rt on rt.id = d.returning_officer_id
			where d.code = ${code}`)
		).map((r) => ({
			...r,
			received_at: iso(r.received_at),
			due_at: iso(r.due_at),
			completed_at: iso(r.completed_at),
			returned_at: iso(r.returned_at)
		}))[0];
	const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
	const services = async (code: string) =>
		(
			await h.rows<Json>(sql`select e.stage, e.origin, e.opened_at, e.closed_at, o.staff_number as officer, e.counter_id
			from service_events e join dossiers d on d.id = e.dossier_id join officers o on o.id = e.officer_id
			where d.code = ${code} order by e.opened_at`)
		).map((r) => ({ ...r, opened_at: iso(r.opened_at), closed_at: iso(r.closed_at), counter_id: Number(r.counter_id) }));
	const count = async (table: string) => Number((await h.rows<{ n: string }>(sql.raw(`select count(*) as n from ${table}`)))[0].n);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		await h.db.insert(s.procedures).values({ code: '1.003560.000.00.00.H56', shortCode: '1.003560', nameVi: 'Chứng thực bản sao', fieldId: (await h.db.select().from(s.fields))[0].id, handlingDays: 0, mode: 'one_stop' });
		const [admin] = await h.db.insert(s.users).values({ username: 'admin.kh', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		// Trần Văn Đức (KH-000202) signs in to the app as duc.tv: the one-stop software may name him so.
		await h.db.insert(s.users).values({ username: 'duc.tv', displayName: 'Trần Văn Đức', passwordHash: 'x', officerId: f.officerCR });
		token = (await createIntegrationToken(f.provinceId, 'Một cửa tỉnh Khánh Hòa', admin.id)).token;
		// Nhung holds counter Q01 of Nha Trang from 1 January: her steps land at that counter.
		await h.db.insert(s.counterShifts).values({ counterId: f.counterNT, officerId: f.officerNT, startedAt: new Date('2026-01-01T00:00:00Z') });
		const [scale] = await h.db.insert(s.ratingScales).values({ code: 'std', version: 1, levelCount: 3, nameVi: 'Thang 3 mức', active: true }).returning();
		await h.db.insert(s.ratingScaleLevels).values([
			{ scaleId: scale.id, level: 1, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', class: 'satisfied' },
			{ scaleId: scale.id, level: 2, labelVi: 'Hài lòng', labelEn: 'Satisfied', class: 'satisfied' },
			{ scaleId: scale.id, level: 3, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', class: 'dissatisfied' }
		]);
		const paired = await pairTablet((await createPairingCode(f.counterNT, admin.id)).code, 'Máy tính bảng quầy 01');
		if (!paired.ok) throw new Error('pairing failed');
		tablet = paired.credential;
	});
	afterAll(async () => h?.close());

	it('maps every status code 1–10 and both counter stages onto dossiers and services', async () => {
		const items = [
			dossier('HS-S1', 1, { NgayTiepNhan: null, KenhThucHien: 2, QuaTrinhXuLy: [{ NguoiXuLy: 'congdan', ThoiDiemXuLy: vn('2026-03-02T08:00:00'), TrangThai: 1 }] }),
			dossier('HS-S2', 2),
			dossier('HS-S3', 3, { QuaTrinhXuLy: [{ NguoiXuLy: 'KH-000101', ThoiDiemXuLy: vn('2026-03-02T08:05:00'), TrangThai: 3, NoiDungXuLy: 'Không tiếp nhận' }] }),
			dossier('HS-S4', 4, { QuaTrinhXuLy: [receivingStep(), processingStep()] }),
			dossier('HS-S5', '5', { KenhThucHien: '3' }), // codes sent as strings, as some systems do
			dossier('HS-S6', 6),
			dossier('HS-S7', 7),
			dossier('HS-S8', 8),
			dossier('HS-S9', 9, { ...done, MaTTHC: '1.003560', QuaTrinhXuLy: [receivingStep(), processingStep(), processingStep({ TrangThai: 9, ThoiDiemXuLy: done.NgayKetThucXuLy })] }),
			dossier('HS-S10', 10, { ...returned, MaTTHC: '1.003560.000.00.00.H56', QuaTrinhXuLy: [receivingStep(), processingStep(), returningStep()] })
		];
		const first = await sync({ items });
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ created: 9, updated: 0, unchanged: 0, skipped: 1, refused: 0, errors: [] });
		const results = first.body.results as { code: string; result: string; services: { stage: string; result: string }[] }[];
		expect(results.map((r) => [r.code, r.result])).toEqual(items.map((i, n) => [i.MaHoSo, n === 0 ? 'skipped' : 'created']));
		// the steps are 2026-03 and the sync is later: recorded as past services at Nhung's counter
		expect(results[9].services).toEqual([
			{ step: 0, stage: 'receiving', result: 'recorded', serviceEventId: expect.any(Number) },
			{ step: 2, stage: 'returning', result: 'recorded', serviceEventId: expect.any(Number) }
		]);
		expect(results[2].services).toEqual([]); // "not received" is no reception: nothing to rate

		// TrangThaiHoSo → our status, as the mapping table in docs/integration.md says
		const statuses: Record<string, string | undefined> = {};
		for (const i of items) statuses[String(i.MaHoSo)] = ((await dossierRow(String(i.MaHoSo))) as Json | undefined)?.status as string | undefined;
		expect(statuses).toEqual({
			'HS-S1': undefined, // 1 newly registered: not a dossier of ours until received
			'HS-S2': 'received',
			'HS-S3': 'rejected',
			'HS-S4': 'in_progress',
			'HS-S5': 'in_progress',
			'HS-S6': 'in_progress',
			'HS-S7': 'withdrawn',
			'HS-S8': 'rejected',
			'HS-S9': 'ready',
			'HS-S10': 'returned'
		});
		expect(await dossierRow('HS-S10')).toEqual({
			status: 'returned',
			channel: 'counter',
			received_at: at('2026-03-02T08:05:00'),
			due_at: at('2026-03-05T17:00:00'),
			completed_at: at('2026-03-04T15:00:00'),
			returned_at: at('2026-03-05T10:00:00'),
			procedure: '1.003560.000.00.00.H56',
			unit: 'KH-PNT',
			receiving: 'KH-000101',
			returning: 'KH-000101'
		});
		expect((await dossierRow('HS-S5'))!.channel).toBe('postal');
		// a short code names the one procedure stored under the full code
		expect((await dossierRow('HS-S9'))!.procedure).toBe('1.003560.000.00.00.H56');
		expect((await dossierRow('HS-S3'))!.receiving).toBeNull();
		expect(await services('HS-S10')).toEqual([
			{ stage: 'receiving', origin: 'national', opened_at: at('2026-03-02T08:05:00'), closed_at: at('2026-03-02T08:05:00'), officer: 'KH-000101', counter_id: f.counterNT },
			{ stage: 'returning', origin: 'national', opened_at: at('2026-03-05T10:00:00'), closed_at: at('2026-03-05T10:00:00'), officer: 'KH-000101', counter_id: f.counterNT }
		]);
		// 8 receptions (statuses 2, 4–10) + 1 return
		expect(await count('service_events')).toBe(9);
		// personal data is off by default: nothing kept
		expect(await count('dossier_holders')).toBe(0);
		// the token is the actor of an audited write, the codes what it wrote
		const [audited] = await h.rows<{ action: string; target_type: string; detail: { created: number; codes: string[] } }>(
			sql`select action, target_type, detail from audit_log where action = 'national.sync'`
		);
		expect(audited).toMatchObject({ target_type: 'integration_token', detail: { created: 9, codes: items.slice(1).map((i) => i.MaHoSo) } });
	});

	it('changes nothing when the same payload comes again, and takes a forward move', async () => {
		const items = [dossier('HS-S2', 2), dossier('HS-S10', 10, { ...returned, MaTTHC: '1.003560.000.00.00.H56', QuaTrinhXuLy: [receivingStep(), processingStep(), returningStep()] })];
		const before = await h.rows(sql`select id, updated_at from dossiers order by id`);
		const events = await count('service_events');
		const again = await sync(items);
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
		expect((again.body.results as { services: { result: string }[] }[]).flatMap((r) => r.services.map((x) => x.result))).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(await h.rows(sql`select id, updated_at from dossiers order by id`)).toEqual(before);
		expect(await count('service_events')).toBe(events);

		const forward = await sync(dossier('HS-S2', 4, { QuaTrinhXuLy: [receivingStep(), processingStep()] }));
		expect(forward.body).toMatchObject({ updated: 1 });
		expect((await dossierRow('HS-S2'))!.status).toBe('in_progress');
	});

	it('refuses bad input with the field path and the reason, and stores nothing of a refused item', async () => {
		const refused = async (body: unknown, query?: string) => {
			const r = await sync(body, query);
			expect(r.status, JSON.stringify(r.body)).toBe(400);
			return r.body.fields as Record<string, string>;
		};
		const dossiers = await count('dossiers');
		const events = await count('service_events');

		// wrong date formats: ISO instead of yyyyMMddHHmmss, 30 February, a year outside the accepted range
		expect(Object.keys(await refused(dossier('HS-B1', 2, { NgayTiepNhan: '2026-03-02T08:05:00+07:00' })))).toEqual(['NgayTiepNhan']);
		expect(await refused([dossier('HS-B1', 2, { NgayHenTra: '20260230170000' })])).toEqual({ 'items[0].NgayHenTra': expect.stringContaining('yyyyMMddHHmmss') });
		expect(await refused([dossier('HS-B1', 2, { QuaTrinhXuLy: [receivingStep({ ThoiDiemXuLy: '18990302080500' })] })])).toHaveProperty(['items[0].QuaTrinhXuLy[0].ThoiDiemXuLy']);
		// unknown status codes
		expect(await refused([dossier('HS-B1', 11)])).toEqual({ 'items[0].TrangThaiHoSo': expect.stringContaining('1 đến 10') });
		expect(await refused([dossier('HS-B1', 2, { KenhThucHien: 4 })])).toHaveProperty(['items[0].KenhThucHien']);
		// a step before the dossier's receipt
		const early = await refused([dossier('HS-B1', 4, { QuaTrinhXuLy: [receivingStep(), processingStep({ ThoiDiemXuLy: vn('2026-03-01T09:00:00') })] })]);
		expect(early).toEqual({ 'items[0].QuaTrinhXuLy[1].ThoiDiemXuLy': expect.stringContaining('20260302080500') });
		// a dossier moving backwards: returned → processing
		const back = await refused([dossier('HS-S10', 4, { MaTTHC: '1.003560.000.00.00.H56', QuaTrinhXuLy: [receivingStep(), processingStep()] })]);
		expect(back).toEqual({ 'items[0].TrangThaiHoSo': expect.stringContaining('returned') });
		expect((await dossierRow('HS-S10'))!.status).toBe('returned');
		// duplicates in one batch
		expect(await refused([dossier('HS-B1', 2), dossier('HS-B1', 4)])).toEqual({ 'items[1].MaHoSo': expect.stringContaining('mục 0') });
		// unknown references, never guessed
		expect(await refused([dossier('HS-B1', 2, { QuaTrinhXuLy: [receivingStep({ NguoiXuLy: 'Nguyễn Thị Hồng Nhung' })] })])).toEqual({
			'items[0].QuaTrinhXuLy[0].NguoiXuLy': expect.stringContaining('Nguyễn Thị Hồng Nhung')
		});
		expect(await refused([dossier('HS-B1', 2, { DonViXuLy: '99999' })])).toEqual({ 'items[0].DonViXuLy': expect.stringContaining('99999') });
		expect(await refused([dossier('HS-B1', 2, { MaTTHC: '9.999999' })])).toEqual({ 'items[0].MaTTHC': expect.stringContaining('9.999999') });
		expect(await refused([dossier('HS-B1', 10, { NgayKetThucXuLy: vn('2026-03-04T15:00:00') })])).toHaveProperty(['items[0].NgayTra']);
		// not a dossier, or too many
		expect(await refused('HS-B1')).toHaveProperty(['(body)']);
		expect(await refused({ items: [] })).toHaveProperty(['(body)']);
		expect(await refused(Array.from({ length: 1001 }, (_, i) => dossier(`HS-M${i}`, 2)))).toHaveProperty(['items']);
		expect(await count('dossiers')).toBe(dossiers);
		expect(await count('service_events')).toBe(events);

		// a good item beside a bad one: all or nothing by default, per item with partial
		const mixed = [dossier('HS-OK1', 2), dossier('HS-BAD', 2, { NgayTiepNhan: 'hôm qua' })];
		expect(await refused(mixed)).toHaveProperty(['items[1].NgayTiepNhan']);
		expect(await dossierRow('HS-OK1')).toBeUndefined();
		const partial = await sync(mixed, '?partial=true');
		expect(partial.status).toBe(200);
		expect(partial.body).toMatchObject({ created: 1, refused: 1, errors: [{ index: 1, field: 'items[1].NgayTiepNhan' }] });
		expect(await dossierRow('HS-BAD')).toBeUndefined();
		expect(await services('HS-OK1')).toHaveLength(1);
	});

	it('refuses invalid UTF-8 and non-JSON, and a 10 MB body before reading it', async () => {
		const bytes = new Uint8Array([...new TextEncoder().encode('{"MaHoSo":"HS-U1","ChuHoSo":"L'), 0xc3, 0x28, ...new TextEncoder().encode('"}')]);
		const bad = await call(POST as unknown as Handler, '/api/v1/national/dossiers', null, { raw: bytes });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ error: 'invalid_utf8' });
		expect((await call(POST as unknown as Handler, '/api/v1/national/dossiers', null, { raw: 'MaHoSo=1', contentType: 'text/plain' })).status).toBe(415);
		const tenMb = judgeDeclaredBody('POST', '/api/v1/national/dossiers', { contentType: 'application/json', contentLength: String(10 * 1024 * 1024), chunked: false });
		expect(tenMb).toMatchObject({ status: 413, error: 'too_large' });
		// a full batch of 1,000 dossiers with three steps each fits the route's limit
		const full = JSON.stringify(Array.from({ length: 1000 }, (_, i) => dossier(`HS-F${i}`, 10, { ...returned, QuaTrinhXuLy: [receivingStep(), processingStep(), returningStep()] })));
		expect(judgeDeclaredBody('POST', '/api/v1/national/dossiers', { contentType: 'application/json', contentLength: String(Buffer.byteLength(full)), chunked: false })).toBeNull();
	});

	it('names an officer by user name, and keeps the applicant’s name and ID only when the setting says so (never the phone)', async () => {
		await h.db.insert(s.settings).values({ key: 'national.sync', value: { storeHolder: true } });
		const r = await sync(dossier('HS-CR1', 2, { DonViXuLy: 'KH-PCR', QuaTrinhXuLy: [receivingStep({ NguoiXuLy: 'DUC.TV' })] }));
		expect(r.status).toBe(200);
		// Đức holds no counter: the dossier names him, no service is invented
		expect((r.body.results as { services: unknown[] }[])[0].services).toEqual([{ step: 0, stage: 'receiving', result: 'no_counter', serviceEventId: null }]);
		expect((await dossierRow('HS-CR1'))!.receiving).toBe('KH-000202');
		expect(await h.rows(sql`select h.name, h.id_number from dossier_holders h join dossiers d on d.id = h.dossier_id where d.code = 'HS-CR1'`)).toEqual([
			{ name: 'Lê Văn Tám', id_number: '056090001234' }
		]);
		const text = JSON.stringify(await h.rows(sql`select * from dossier_holders`));
		expect(text).not.toContain('0905123456');
		await h.db.delete(s.settings);
	});

	it('opens a live reception at the officer’s counter: the tablet asks, and its rating is attributed to her', async () => {
		const now = new Date();
		const step = formatNationalDate(new Date(now.getTime() - 60_000));
		const r = await sync(dossier('HS-LIVE', 2, { NgayNopHoSo: step, NgayTiepNhan: step, NgayHenTra: null, QuaTrinhXuLy: [receivingStep({ ThoiDiemXuLy: step, NgayBatDau: step, NgayKetThucTheoQuyDinh: null })] }));
		expect(r.status).toBe(200);
		const service = (r.body.results as { services: { result: string; serviceEventId: number }[] }[])[0].services[0];
		expect(service.result).toBe('opened');
		const state = await kioskState(f.counterNT);
		expect(state.prompt).toMatchObject({ serviceEventId: service.serviceEventId, stage: 'receiving', officer: { staffNumber: 'KH-000101' }, procedure: { nameVi: 'Đăng ký khai sinh' } });
		const rated = await rateFromTablet(`Bearer ${tablet}`, 'application/json', JSON.stringify({ key: 'national-live-0001', level: 1, ageMs: 0 }));
		expect(rated).toMatchObject({ status: 200, body: { counted: true } });
		expect(await h.rows(sql`select o.staff_number, d.code, r.stage, r.counted, r.service_event_id::int as service_event_id from ratings r join officers o on o.id = r.officer_id join dossiers d on d.id = r.dossier_id`)).toEqual([
			{ staff_number: 'KH-000101', code: 'HS-LIVE', stage: 'receiving', counted: true, service_event_id: service.serviceEventId }
		]);
	});

	it('takes a queue system’s call and done, idempotent by ticket and call time; the reception step then names the dossier', async () => {
		const calledAt = new Date(Date.now() - 30_000);
		const ticket = { ticket: 'A012', centreCode: 'KH-PNT-MC', counterCode: 'Q01', calledAt: calledAt.toISOString() };
		const opened = await queue('calls', { ...ticket, procedureCode: '1.001193' });
		expect(opened).toMatchObject({ status: 201, body: { result: 'opened', officer: 'KH-000101', stage: 'receiving', closedAt: null } });
		// the previous service at the counter (HS-LIVE) was closed by the call: one rule for a busy counter
		expect((await services('HS-LIVE'))[0].closed_at).toBe(calledAt.toISOString());
		expect((await kioskState(f.counterNT)).prompt).toMatchObject({ serviceEventId: opened.body.id, procedure: { nameVi: 'Đăng ký khai sinh' } });
		expect(await queue('calls', { ...ticket, procedureCode: '1.001193' })).toMatchObject({ status: 200, body: { id: opened.body.id, result: 'unchanged' } });

		// the one-stop software then records the reception by the same officer: the ticket's service becomes the dossier's
		const step = formatNationalDate(new Date(calledAt.getTime() + 20_000));
		const r = await sync(dossier('HS-Q1', 2, { NgayNopHoSo: step, NgayTiepNhan: step, NgayHenTra: null, QuaTrinhXuLy: [receivingStep({ ThoiDiemXuLy: step, NgayBatDau: null, NgayKetThucTheoQuyDinh: null })] }));
		expect((r.body.results as { services: { result: string; serviceEventId: number }[] }[])[0].services[0]).toEqual({ step: 0, stage: 'receiving', result: 'linked', serviceEventId: opened.body.id });

		const doneAt = new Date().toISOString();
		expect(await queue('calls/done', { ...ticket, doneAt })).toMatchObject({ status: 200, body: { result: 'closed', closedAt: doneAt } });
		expect(await queue('calls/done', { ...ticket, doneAt })).toMatchObject({ status: 200, body: { result: 'unchanged' } });
		expect(await services('HS-Q1')).toEqual([expect.objectContaining({ origin: 'queue', opened_at: calledAt.toISOString(), closed_at: doneAt, officer: 'KH-000101' })]);

		// refused: nobody at the counter, unknown call, unknown procedure, done before called
		const camRanh = { ...ticket, centreCode: 'KH-PCR-MC', procedureCode: '1.001193' };
		expect(await queue('calls', camRanh)).toMatchObject({ status: 409, body: { fields: { counterCode: expect.stringContaining('KH-PCR-MC/Q01') } } });
		expect(await queue('calls', { ...camRanh, officer: 'duc.tv' })).toMatchObject({ status: 201, body: { officer: 'KH-000202' } });
		expect(await queue('calls/done', { ...ticket, ticket: 'A999', doneAt })).toMatchObject({ status: 404 });
		expect(await queue('calls', { ...ticket, ticket: 'A013', procedureCode: '9.999999' })).toMatchObject({ status: 400, body: { fields: { procedureCode: expect.any(String) } } });
		expect(await queue('calls', { ...ticket, ticket: 'A013' })).toMatchObject({ status: 400, body: { fields: { procedureCode: expect.any(String) } } });
		expect(await queue('calls/done', { ...ticket, doneAt: new Date(calledAt.getTime() - 1000).toISOString() })).toMatchObject({ status: 400, body: { fields: { doneAt: expect.any(String) } } });
	});

	it('attributes a rating given during a queue ticket’s service before any dossier is known', async () => {
		const ticket = { ticket: 'B001', centreCode: 'KH-PNT-MC', counterCode: 'Q01', calledAt: new Date(Date.now() - 5_000).toISOString(), procedureCode: '1.001193' };
		const opened = await queue('calls', ticket);
		expect(opened.status).toBe(201);
		const rated = await rateFromTablet(`Bearer ${tablet}`, 'application/json', JSON.stringify({ key: 'queue-rating-0001', level: 3, ageMs: 0 }));
		expect(rated).toMatchObject({ status: 200, body: { counted: true } });
		// a second tap on the same service is a repeat, not a second rating
		const again = await rateFromTablet(`Bearer ${tablet}`, 'application/json', JSON.stringify({ key: 'queue-rating-0002', level: 1, ageMs: 0 }));
		expect(again).toMatchObject({ status: 200, body: { counted: false, notCountedReason: 'repeat_press' } });
		expect(await h.rows(sql`select o.staff_number, r.dossier_id, r.counted from ratings r join officers o on o.id = r.officer_id where r.service_event_id = ${opened.body.id}`)).toEqual([
			{ staff_number: 'KH-000101', dossier_id: null, counted: true },
			{ staff_number: 'KH-000101', dossier_id: null, counted: false }
		]);
	});
});
