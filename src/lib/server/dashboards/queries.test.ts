import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { officerStats, unitsStats } from './api';
import { periodFromDays } from './period';
import { heatmap, monthlyFigures, officerBreakdown, subtreeOfficers, unitFigures } from './queries';

/**
 * The dashboards' read models on a small hand-made table (figures worked out below), on both
 * databases: what a unit head, the reform team and an integration would see.
 *
 * Phường Xương Huân (the fixture's unit), 2 officers, March 2026 (Vietnam time):
 *   Lan  (fixture officer): 4 services, ratings 1,1,2,5 at 09:xx on Mon 2 Mar (+ one excluded
 *        level-1 and one not-counted press); reasons on the level-5: attitude, waiting_time.
 *   Đức: 2 services, rating 3 at 14:30 on Tue 3 Mar; in February (previous period) 2 ratings,
 *        both level 1.
 * Scale: 1–2 satisfied, 3 neutral, 4–5 dissatisfied.
 */
const at = (day: string, time: string) => `2026-03-${day}T${time}+07:00`;

describe.each(testDatabaseKinds)('dashboard read models on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let duc: number;
	let unitPath: string;
	const march = periodFromDays('2026-03-01', '2026-03-31');

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedCentre(h.db, 1);
		[{ id: duc }] = await h.db.insert(s.officers).values({ staffNumber: 'CB002', fullName: 'Trần Văn Đức' }).returning();
		await h.db.insert(s.officerAssignments).values([
			{ officerId: f.officerId, unitId: f.unitId, positionVi: 'Công chức Tư pháp – Hộ tịch', startedAt: new Date('2025-01-01') },
			{ officerId: duc, unitId: f.unitId, positionVi: 'Công chức Văn phòng', startedAt: new Date('2025-01-01') }
		]);
		[{ path: unitPath }] = await h.rows<{ path: string }>(sql`select path from units where id = ${f.unitId}`);
		await h.db.execute(sql`update units set code = 'KH-PXH' where id = ${f.unitId}`);
		const dossier = await f.dossier();
		const services = [
			...[1, 2, 3, 4].map(() => ({ officerId: f.officerId, openedAt: at('02', '08:30:00') })),
			...[1, 2].map(() => ({ officerId: duc, openedAt: at('03', '14:00:00') }))
		];
		await h.db.insert(s.serviceEvents).values(
			services.map((x) => ({ dossierId: dossier, counterId: f.counterIds[0], unitId: f.unitId, stage: 'receiving' as const, officerId: x.officerId, openedAt: new Date(x.openedAt), closedAt: new Date(Date.parse(x.openedAt) + 300_000) }))
		);
		const rating = (key: string, officerId: number, level: number, iso: string, extra: Partial<typeof s.ratings.$inferInsert> = {}) => ({
			idempotencyKey: key,
			scaleId: f.scaleId,
			level,
			source: 'tablet' as const,
			pressedAt: new Date(iso),
			officerId,
			unitId: f.unitId,
			dossierId: dossier,
			stage: 'receiving' as const,
			counted: true,
			...extra
		});
		const rows = await h.db
			.insert(s.ratings)
			.values([
				rating('a', f.officerId, 1, at('02', '09:05:00')),
				rating('b', f.officerId, 1, at('02', '09:15:00')),
				rating('c', f.officerId, 2, at('02', '09:25:00')),
				rating('d', f.officerId, 5, at('02', '09:35:00'), { reasonCodes: ['attitude', 'waiting_time'] }),
				rating('e', f.officerId, 1, at('02', '09:45:00')),
				rating('f', f.officerId, 1, at('02', '09:46:00'), { counted: false, notCountedReason: 'repeat_press' }),
				rating('g', duc, 3, at('03', '14:30:00')),
				rating('h', duc, 1, '2026-02-10T10:00:00+07:00'),
				rating('i', duc, 1, '2026-02-11T10:00:00+07:00')
			])
			.returning({ id: s.ratings.id, key: s.ratings.idempotencyKey });
		const [admin] = await h.db.insert(s.users).values({ username: 'dash-admin', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		const excluded = rows.find((r) => r.key === 'e')!.id;
		await h.db.insert(s.ratingExclusions).values({ ratingId: excluded, reason: 'test_data', note: 'bấm thử', excludedBy: admin.id });
	});
	afterAll(async () => h?.close());

	it('gives the unit head each officer’s services, counted ratings by class and the previous period', async () => {
		const rows = await subtreeOfficers(unitPath, march);
		const lan = rows.find((r) => r.id === f.officerId)!;
		const tran = rows.find((r) => r.id === duc)!;
		expect(lan).toMatchObject({ fullName: 'Nguyễn Thị Lan', services: 4, ratings: 4, satisfied: 3, neutral: 0, dissatisfied: 1, prevRatings: 0, positionVi: 'Công chức Tư pháp – Hộ tịch' });
		expect(tran).toMatchObject({ services: 2, ratings: 1, satisfied: 0, neutral: 1, dissatisfied: 0, prevRatings: 2, prevSatisfied: 2 });
	});

	it('gives the reform team unit figures, months and the hour × weekday grid', async () => {
		const [unit] = await unitFigures([unitPath], march);
		expect(unit).toMatchObject({ services: 6, ratings: 5, satisfied: 3, neutral: 1, dissatisfied: 1, prevRatings: 2, prevSatisfied: 2 });
		const months = await monthlyFigures([unitPath], march, 3);
		expect(months.map((m) => [m.month, m.ratings, m.satisfied])).toEqual([
			['2026-01', 0, 0],
			['2026-02', 2, 2],
			['2026-03', 5, 3]
		]);
		expect(await heatmap([unitPath], march)).toEqual([
			{ weekday: 1, hour: 9, ratings: 4, satisfied: 3 },
			{ weekday: 2, hour: 14, ratings: 1, satisfied: 0 }
		]);
	});

	it('breaks one officer down by level, stage, day, reason, procedure and hour', async () => {
		const b = await officerBreakdown(f.officerId, [unitPath], march);
		expect(b.totals).toMatchObject({ services: 4, ratings: 4, satisfied: 3 });
		expect(b.levels.map((l) => l.count)).toEqual([2, 1, 0, 0, 1]);
		expect(b.stages).toEqual([{ stage: 'receiving', services: 4, ratings: 4, satisfied: 3, neutral: 0, dissatisfied: 1 }]);
		expect(b.daily).toHaveLength(31);
		expect(b.daily.find((d) => d.day === '2026-03-02')).toMatchObject({ ratings: 4, satisfied: 3 });
		expect(b.reasons).toEqual([
			{ code: 'attitude', count: 1 },
			{ code: 'waiting_time', count: 1 }
		]);
		expect(b.procedures).toEqual([expect.objectContaining({ nameVi: 'Đăng ký khai sinh', ratings: 4, satisfied: 3 })]);
		expect(b.hours).toEqual([{ weekday: 1, hour: 9, ratings: 4, satisfied: 3 }]);
		// Outside the viewer's scope there is nothing to see.
		expect((await officerBreakdown(f.officerId, ['/999999/'], march)).totals.ratings).toBe(0);
	});

	it('answers integrations with the same figures, and refuses bad periods and units out of scope', async () => {
		const url = new URL('http://x/api/v1/stats/units?from=2026-03-01&to=2026-03-31');
		const units = await unitsStats(url, unitPath);
		expect(units.units[0]).toMatchObject({ code: 'KH-PXH', subtree: { ratings: 5, satisfied: 3, satisfactionRate: 0.6, participationRate: 5 / 6 } });
		const officers = await officerStats(url, unitPath, 'KH-PXH');
		expect(officers.officers.find((o) => o.staffNumber === 'CB001')).toMatchObject({ fullName: 'Nguyễn Thị Lan', ratings: 4, satisfactionRate: 0.75 });
		await expect(unitsStats(new URL('http://x/?from=2026-03-31&to=2026-03-01'), unitPath)).rejects.toMatchObject({ status: 400 });
		await expect(officerStats(url, '/999999/', 'KH-PXH')).rejects.toMatchObject({ status: 404 });
	});
});
