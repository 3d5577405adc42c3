import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { counterTotals, GLANCE_MIN_COUNT, officerTotals, overviewGlance, overviewTargets, peerUnits, rankAmong, worstOf } from './overview';
import { periodFromDays } from './period';

describe('rank among peer units', () => {
	const peers = [
		{ id: 1, part: 90, whole: 100 },
		{ id: 2, part: 95, whole: 100 },
		{ id: 3, part: 90, whole: 100 },
		{ id: 4, part: 29, whole: 29 }, // 100 % of too few: not ranked
		{ id: 5, part: 0, whole: 0 }
	];
	const rank = (id: number) => rankAmong(id, peers, (p) => p.part, (p) => p.whole);

	it('ranks best first, equal rates sharing a place, only peers with enough ratings', () => {
		expect(rank(2)).toEqual({ rank: 1, of: 3 });
		expect(rank(1)).toEqual({ rank: 2, of: 3 });
		expect(rank(3)).toEqual({ rank: 2, of: 3 });
	});

	it('does not rank a unit with too few ratings, nor one alone', () => {
		expect(GLANCE_MIN_COUNT).toBe(30);
		expect(rank(4)).toBeNull();
		expect(rank(5)).toBeNull();
		expect(rankAmong(1, [peers[0]], (p) => p.part, (p) => p.whole)).toBeNull();
	});
});

describe('the worst of the period, named fairly', () => {
	it('names the surely-lowest, not the unluckiest with a few ratings', () => {
		const rows = [
			{ id: 'few', ratings: 5, satisfied: 0 }, // 0 % of 5: below the minimum, never named
			{ id: 'steady', ratings: 400, satisfied: 300 }, // 75 % of 400: upper bound ≈ 79 %
			{ id: 'noisy', ratings: 30, satisfied: 21 }, // 70 % of 30: upper bound ≈ 83 %
			{ id: 'good', ratings: 200, satisfied: 190 }
		];
		const worst = worstOf(rows)!;
		expect(worst.id).toBe('steady');
		expect(worst.rate).toBe(0.75);
		expect(worst.high).toBeLessThan(0.8);
	});

	it('names nobody when fewer than two qualify', () => {
		expect(worstOf([{ ratings: 100, satisfied: 10 }, { ratings: 3, satisfied: 0 }])).toBeNull();
		expect(worstOf([])).toBeNull();
	});
});

/**
 * The overview's queries on hand-written rollup rows, on both databases:
 *   T (province) ─┬─ A ── A1
 *                 ├─ B
 *                 ├─ C
 *                 └─ D (dissolved)
 *   U (another province) ── E
 * Centres: "TTA" of A with counters Quầy 1 and Quầy 2, "TTB" of B with its own Quầy 1.
 */
describe.each(testDatabaseKinds)('overview queries on %s', (kind) => {
	let h: DatabaseHandle;
	const ids: Record<string, number> = {};
	const paths: Record<string, string> = {};
	const officers: Record<string, number> = {};
	const counters: Record<string, number> = {};
	const march = periodFromDays('2026-03-01', '2026-03-31');

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const unit = async (code: string, parent: string | null, dissolved = false) => {
			const [u] = await h.db
				.insert(s.units)
				.values({ code, nameVi: `Đơn vị ${code}`, level: parent ? 'commune' : 'province', path: `/0${Object.keys(ids).length}/`, parentId: parent ? ids[parent] : null, dissolvedAt: dissolved ? new Date('2026-01-01') : null })
				.returning();
			ids[code] = u.id;
			paths[code] = `${parent ? paths[parent] : '/'}${u.id}/`;
			await h.db.execute(sql`update units set path = ${paths[code]} where id = ${u.id}`);
		};
		await unit('T', null);
		await unit('A', 'T');
		await unit('A1', 'A');
		await unit('B', 'T');
		await unit('C', 'T');
		await unit('D', 'T', true);
		await unit('U', null);
		await unit('E', 'U');
		const day = (code: string, d: string, ratings: number, satisfied: number, extra: { services?: number; completed?: number; onTime?: number } = {}) => ({
			unitId: ids[code],
			day: d,
			services: extra.services ?? ratings * 2,
			ratings,
			satisfied,
			neutral: 0,
			dissatisfied: ratings - satisfied,
			received: 0,
			completed: extra.completed ?? 0,
			onTime: extra.onTime ?? 0
		});
		await h.db.insert(s.rollupUnitDay).values([
			day('A1', '2026-03-05', 40, 36, { completed: 10, onTime: 9 }),
			day('A', '2026-03-06', 10, 5),
			day('A', '2026-02-01', 100, 0), // before the period
			day('B', '2026-03-10', 50, 40, { completed: 20, onTime: 20 }),
			day('C', '2026-03-31', 10, 10),
			day('D', '2026-03-02', 70, 70),
			day('E', '2026-03-03', 100, 10)
		]);
		for (const [name, staff] of [
			['Lê Văn An', 'CB1'],
			['Phạm Thị Bình', 'CB2'],
			['Hoàng Văn Cường', 'CB3']
		] as const) {
			const [o] = await h.db.insert(s.officers).values({ staffNumber: staff, fullName: name }).returning();
			officers[staff] = o.id;
		}
		const od = (staff: string, code: string, d: string, ratings: number, satisfied: number, stage: s.Stage = 'receiving') => ({
			unitId: ids[code],
			day: d,
			officerId: officers[staff],
			stage,
			services: ratings,
			ratings,
			satisfied,
			neutral: 0,
			dissatisfied: ratings - satisfied
		});
		await h.db.insert(s.rollupOfficerDay).values([
			od('CB1', 'A', '2026-03-06', 10, 5),
			od('CB1', 'A1', '2026-03-07', 20, 20, 'returning'),
			od('CB2', 'A1', '2026-03-05', 40, 36),
			od('CB2', 'A1', '2026-04-01', 40, 0), // after the period
			od('CB3', 'B', '2026-03-10', 50, 40)
		]);
		for (const [centre, unitCode, names] of [
			['TTA', 'A', ['Quầy 1', 'Quầy 2']],
			['TTB', 'B', ['Quầy 1']]
		] as const) {
			const [c] = await h.db.insert(s.serviceCentres).values({ unitId: ids[unitCode], code: centre, nameVi: `Trung tâm ${centre}`, nameEn: `Centre ${centre}` }).returning();
			for (const [i, nameVi] of names.entries()) {
				const [k] = await h.db.insert(s.counters).values({ centreId: c.id, code: `Q${i + 1}`, nameVi }).returning();
				counters[`${centre}/${nameVi}`] = k.id;
			}
		}
		const cd = (counter: string, code: string, d: string, ratings: number, satisfied: number) => ({
			unitId: ids[code],
			day: d,
			counterId: counters[counter],
			ratings,
			satisfied,
			neutral: 0,
			dissatisfied: ratings - satisfied
		});
		await h.db.insert(s.rollupCounterDay).values([
			cd('TTA/Quầy 1', 'A', '2026-03-06', 200, 150), // 75 % of 200
			cd('TTA/Quầy 1', 'A1', '2026-03-07', 100, 75), // the same counter serving the sub-unit: 75 % of 300 in A
			cd('TTA/Quầy 2', 'A1', '2026-03-05', 30, 21), // 70 % of 30: lower, but less surely
			cd('TTA/Quầy 2', 'A1', '2026-04-01', 100, 0), // after the period
			cd('TTB/Quầy 1', 'A', '2026-03-10', 20, 0), // a counter of B's centre serving A: 0 % of too few
			cd('TTB/Quầy 1', 'B', '2026-03-10', 100, 95)
		]);
	});
	afterAll(async () => h?.close());

	it('gives each sibling its whole subtree in the period, without dissolved units or other provinces', async () => {
		const peers = await peerUnits(paths.A, march);
		expect(peers.map((p) => [p.nameVi, p.ratings, p.satisfied, p.completed, p.onTime])).toEqual([
			['Đơn vị A', 50, 41, 10, 9],
			['Đơn vị B', 50, 40, 20, 20],
			['Đơn vị C', 10, 10, 0, 0]
		]);
		expect(rankAmong(ids.A, peers, (p) => p.satisfied, (p) => p.ratings)).toEqual({ rank: 1, of: 2 });
	});

	it('keeps a dissolved unit among its peers when it is the one asked about, and compares top units with top units', async () => {
		expect((await peerUnits(paths.D, march)).map((p) => p.nameVi)).toContain('Đơn vị D');
		expect((await peerUnits(paths.T, march)).map((p) => [p.nameVi, p.ratings])).toEqual([
			['Đơn vị T', 180], // a dissolved unit's past ratings stay in its parent's subtree
			['Đơn vị U', 100]
		]);
	});

	it('sums each officer over stages and units in scope, for the period only', async () => {
		const inA = await officerTotals([paths.A], march);
		expect(inA.map((o) => [o.fullName, o.ratings, o.satisfied]).sort()).toEqual([
			['Lê Văn An', 30, 25],
			['Phạm Thị Bình', 40, 36]
		]);
		const all = await officerTotals(null, march);
		expect(all).toHaveLength(3);
	});

	it('sums each counter over the days and units in scope, for the period only, with its centre', async () => {
		const inA = await counterTotals([paths.A], march);
		expect(inA.map((c) => [c.centreNameVi, c.nameVi, c.ratings, c.satisfied]).sort()).toEqual([
			['Trung tâm TTA', 'Quầy 1', 300, 225],
			['Trung tâm TTA', 'Quầy 2', 30, 21],
			['Trung tâm TTB', 'Quầy 1', 20, 0]
		]);
		expect((await counterTotals([paths.B], march)).map((c) => [c.centreNameEn, c.ratings])).toEqual([['Centre TTB', 100]]);
		expect(await counterTotals([paths.E], march)).toEqual([]);
	});

	it('names the period’s worst counter fairly, and nobody when fewer than two counters qualify', async () => {
		const totals = { services: 0, ratings: 0, satisfied: 0, completed: 0, onTime: 0, prevServices: 0, prevRatings: 0, prevSatisfied: 0, prevCompleted: 0, prevOnTime: 0 };
		const inA = await overviewGlance([paths.A], [], march, totals, [], []);
		// Quầy 2's 70 % of 30 could be chance; Quầy 1's 75 % of 300 is surely low. TTB's 20 are too few.
		expect(inA.worst.counter).toMatchObject({ nameVi: 'Quầy 1', centreNameVi: 'Trung tâm TTA', centreNameEn: 'Centre TTA', ratings: 300, rate: 0.75 });
		const inB = await overviewGlance([paths.B], [], march, totals, [], []);
		expect(inB.worst.counter).toBeNull();
	});

	it('takes the satisfaction target from the NQ 76 setting and marks the others as the province’s own', async () => {
		const t2026 = await overviewTargets(2026);
		expect(t2026.satisfaction.value).toBe(0.95);
		expect(t2026.satisfaction.source).toMatch(/76\/NQ-CP/);
		expect((await overviewTargets(2025)).satisfaction.value).toBe(0.9);
		expect(t2026.participation.source).toBeNull();
		expect(t2026.onTime.source).toBeNull();
	});
});
