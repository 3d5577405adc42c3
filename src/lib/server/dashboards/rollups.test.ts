import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import {
	rebuildRollups,
	recomputedCounterDay,
	recomputedOfficerDay,
	recomputedUnitDay,
	recomputedUnitHour,
	storedCounterDay,
	storedOfficerDay,
	storedUnitDay,
	storedUnitHour
} from './rollups';

/**
 * The rollups kept by the triggers must equal a recomputation from the raw rows after any mix of
 * rating batches (counted or not, two scales, at either of two counters or none), services,
 * exclusions and revocations, including instants either side of Vietnam's local midnight (17:00 UTC).
 */

const sorted = (rows: Record<string, unknown>[]) =>
	rows
		.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'day' ? String(v instanceof Date ? v.toISOString().slice(0, 10) : v).slice(0, 10) : k === 'stage' ? v : Number(v)])))
		.map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, r[k]])))
		.sort();

// Dossier times are multiples of 100 minutes, so completions exactly at the due time are common.
// Minutes from 2026-03-01T16:00Z: 0–300 straddles local midnight (17:00Z) of 2 March.
const minute = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 3 * 1440 }));
const at = (m: number) => new Date(Date.parse('2026-03-01T16:00:00Z') + m * 60_000).toISOString();

type Op =
	| { kind: 'ratings'; items: { officer: number; unit: number; stage: 0 | 1; scale: 0 | 1; level: number; counted: boolean; minute: number; source: (typeof SOURCES)[number]; counter: number | null }[] }
	| { kind: 'services'; items: { officer: number; unit: number; stage: 0 | 1; minute: number }[] }
	| { kind: 'dossiers'; items: { unit: number; received: number; dueAfter: number; completedAfter: number | null }[] }
	| { kind: 'complete'; pick: number; after: number; unit: number }
	| { kind: 'exclude'; pick: number }
	| { kind: 'revoke'; pick: number };

const SOURCES = ['tablet', 'button_box', 'qr', 'web'] as const;
const ids = { officer: fc.integer({ min: 0, max: 2 }), unit: fc.integer({ min: 0, max: 1 }), stage: fc.constantFrom<0 | 1>(0, 1) };
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant('ratings' as const), items: fc.array(fc.record({ ...ids, scale: fc.constantFrom<0 | 1>(0, 1), level: fc.integer({ min: 1, max: 5 }), counted: fc.boolean(), minute, source: fc.constantFrom(...SOURCES), counter: fc.option(fc.integer({ min: 0, max: 1 })) }), { minLength: 1, maxLength: 12 }) }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('services' as const), items: fc.array(fc.record({ ...ids, minute }), { minLength: 1, maxLength: 6 }) }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('dossiers' as const), items: fc.array(fc.record({ unit: ids.unit, received: minute, dueAfter: fc.integer({ min: 0, max: 20 }).map((n) => n * 100), completedAfter: fc.option(fc.integer({ min: 0, max: 30 }).map((n) => n * 100)) }), { minLength: 1, maxLength: 5 }) }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 30 }).map((n) => n * 100), unit: ids.unit }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('exclude' as const), pick: fc.nat() }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), pick: fc.nat() }) }
);

describe.each(testDatabaseKinds)('rollups on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let units: number[];
	let officers: number[];
	let scales: number[];
	let adminId: number;
	let dossierId: number;
	let procedureId: number;
	let keySeq = 0;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		f = await seedCentre(h.db, 2);
		const [u2] = await h.db.insert(s.units).values({ code: 'PY', nameVi: 'Phường Vĩnh Hải', level: 'commune', path: '/0/' }).returning();
		units = [f.unitId, u2.id];
		const more = await h.db.insert(s.officers).values([{ staffNumber: 'CB002', fullName: 'Trần Văn Đức' }, { staffNumber: 'CB003', fullName: 'Lê Thị Ánh' }]).returning();
		officers = [f.officerId, ...more.map((o) => o.id)];
		// A 3-level scale beside the fixture's 5-level one: level 3 is dissatisfied here, neutral there.
		const [three] = await h.db.insert(s.ratingScales).values({ code: 'three', version: 1, levelCount: 3, nameVi: 'Thang 3 mức' }).returning();
		await h.db.insert(s.ratingScaleLevels).values([
			{ scaleId: three.id, level: 1, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', class: 'satisfied' },
			{ scaleId: three.id, level: 2, labelVi: 'Hài lòng', labelEn: 'Satisfied', class: 'satisfied' },
			{ scaleId: three.id, level: 3, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', class: 'dissatisfied' }
		]);
		scales = [f.scaleId, three.id];
		const [admin] = await h.db.insert(s.users).values({ username: 'rollup-admin', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		adminId = admin.id;
		dossierId = await f.dossier();
		const [p] = await h.rows<{ id: number | string }>(sql`select id from procedures limit 1`);
		procedureId = Number(p.id);
	});
	afterAll(async () => h?.close());

	async function apply(o: Op) {
		if (o.kind === 'ratings') {
			const rows = o.items.map((i) => {
				const level = i.scale === 1 ? Math.min(i.level, 3) : i.level;
				const counter = i.counter === null ? null : f.counterIds[i.counter];
				return sql`(${`prop:${++keySeq}`}, ${scales[i.scale]}, ${level}, ${i.source}, ${at(i.minute)}::timestamptz, ${counter}::int, ${officers[i.officer]}, ${units[i.unit]}, ${i.stage ? 'returning' : 'receiving'}, ${i.counted}, ${i.counted ? null : 'no_service'})`;
			});
			await h.db.execute(sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, counter_id, officer_id, unit_id, stage, counted, not_counted_reason) values ${sql.join(rows, sql`, `)}`);
		} else if (o.kind === 'services') {
			const rows = o.items.map((i) => sql`(${dossierId}, ${f.counterIds[0]}, ${officers[i.officer]}, ${units[i.unit]}, ${i.stage ? 'returning' : 'receiving'}, ${at(i.minute)}::timestamptz, ${at(i.minute + 5)}::timestamptz)`);
			await h.db.execute(sql`insert into service_events (dossier_id, counter_id, officer_id, unit_id, stage, opened_at, closed_at) values ${sql.join(rows, sql`, `)}`);
		} else if (o.kind === 'dossiers') {
			const rows = o.items.map(
				(i) =>
					sql`(${units[0]}, ${units[i.unit]}, ${`D-${++keySeq}`}, ${procedureId}, 'counter', ${at(i.received)}::timestamptz, ${at(i.received + i.dueAfter)}::timestamptz, ${i.completedAfter === null ? null : at(i.received + i.completedAfter)}::timestamptz)`
			);
			await h.db.execute(sql`insert into dossiers (province_id, unit_id, code, procedure_id, channel, received_at, due_at, completed_at) values ${sql.join(rows, sql`, `)}`);
		} else if (o.kind === 'complete') {
			// Completing, re-dating or moving a dossier to another unit (one statement, several rows).
			await h.db.execute(sql`update dossiers set completed_at = received_at + ${`${o.after} minutes`}::interval, unit_id = case when id % 3 = 0 then ${units[o.unit]} else unit_id end
				where id % ${(o.pick % 4) + 2} = 0`);
		} else if (o.kind === 'exclude') {
			const candidates = await h.rows<{ id: number | string }>(sql`select r.id from ratings r where not exists (select 1 from rating_exclusions x where x.rating_id = r.id and x.revoked_at is null) order by r.id`);
			if (candidates.length === 0) return;
			await h.db.insert(s.ratingExclusions).values({ ratingId: Number(candidates[o.pick % candidates.length].id), reason: 'test_data', note: 'kiểm thử', excludedBy: adminId });
		} else {
			const active = await h.rows<{ id: number | string }>(sql`select id from rating_exclusions where revoked_at is null order by id`);
			if (active.length === 0) return;
			await h.db.execute(sql`update rating_exclusions set revoked_at = now(), revoked_by = ${adminId} where id = ${Number(active[o.pick % active.length].id)}`);
		}
	}

	async function expectAgreement() {
		expect(sorted(await h.rows(storedOfficerDay))).toEqual(sorted(await h.rows(recomputedOfficerDay)));
		expect(sorted(await h.rows(storedUnitHour))).toEqual(sorted(await h.rows(recomputedUnitHour)));
		expect(sorted(await h.rows(storedUnitDay))).toEqual(sorted(await h.rows(recomputedUnitDay)));
		expect(sorted(await h.rows(storedCounterDay))).toEqual(sorted(await h.rows(recomputedCounterDay)));
	}

	it('equal a recomputation from raw rows after any sequence of changes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
				for (const o of ops) await apply(o);
				await expectAgreement();
			}),
			{ numRuns: 25 }
		);
		const [{ n }] = await h.rows<{ n: number | string }>(sql`select count(*) as n from rollup_officer_day where ratings > 0`);
		expect(Number(n)).toBeGreaterThan(0);
		// both counters were rated, and some counted ratings named none (they count for no counter)
		const [c] = await h.rows<{ counters: number | string; without: number | string }>(sql`
			select (select count(distinct counter_id) from rollup_counter_day where ratings > 0) as counters,
				(select count(*) from ratings where counted and counter_id is null) as without`);
		expect(Number(c.counters)).toBe(2);
		expect(Number(c.without)).toBeGreaterThan(0);
	});

	it('counts the ratings stored before rollup_counter_day existed in once, when rollups.sql is applied, and never twice', async () => {
		const expected = sorted(await h.rows(recomputedCounterDay));
		expect(expected.length).toBeGreaterThan(0);
		// as a database upgraded from before drizzle/0025: the table empty, the count not recorded, rollups.sql of an older text
		await h.db.execute(sql`delete from rollup_counter_day`);
		await h.db.execute(sql`delete from rollup_builds where name = 'counter_day'`);
		await h.db.execute(sql`delete from hl_current_state where name = 'rollups.sql'`);
		await h.migrate('drizzle');
		expect(sorted(await h.rows(storedCounterDay))).toEqual(expected);
		// the file applied again (a later change to it): the count is not made again — a row changed
		// since (as the trigger would change it) keeps its change
		const [row] = await h.rows<{ unit_id: number; day: string; counter_id: number }>(sql`select unit_id, day::text as day, counter_id from rollup_counter_day limit 1`);
		const mark = sql`unit_id = ${row.unit_id} and day = ${row.day}::date and counter_id = ${row.counter_id}`;
		await h.db.execute(sql`update rollup_counter_day set ratings = ratings + 1000 where ${mark}`);
		await h.db.execute(sql`delete from hl_current_state where name = 'rollups.sql'`);
		await h.migrate('drizzle');
		const [after] = await h.rows<{ ratings: number | string }>(sql`select ratings from rollup_counter_day where ${mark}`);
		expect(Number(after.ratings)).toBeGreaterThanOrEqual(1000);
		await h.db.execute(sql`update rollup_counter_day set ratings = ratings - 1000 where ${mark}`);
		expect(sorted(await h.rows(storedCounterDay))).toEqual(expected);
	});

	it('puts a rating pressed at 23:59 local time on that day and one at 00:00 on the next', async () => {
		const before = '2026-05-10T16:59:00Z'; // 23:59 on 10 May in Vietnam
		const after = '2026-05-10T17:00:00Z'; // 00:00 on 11 May
		for (const [key, iso] of [['edge-a', before], ['edge-b', after]]) {
			await h.db.execute(sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, officer_id, unit_id, stage, counted)
				values (${key}, ${scales[0]}, 1, 'web', ${iso}::timestamptz, ${officers[2]}, ${units[1]}, 'receiving', true)`);
		}
		const rows = await h.rows<{ day: string | Date; hour: number | string; ratings: number | string }>(sql`
			select day::text as day, hour, ratings from rollup_unit_hour where unit_id = ${units[1]} and day between '2026-05-10' and '2026-05-11' order by day`);
		expect(rows.map((r) => [String(r.day), Number(r.hour), Number(r.ratings)])).toEqual([
			['2026-05-10', 23, 1],
			['2026-05-11', 0, 1]
		]);
	});

	it('refuses to move a service to another officer, and rebuilds to the same figures', async () => {
		const [e] = await h.rows<{ id: number | string }>(sql`select id from service_events order by id limit 1`);
		await expect(h.db.execute(sql`update service_events set officer_id = (select min(o.id) from officers o where o.id <> service_events.officer_id) where id = ${Number(e.id)}`)).rejects.toThrow();
		await h.db.execute(sql`update service_events set closed_at = now() where id = ${Number(e.id)}`);
		const before = sorted(await h.rows(storedOfficerDay));
		const counts = await rebuildRollups(h);
		expect(counts.officerDays).toBeGreaterThan(0);
		expect(counts.counterDays).toBeGreaterThan(0);
		expect(sorted(await h.rows(storedOfficerDay))).toEqual(before);
		await expectAgreement();
	});
});
