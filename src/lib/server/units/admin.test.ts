import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { allUnits, createUnit, saveUnit, unitTree } from './admin';

/**
 * The admin page's hand-made changes: an agency added, a unit edited and moved with its subtree,
 * a code corrected, and what the tree refuses (a loop, another province, an ended parent, a taken
 * code). Each change is audited.
 */
describe.each(testDatabaseKinds)('units by hand on %s', (kind) => {
	let h: DatabaseHandle;
	let adminId: number;
	const actor = () => ({ userId: adminId, ip: '198.51.100.4', via: 'form' as const });
	const unit = async (code: string) => (await h.db.select().from(s.units).where(eq(s.units.code, code)))[0];

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		[{ id: adminId }] = await h.db.insert(s.users).values({ username: 'quantri', displayName: 'Quản trị', passwordHash: 'x' }).returning();
	});
	afterAll(async () => h?.close());

	it('adds a province, agencies under it and a commune, with their paths', async () => {
		expect(await createUnit({ code: '56', nameVi: 'Tỉnh Khánh Hòa', level: 'province', category: 'Tỉnh' }, actor())).toMatchObject({ ok: true });
		expect(await createUnit({ code: '58', nameVi: 'Tỉnh Ninh Thuận', level: 'province' }, actor())).toMatchObject({ ok: true });
		for (const [code, nameVi, parentCode] of [
			['56-STP', 'Sở Tư pháp', '56'],
			['56-STC', 'Sở Tài chính', '56'],
			['56-CCT', 'Chi cục Thuế', '56-STP']
		])
			expect(await createUnit({ code, nameVi, level: 'department', parentCode }, actor())).toMatchObject({ ok: true });
		expect(await createUnit({ code: '22366', nameVi: 'Phường Nha Trang', level: 'commune', parentCode: '56', validFrom: '2025-07-01' }, actor())).toMatchObject({ ok: true });
		const [p, stp, cct] = [await unit('56'), await unit('56-STP'), await unit('56-CCT')];
		expect(cct.path).toBe(`/${p.id}/${stp.id}/${cct.id}/`);
		const [entry] = await h.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, String(cct.id)));
		expect(entry).toMatchObject({ action: 'unit.create', actorUserId: adminId, ip: '198.51.100.4' });
	});

	it('refuses a code already taken, a commune without an official code, and a province with a parent', async () => {
		expect(await createUnit({ code: '56-STP', nameVi: 'Sở Tư pháp (lặp)', level: 'department', parentCode: '56' }, actor())).toMatchObject({
			ok: false,
			problems: [{ field: 'code', key: 'units.error.codeTaken' }]
		});
		expect(await createUnit({ code: 'PNT', nameVi: 'Phường Nha Trang Tây', level: 'commune', parentCode: '56' }, actor())).toMatchObject({
			ok: false,
			problems: [{ field: 'code', key: 'units.error.officialCode', params: { digits: 5 } }]
		});
	});

	it('moves a unit with its subtree, and corrects a code (audited)', async () => {
		const stp = await unit('56-STP');
		expect(await saveUnit(stp.id, { code: '56-STP', nameVi: 'Sở Tư pháp', level: 'department', parentCode: '56-STC' }, actor())).toEqual({ ok: true });
		const [p, stc, moved, cct] = [await unit('56'), await unit('56-STC'), await unit('56-STP'), await unit('56-CCT')];
		expect(moved.path).toBe(`/${p.id}/${stc.id}/${moved.id}/`);
		expect(cct.path).toBe(`${moved.path}${cct.id}/`);
		expect(await saveUnit(cct.id, { code: '56-CCT-KV1', nameVi: 'Chi cục Thuế khu vực I', level: 'department', parentCode: '56-STP' }, actor())).toEqual({ ok: true });
		expect(await unit('56-CCT')).toBeUndefined();
		expect(await unit('56-CCT-KV1')).toMatchObject({ id: cct.id, nameVi: 'Chi cục Thuế khu vực I', path: cct.path });
		const entries = await h.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, String(cct.id))).orderBy(asc(s.auditLog.id));
		expect(entries.map((e) => e.action)).toEqual(['unit.create', 'unit.recode', 'unit.rename']);
		expect(entries[1].detail).toMatchObject({ from: '56-CCT', to: '56-CCT-KV1' });
	});

	it('refuses a loop, a move to another province and an ended parent, changing nothing', async () => {
		const stc = await unit('56-STC');
		const before = await h.db.select().from(s.units).orderBy(asc(s.units.id));
		expect(await saveUnit(stc.id, { code: '56-STC', nameVi: 'Sở Tài chính', level: 'department', parentCode: '56-CCT-KV1' }, actor())).toMatchObject({
			ok: false,
			problems: [{ field: 'parentCode', key: 'units.error.cycle' }]
		});
		expect(await saveUnit(stc.id, { code: '56-STC', nameVi: 'Sở Tài chính', level: 'department', parentCode: '58' }, actor())).toMatchObject({
			ok: false,
			problems: [{ field: 'parentCode', key: 'units.error.otherProvince' }]
		});
		// a code correction refused with the move is rolled back with it
		expect(await saveUnit(stc.id, { code: '56-STC2', nameVi: 'Sở Tài chính', level: 'department', parentCode: '58' }, actor())).toMatchObject({ ok: false });
		await h.db.update(s.units).set({ dissolvedAt: new Date('2025-06-30T17:00:00Z') }).where(eq(s.units.code, '56-STP'));
		expect(await createUnit({ code: '56-VP', nameVi: 'Văn phòng', level: 'department', parentCode: '56-STP' }, actor())).toMatchObject({
			ok: false,
			problems: [{ field: 'parentCode', key: 'units.error.parentDissolved' }]
		});
		await h.db.update(s.units).set({ dissolvedAt: null }).where(eq(s.units.code, '56-STP'));
		expect(await h.db.select().from(s.units).orderBy(asc(s.units.id))).toEqual(before);
		expect(await saveUnit(999_999, { code: 'X', nameVi: 'X', level: 'other', parentCode: '56' }, actor())).toBeNull();
	});

	it('lists the tree in reading order and finds a unit by name without accents, with its ancestors', async () => {
		const all = await allUnits();
		expect(unitTree(all).map((u) => `${'  '.repeat(u.depth)}${u.code}`)).toEqual(['56', '  56-STC', '    56-STP', '      56-CCT-KV1', '  22366', '58']);
		const found = unitTree(all, 'chi cuc thue');
		expect(found.map((u) => [u.code, u.match])).toEqual([
			['56', false],
			['56-STC', false],
			['56-STP', false],
			['56-CCT-KV1', true]
		]);
		expect(unitTree(all, '22366').map((u) => u.code)).toEqual(['56', '22366']);
	});
});
