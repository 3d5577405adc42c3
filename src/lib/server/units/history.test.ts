import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { periodFromDays, unitHeadDashboard } from '../dashboards';
import { endUnit } from './successors';
import { subtreePredecessors, successionsOf } from './history';

/**
 * The unit page's history toggle on a merge worked out by hand (Vietnam time):
 *   Xã Cũ A (22400) ended on 1 July 2025 into Xã Mới B (22768), by the admin page's "end".
 *   Xã Cổ C (22300) had ended into A on 1 January 2025 (a chain).
 *   Lan rated in A on 20 June 2025 (2 ratings, satisfied and dissatisfied), and once more in A on
 *   5 July 2025, after A ended (a stray press: not before the merge, so never B's).
 *   Đức rated in C on 10 December 2024 (1, satisfied) and in C on 10 February 2025 (after C ended).
 *   Hoa rated in B on 10 July 2025 (1, satisfied).
 * B's page for 1 December 2024 – 31 July 2025: without the toggle Hoa only; with it also Lan's two
 * June ratings and Đức's December one.
 */
const at = (iso: string) => new Date(`${iso}+07:00`);

describe.each(testDatabaseKinds)('unit history through merges on %s', (kind) => {
	let h: DatabaseHandle;
	const ids: Record<string, number> = {};
	const paths: Record<string, string> = {};
	const choice = periodFromDays('2024-12-01', '2025-07-31');

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const add = async (key: string, code: string, nameVi: string, level: s.UnitLevel, parent?: string) => {
			const [u] = await h.db.insert(s.units).values({ code, nameVi, level, path: '/0/', parentId: parent ? ids[parent] : null }).returning();
			ids[key] = u.id;
			paths[key] = `${parent ? paths[parent] : '/'}${u.id}/`;
			await h.db.update(s.units).set({ path: paths[key] }).where(eq(s.units.id, u.id));
		};
		await add('P', '56', 'Tỉnh Khánh Hòa', 'province');
		await add('C', '22300', 'Xã Cổ C', 'commune', 'P');
		await add('A', '22400', 'Xã Cũ A', 'commune', 'P');
		await add('B', '22768', 'Xã Mới B', 'commune', 'P');
		const [scale] = await h.db.insert(s.ratingScales).values({ code: 'std', version: 1, levelCount: 3, nameVi: 'Thang 3 mức', active: true }).returning();
		await h.db.insert(s.ratingScaleLevels).values([
			{ scaleId: scale.id, level: 1, labelVi: 'Hài lòng', labelEn: 'Satisfied', class: 'satisfied' },
			{ scaleId: scale.id, level: 2, labelVi: 'Bình thường', labelEn: 'Neutral', class: 'neutral' },
			{ scaleId: scale.id, level: 3, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', class: 'dissatisfied' }
		]);
		const officers = await h.db
			.insert(s.officers)
			.values([
				{ staffNumber: 'CB-LAN', fullName: 'Nguyễn Thị Lan' },
				{ staffNumber: 'CB-DUC', fullName: 'Trần Văn Đức' },
				{ staffNumber: 'CB-HOA', fullName: 'Lê Thị Hoa' }
			])
			.returning();
		const [lan, duc, hoa] = officers.map((o) => o.id);
		let n = 0;
		const rating = (officerId: number, unit: string, level: number, when: string) => ({
			idempotencyKey: `k${++n}`,
			scaleId: scale.id,
			level,
			source: 'tablet' as const,
			pressedAt: at(when),
			officerId,
			unitId: ids[unit],
			stage: 'receiving' as const,
			counted: true
		});
		await h.db.insert(s.ratings).values([
			rating(lan, 'A', 1, '2025-06-20T09:00:00'),
			rating(lan, 'A', 3, '2025-06-20T10:00:00'),
			rating(lan, 'A', 1, '2025-07-05T09:00:00'),
			rating(duc, 'C', 1, '2024-12-10T09:00:00'),
			rating(duc, 'C', 1, '2025-02-10T09:00:00'),
			rating(hoa, 'B', 1, '2025-07-10T09:00:00')
		]);
		const [admin] = await h.db.insert(s.users).values({ username: 'quantri', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		const actor = { userId: admin.id, via: 'form' as const };
		expect(await endUnit(ids.C, { day: '2025-01-01', successorCodes: ['22400'], kind: 'whole' }, actor)).toMatchObject({ ok: true });
		expect(await endUnit(ids.A, { day: '2025-07-01', successorCodes: ['22768'], kind: 'whole', note: 'Sáp nhập toàn bộ' }, actor)).toMatchObject({ ok: true });
	});
	afterAll(async () => h?.close());

	const figures = (d: Awaited<ReturnType<typeof unitHeadDashboard>>) => ({
		officers: d.officers.map((o) => [o.fullName, o.ratings, o.satisfied]).sort(),
		totals: [d.totals.ratings, d.totals.satisfied],
		months: Object.fromEntries(d.months.filter((m) => m.ratings > 0).map((m) => [m.month, m.ratings])),
		hours: d.hours.map((c) => [c.weekday, c.hour, c.ratings])
	});

	it('finds the predecessors of a subtree through chains, each with the day its figures stop', async () => {
		expect((await subtreePredecessors(paths.B)).map((p) => [p.code, p.until])).toEqual([
			['22300', '2025-01-01'],
			['22400', '2025-07-01']
		]);
		// The province holds A and C already: nothing to add.
		expect(await subtreePredecessors(paths.P)).toEqual([]);
	});

	it('counts only the unit’s own ratings without the toggle', async () => {
		const d = await unitHeadDashboard({ id: ids.B, path: paths.B }, choice);
		expect(figures(d)).toEqual({ officers: [['Lê Thị Hoa', 1, 1]], totals: [1, 1], months: { '2025-07': 1 }, hours: [[4, 9, 1]] });
	});

	it('adds the predecessors’ ratings dated before the merge, and only those, with the toggle', async () => {
		const d = await unitHeadDashboard({ id: ids.B, path: paths.B }, choice, await subtreePredecessors(paths.B));
		expect(figures(d)).toEqual({
			officers: [
				['Lê Thị Hoa', 1, 1],
				['Nguyễn Thị Lan', 2, 1],
				['Trần Văn Đức', 1, 1]
			],
			totals: [4, 3],
			months: { '2024-12': 1, '2025-06': 2, '2025-07': 1 },
			hours: [
				[2, 9, 1], // Tue 10 Dec 2024
				[4, 9, 1], // Thu 10 Jul 2025
				[5, 9, 1], // Fri 20 Jun 2025
				[5, 10, 1]
			]
		});
		expect(d.unitRate).toBe(0.75);
	});

	it('links both ways: the ended unit to its successor, the successor to its predecessors; ending twice is refused', async () => {
		const a = await successionsOf(ids.A);
		expect(a.successors.map((x) => [x.code, x.kind, x.note, x.effectiveAt])).toEqual([['22768', 'whole', 'Sáp nhập toàn bộ', '2025-06-30T17:00:00.000Z']]);
		expect(a.predecessors.map((x) => x.code)).toEqual(['22300']);
		expect((await successionsOf(ids.B)).predecessors.map((x) => x.code)).toEqual(['22400']);
		const [stored] = await h.db.select().from(s.units).where(eq(s.units.id, ids.A));
		expect(stored.dissolvedAt?.toISOString()).toBe('2025-06-30T17:00:00.000Z');
		const again = await endUnit(ids.A, { day: '2025-08-01', successorCodes: ['22768'], kind: 'whole' }, { via: 'form' });
		expect(again).toMatchObject({ ok: false, problems: [{ key: 'units.error.alreadyEnded' }] });
		expect(await endUnit(ids.B, { day: '2025-08-01', successorCodes: ['22768'], kind: 'whole' }, { via: 'form' })).toMatchObject({
			ok: false,
			problems: [{ key: 'units.error.ownSuccessor' }]
		});
		// Nothing stored under the old unit moved: its ratings are still its own.
		expect((await h.db.select({ id: s.ratings.id }).from(s.ratings).where(eq(s.ratings.unitId, ids.A))).length).toBe(3);
	});
});
