import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { CounterNotInServiceError, createPairingCode, pairTablet } from '../auth/credentials';
import { counterChoices, takeCounter } from '../counter/counter';
import { bindBox } from '../serial/admin';
import { saveCounter, setCentreActive, setCounterActive } from './admin';
import { upsertCentres } from './upsert';

/**
 * Centres and counters on a small province (Khánh Hòa 56 with the wards 22366 and 22369): upserts
 * by code with their counters and fields, the checks the API and the pages share, and retiring
 * a counter: not offered at "Quầy của tôi", never paired again, its ratings kept.
 */

describe.each(testDatabaseKinds)('centres and counters on %s', (kind) => {
	let h: DatabaseHandle;
	const ids = {} as Record<'province' | 'wardA' | 'wardB' | 'officer' | 'user' | 'scale', number>;
	const paths = {} as Record<'province' | 'wardA' | 'wardB', string>;

	async function unit(code: string, nameVi: string, parent: keyof typeof paths | null) {
		const [u] = await h.db
			.insert(s.units)
			.values({ code, nameVi, level: parent ? 'commune' : 'province', parentId: parent ? ids[parent] : null, path: '/0/' })
			.returning();
		const path = `${parent ? paths[parent] : '/'}${u.id}/`;
		await h.db.update(s.units).set({ path }).where(eq(s.units.id, u.id));
		return { id: u.id, path };
	}

	const centre = (code: string, unitCode: string, extra: Record<string, unknown> = {}) => ({
		code,
		unitCode,
		nameVi: `Trung tâm ${code}`,
		kind: 'commune_centre',
		...extra
	});

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		for (const [key, code, name, parent] of [
			['province', '56', 'Tỉnh Khánh Hòa', null],
			['wardA', '22366', 'Phường Nha Trang', 'province'],
			['wardB', '22369', 'Phường Bắc Nha Trang', 'province']
		] as const) {
			const u = await unit(code, name, parent);
			ids[key] = u.id;
			paths[key] = u.path;
		}
		await h.db.insert(s.fields).values([
			{ code: 'HT', nameVi: 'Hộ tịch' },
			{ code: 'CT', nameVi: 'Chứng thực' }
		]);
		const [officer] = await h.db.insert(s.officers).values({ staffNumber: 'KH-000101', fullName: 'Nguyễn Thị Hồng Nhung' }).returning();
		ids.officer = officer.id;
		await h.db.insert(s.officerAssignments).values({ officerId: officer.id, unitId: ids.wardA, positionVi: 'Công chức một cửa', startedAt: new Date('2025-07-01T00:00:00+07:00') });
		const [user] = await h.db.insert(s.users).values({ username: 'admin.t', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		ids.user = user.id;
		const [scale] = await h.db.insert(s.ratingScales).values({ code: 'std', version: 1, levelCount: 3, nameVi: 'Thang 3 mức', active: true }).returning();
		ids.scale = scale.id;
		await h.db.insert(s.ratingScaleLevels).values(
			(['satisfied', 'neutral', 'dissatisfied'] as const).map((c, i) => ({ scaleId: scale.id, level: i + 1, labelVi: `Mức ${i + 1}`, labelEn: `Level ${i + 1}`, class: c }))
		);
	});
	afterAll(async () => h?.close());

	const counterRows = () =>
		h.rows<Record<string, unknown>>(sql`
			select c.code as centre, k.code, k.name_vi, k.active,
				(select string_agg(f.code, ',' order by f.code) from counter_fields cf join fields f on f.id = cf.field_id where cf.counter_id = k.id) as fields
			from counters k join service_centres c on c.id = k.centre_id order by c.code, k.code`);

	it('creates centres with their counters and fields, and a repeat changes nothing', async () => {
		const items = [
			centre('NT-TTPVHCC', '22366', {
				address: '01 Lê Lợi, Nha Trang',
				counters: [
					{ code: 'Q01', nameVi: 'Quầy 01 – Hộ tịch', fields: ['HT'] },
					{ code: 'Q02', nameVi: 'Quầy 02 – Chứng thực', fields: ['Chứng thực', 'hộ tịch'] }
				]
			}),
			centre('BNT-TTPVHCC', '22369', { counters: [{ code: 'Q01', nameVi: 'Quầy 01' }] })
		];
		const first = await upsertCentres(h.db, items, [paths.province]);
		expect(first.problems).toEqual([]);
		expect(first.results.map((r) => [r.code, r.result, r.counters.map((k) => k.result)])).toEqual([
			['NT-TTPVHCC', 'created', ['created', 'created']],
			['BNT-TTPVHCC', 'created', ['created']]
		]);
		const before = await counterRows();
		expect(before).toEqual([
			{ centre: 'BNT-TTPVHCC', code: 'Q01', name_vi: 'Quầy 01', active: true, fields: null },
			{ centre: 'NT-TTPVHCC', code: 'Q01', name_vi: 'Quầy 01 – Hộ tịch', active: true, fields: 'HT' },
			{ centre: 'NT-TTPVHCC', code: 'Q02', name_vi: 'Quầy 02 – Chứng thực', active: true, fields: 'CT,HT' }
		]);
		const again = await upsertCentres(h.db, items, [paths.province]);
		expect(again.results.map((r) => [r.result, ...r.counters.map((k) => k.result)])).toEqual([
			['unchanged', 'unchanged', 'unchanged'],
			['unchanged', 'unchanged']
		]);
		expect(await counterRows()).toEqual(before);
		// an absent optional field keeps what is stored; counters not listed are left alone
		const renamed = await upsertCentres(h.db, [centre('NT-TTPVHCC', '22366', { nameVi: 'Trung tâm PVHCC phường Nha Trang' })], [paths.province]);
		expect(renamed.results[0].result).toBe('updated');
		const [stored] = await h.rows<{ address: string; counters: number }>(
			sql`select address, (select count(*)::int from counters k where k.centre_id = c.id) as counters from service_centres c where code = 'NT-TTPVHCC'`
		);
		expect(stored).toEqual({ address: '01 Lê Lợi, Nha Trang', counters: 2 });
	});

	it('refuses unknown units and fields, a counter number twice, and units outside the scope, naming each field', async () => {
		const report = await upsertCentres(
			h.db,
			[
				centre('X-1', '99999'),
				centre('X-2', '22366', {
					counters: [
						{ code: 'Q01', nameVi: 'Quầy 01', fields: ['Đất đai'] },
						{ code: 'Q01', nameVi: 'Quầy 01 lần hai' }
					]
				}),
				centre('X-3', '22369'),
				centre('X 4', '22366', { kind: 'kiosk' }),
				centre('X-1', '22366')
			],
			[paths.wardA]
		);
		expect(report.written).toBe(false);
		expect(report.problems.map((p) => [p.index, p.field, p.key])).toEqual([
			[0, 'unitCode', 'dossiers.error.unknownUnit'],
			[1, 'counters[0].fields', 'centres.error.unknownField'],
			[1, 'counters[1].code', 'centres.error.duplicateCounter'],
			[2, 'unitCode', 'dossiers.error.unitOutOfScope'],
			[3, 'code', 'centres.error.centreCode'],
			[3, 'kind', 'dossiers.error.oneOf'],
			[4, 'code', 'centres.error.duplicateItem']
		]);
		expect((await h.rows(sql`select 1 from service_centres where code like 'X%'`)).length).toBe(0);
		// a ward's token cannot take over the neighbouring ward's centre by naming it under its own unit
		const takeover = await upsertCentres(h.db, [centre('BNT-TTPVHCC', '22366')], [paths.wardA]);
		expect(takeover.problems.map((p) => [p.field, p.forbidden])).toEqual([['code', true]]);
	});

	it('retires a counter: not offered at "Quầy của tôi", not paired again, its open shift ended, its ratings kept', async () => {
		const [{ id: counterId }] = await h.rows<{ id: number }>(
			sql`select k.id from counters k join service_centres c on c.id = k.centre_id where c.code = 'NT-TTPVHCC' and k.code = 'Q01'`
		);
		expect((await counterChoices(ids.officer)).map((c) => c.id)).toContain(counterId);
		expect(await takeCounter(ids.officer, counterId, false)).toEqual({ ok: true });
		const [rating] = await h.db
			.insert(s.ratings)
			.values({ idempotencyKey: 'tab:retire-1', scaleId: ids.scale, level: 1, source: 'tablet', pressedAt: new Date(), counterId, officerId: ids.officer, unitId: ids.wardA, stage: 'receiving', counted: true })
			.returning({ id: s.ratings.id });
		const pending = await createPairingCode(counterId, ids.user);
		const [box] = await h.db.insert(s.devices).values({ uid: 'BOX-RETIRE', kind: 'button_box' }).returning();
		expect(await bindBox(h.db, box.id, counterId, ids.user)).toBe(true);

		expect(await setCounterActive(h.db, counterId, false)).toBe(true);
		expect((await counterChoices(ids.officer)).map((c) => c.id)).not.toContain(counterId);
		expect(await takeCounter(ids.officer, counterId, false)).toEqual({ ok: false, reason: 'not_allowed' });
		await expect(createPairingCode(counterId, ids.user)).rejects.toBeInstanceOf(CounterNotInServiceError);
		expect(await pairTablet(pending.code, null)).toEqual({ ok: false, reason: 'invalid' });
		expect(await bindBox(h.db, box.id, counterId, ids.user)).toBe(false);
		const open = await h.rows(sql`select 1 from counter_shifts where counter_id = ${counterId} and ended_at is null
			union all select 1 from device_bindings where counter_id = ${counterId} and unbound_at is null`);
		expect(open).toEqual([]);
		const kept = await h.rows<{ counted: boolean; counter_id: number }>(sql`select counted, counter_id from ratings where id = ${rating.id}`);
		expect(kept).toEqual([{ counted: true, counter_id: counterId }]);

		// brought back, it is offered again and can be paired
		expect(await setCounterActive(h.db, counterId, true)).toBe(true);
		expect((await counterChoices(ids.officer)).map((c) => c.id)).toContain(counterId);
		expect((await pairTablet((await createPairingCode(counterId, ids.user)).code, null)).ok).toBe(true);
	});

	it('retires every counter of a retired centre while their own flags stay', async () => {
		const [{ id: centreId }] = await h.rows<{ id: number }>(sql`select id from service_centres where code = 'NT-TTPVHCC'`);
		expect(await setCentreActive(h.db, centreId, false)).toBe(true);
		expect(await counterChoices(ids.officer)).toEqual([]);
		expect((await h.rows(sql`select 1 from device_bindings b join counters k on k.id = b.counter_id where k.centre_id = ${centreId} and b.unbound_at is null`)).length).toBe(0);
		expect(await setCentreActive(h.db, centreId, true)).toBe(true);
		expect((await counterChoices(ids.officer)).map((c) => c.nameVi).sort()).toEqual(['Quầy 01 – Hộ tịch', 'Quầy 02 – Chứng thực']);
	});

	it('saves a counter from the form: renumbered when the number is free, refused when it is taken', async () => {
		const [{ id: centreId }] = await h.rows<{ id: number }>(sql`select id from service_centres where code = 'NT-TTPVHCC'`);
		const [{ id: q02 }] = await h.rows<{ id: number }>(sql`select id from counters where centre_id = ${centreId} and code = 'Q02'`);
		const taken = await saveCounter(h.db, centreId, { code: 'Q01', nameVi: 'Quầy 02', fields: [] }, q02);
		expect(taken).toEqual({ ok: false, problems: [{ field: 'code', key: 'centres.error.counterCodeTaken', params: { value: 'Q01' } }] });
		const moved = await saveCounter(h.db, centreId, { code: 'Q03', nameVi: 'Quầy 03 – Chứng thực', nameEn: null, fields: ['CT'] }, q02);
		expect(moved).toEqual({ ok: true, id: q02, result: 'updated' });
		expect((await counterRows()).filter((r) => r.centre === 'NT-TTPVHCC').map((r) => [r.code, r.fields])).toEqual([
			['Q01', 'HT'],
			['Q03', 'CT']
		]);
	});
});
