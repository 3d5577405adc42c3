import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedDossierFixture, type DossierFixture } from '../dossiers/test-fixture';
import { readOfficers } from './api';
import { upsertOfficers } from './upsert';

describe.each(testDatabaseKinds)('officers upserted by the HR software on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	let province: string;
	const nt = () => [f.nhaTrang.path];
	const officer = (staffNumber: string, extra: Record<string, unknown> = {}) => ({
		staffNumber,
		fullName: 'Lê Thị Ánh',
		titleVi: 'Chuyên viên',
		postings: [{ unitCode: 'KH-PNT', positionVi: 'Công chức Một cửa', from: '2025-07-01' }],
		...extra
	});
	const postingsOf = (staffNumber: string) =>
		h.rows<{ code: string; position_vi: string; started_at: string | Date; ended_at: string | Date | null }>(sql`
			select u.code, a.position_vi, a.started_at, a.ended_at from officer_assignments a
			join units u on u.id = a.unit_id join officers o on o.id = a.officer_id
			where o.staff_number = ${staffNumber} order by a.started_at`);
	const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		province = `/${f.provinceId}/`;
	});
	afterAll(async () => h?.close());

	it('creates officers with their postings; the same batch again changes nothing', async () => {
		const batch = [officer('KH-1001'), officer('KH-1002', { fullName: 'Nguyễn Văn Bình', titleVi: null, active: false })];
		const first = await upsertOfficers(batch, [province]);
		expect(first.written).toBe(true);
		expect(first.results.map((r) => r.result)).toEqual(['created', 'created']);
		const [row] = await h.rows<{ full_name: string; title_vi: string | null; active: boolean }>(sql`select full_name, title_vi, active from officers where staff_number = 'KH-1002'`);
		expect(row).toEqual({ full_name: 'Nguyễn Văn Bình', title_vi: null, active: false });
		expect((await postingsOf('KH-1001')).map((p) => [p.code, iso(p.started_at), p.ended_at])).toEqual([['KH-PNT', '2025-06-30T17:00:00.000Z', null]]);
		const again = await upsertOfficers(batch, [province]);
		expect(again.results.map((r) => r.result)).toEqual(['unchanged', 'unchanged']);
		// decomposed Vietnamese comes in as the same (NFC) name: unchanged
		const nfd = await upsertOfficers([officer('KH-1001', { fullName: 'Lê Thị Ánh'.normalize('NFD') })], [province]);
		expect(nfd.results[0].result).toBe('unchanged');
	});

	it('a changed unit from a later day is a transfer; the new list and the old list then change nothing', async () => {
		const moved = officer('KH-1001', { postings: [{ unitCode: 'KH-PCR', positionVi: 'Công chức Một cửa', from: '01/03/2026' }] });
		const transfer = await upsertOfficers([moved], [province]);
		expect(transfer.results).toMatchObject([{ result: 'updated', transfers: 1 }]);
		expect((await postingsOf('KH-1001')).map((p) => [p.code, iso(p.started_at), iso(p.ended_at)])).toEqual([
			['KH-PNT', '2025-06-30T17:00:00.000Z', '2026-02-28T17:00:00.000Z'],
			['KH-PCR', '2026-02-28T17:00:00.000Z', null]
		]);
		expect((await upsertOfficers([moved], [province])).results[0].result).toBe('unchanged');
		expect((await upsertOfficers([officer('KH-1001')], [province])).results[0].result).toBe('unchanged');
		expect(await postingsOf('KH-1001')).toHaveLength(2);
	});

	it('refuses bad items, naming each field; nothing is written unless partial', async () => {
		const items = [
			officer('KH-2001', { postings: [{ unitCode: 'KHONG-CO', positionVi: 'Chuyên viên', from: '2025-07-01' }] }),
			officer('KH-2002', { postings: [{ unitCode: 'KH-PNT', positionVi: 'Chuyên viên', from: '31/02/2025' }] }),
			officer('KH-2003'),
			officer('KH-2003'),
			// KH-1001 was in Nha Trang until 2026-02-28: another Nha Trang posting from 2026-02-01 overlaps it
			officer('KH-1001', { postings: [{ unitCode: 'KH-PNT', positionVi: 'Chuyên viên', from: '2026-02-01' }] }),
			officer('KH-2005', { extra: 1 }),
			officer('KH-2006', { postings: [{ unitCode: 'KH-PNT', positionVi: 'Chuyên viên', from: '2025-07-01', to: '2025-06-30' }] }),
			officer('KH 2007')
		];
		const refused = await upsertOfficers(items, [province]);
		expect(refused.written).toBe(false);
		expect(refused.problems.map((p) => [p.index, p.field, p.key])).toEqual([
			[0, 'postings[0].unitCode', 'dossiers.error.unknownUnit'],
			[1, 'postings[0].from', 'officers.error.day'],
			[3, 'staffNumber', 'officers.error.duplicateInBatch'],
			[4, 'postings[0].from', 'officers.error.overlap'],
			[5, 'extra', 'dossiers.error.unknownField'],
			[6, 'postings[0].to', 'officers.error.endBeforeStart'],
			[7, 'staffNumber', 'officers.error.staffNumber']
		]);
		expect(refused.problems[3].params).toEqual({ unit: 'KH-PNT', from: '2025-07-01', to: '2026-02-28' });
		const [{ n }] = await h.rows<{ n: number }>(sql`select count(*)::int as n from officers where staff_number like 'KH-200%'`);
		expect(n).toBe(0);
		const partial = await upsertOfficers(items, [province], { partial: true });
		expect(partial.written).toBe(true);
		expect(partial.results.map((r) => r.staffNumber)).toEqual(['KH-2003']);
	});

	it('keeps to its scope: another commune’s officer and units are refused as forbidden, history elsewhere may be listed', async () => {
		const foreign = await upsertOfficers([officer('KH-000202', { fullName: 'Trần Văn Đức' })], nt());
		expect(foreign.problems).toMatchObject([{ field: 'staffNumber', key: 'dossiers.error.officerOutOfScope', forbidden: true }]);
		const outward = await upsertOfficers([officer('KH-3001', { postings: [{ unitCode: 'KH-PCR', positionVi: 'Chuyên viên', from: '2025-07-01' }] })], nt());
		expect(outward.problems).toMatchObject([{ field: 'postings[0].unitCode', key: 'dossiers.error.unitOutOfScope', forbidden: true }]);
		const bare = await upsertOfficers([{ staffNumber: 'KH-3002', fullName: 'Phan Văn Cường' }], nt());
		expect(bare.problems).toMatchObject([{ field: 'postings', key: 'officers.error.needsPosting', forbidden: true }]);
		// an officer who came to Nha Trang from Cam Ranh: the Cam Ranh years are listed as stored
		const history = [
			{ unitCode: 'KH-PCR', positionVi: 'Chuyên viên', from: '2020-01-01', to: '2024-12-31' },
			{ unitCode: 'KH-PNT', positionVi: 'Chuyên viên', from: '2025-01-01' }
		];
		expect((await upsertOfficers([officer('KH-3003', { postings: history })], [province])).written).toBe(true);
		expect((await upsertOfficers([officer('KH-3003', { postings: history })], nt())).results).toMatchObject([{ result: 'unchanged' }]);
		// …but not changed from Nha Trang
		const rewrite = [{ ...history[0], to: '2024-06-30' }, history[1]];
		expect((await upsertOfficers([officer('KH-3003', { postings: rewrite })], nt())).problems).toMatchObject([{ field: 'postings[0].unitCode', forbidden: true }]);
	});

	it('links an existing account, and refuses one linked elsewhere or holding roles outside the scope', async () => {
		const [canbo, other, chief] = await h.db
			.insert(s.users)
			.values([
				{ username: 'canbo.anh', displayName: 'Lê Thị Ánh', passwordHash: 'x' },
				{ username: 'canbo.duc', displayName: 'Trần Văn Đức', passwordHash: 'x', officerId: f.officerCR },
				{ username: 'lanhdao.tinh', displayName: 'Lãnh đạo tỉnh', passwordHash: 'x' }
			])
			.returning();
		await h.db.insert(s.userRoles).values([
			{ userId: canbo.id, role: 'officer', unitId: f.nhaTrang.id },
			{ userId: chief.id, role: 'unit_head', unitId: f.provinceId }
		]);
		const linked = await upsertOfficers([officer('KH-3003', { postings: undefined, username: 'CANBO.ANH' })], nt());
		expect(linked.results).toMatchObject([{ result: 'updated' }]);
		const [u] = await h.rows<{ officer_id: number }>(sql`select officer_id from users where id = ${canbo.id}`);
		expect(u.officer_id).toBe(linked.results[0].id);
		expect((await upsertOfficers([officer('KH-3003', { postings: undefined, username: 'canbo.anh' })], nt())).results[0].result).toBe('unchanged');
		const taken = await upsertOfficers([officer('KH-3004', { username: 'canbo.duc' })], [province]);
		expect(taken.problems).toMatchObject([{ field: 'username', key: 'officers.error.userLinked', params: { value: 'canbo.duc', other: 'KH-000202' } }]);
		const wider = await upsertOfficers([officer('KH-3004', { username: 'lanhdao.tinh' })], nt());
		expect(wider.problems).toMatchObject([{ field: 'username', key: 'officers.error.userOutOfScope', forbidden: true }]);
		expect(other.officerId).toBe(f.officerCR);
		const unlinked = await upsertOfficers([officer('KH-3003', { postings: undefined, username: null })], nt());
		expect(unlinked.results[0].result).toBe('updated');
		const [after] = await h.rows<{ officer_id: number | null }>(sql`select officer_id from users where id = ${canbo.id}`);
		expect(after.officer_id).toBeNull();
	});

	it('reads officers in scope a page at a time, in the shape it accepts: sending it back changes nothing', async () => {
		const first = await readOfficers(nt(), { after: 0, limit: 2 });
		expect(first.items).toHaveLength(2);
		expect(first.next).not.toBeNull();
		const rest = await readOfficers(nt(), { after: first.next!, limit: 1000 });
		const all = [...first.items, ...rest.items];
		expect(rest.next).toBeNull();
		// Nha Trang: the fixture's officer, KH-1002 and KH-2003 (KH-1001 moved to Cam Ranh), KH-3003
		expect(all.map((o) => o.staffNumber).sort()).toEqual(['KH-000101', 'KH-1002', 'KH-2003', 'KH-3003']);
		expect(all.find((o) => o.staffNumber === 'KH-3003')).toMatchObject({
			postings: [
				{ unitCode: 'KH-PCR', from: '2020-01-01', to: '2024-12-31' },
				{ unitCode: 'KH-PNT', from: '2025-01-01', to: null }
			],
			username: null
		});
		const echo = await upsertOfficers(all, nt());
		expect(echo.problems).toEqual([]);
		expect(echo.results.map((r) => r.result)).toEqual(all.map(() => 'unchanged'));
		expect((await readOfficers(nt(), { staffNumber: 'KH-000202', after: 0, limit: 10 })).items).toEqual([]);
	});
});
