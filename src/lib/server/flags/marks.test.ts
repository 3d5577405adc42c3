import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { rebuildRollups, recomputedMarks, storedMarks } from '../dashboards/rollups';
import {
	burstCandidates,
	foreignPresses,
	noServicePresses,
	officerTimes,
	officerTotals
} from './queries';

/**
 * rating_marks, kept by the triggers of migration 0010 as ratings arrive and bindings change,
 * must equal a recomputation from the raw rows after any mix of rating batches (presses seconds
 * apart, equal instants, either side of 07:00 and 17:30 local time and of a weekend, with and
 * without a service) and binding histories written, closed, reopened and deleted.
 */

// Seconds from Friday 2026-03-06 16:59:00 local time (09:59Z): tight clusters make bursts, the
// wide range crosses 17:30, midnight, the weekend and Monday 07:00.
const T0 = Date.parse('2026-03-06T09:59:00Z');
const second = fc.oneof(
	fc.integer({ min: 0, max: 40 }),
	fc.integer({ min: 0, max: 3 * 86_400 }),
	fc.integer({ min: 1_900, max: 1_960 })
);
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

type Op =
	| {
			kind: 'presses';
			items: {
				device: number | null;
				counter: number | null;
				second: number;
				noService: boolean;
			}[];
	  }
	| { kind: 'history'; device: number; counter: number; from: number; length: number }
	| { kind: 'bind'; device: number; counter: number; from: number }
	| { kind: 'unbind'; device: number; after: number }
	| { kind: 'delete'; pick: number };

const device = fc.integer({ min: 0, max: 2 });
const counter = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 5,
		arbitrary: fc.record({
			kind: fc.constant('presses' as const),
			items: fc.array(
				fc.record({
					device: fc.option(device, { freq: 5 }),
					counter: fc.option(counter, { freq: 5 }),
					second,
					noService: fc.boolean()
				}),
				{ minLength: 1, maxLength: 10 }
			)
		})
	},
	{
		weight: 1,
		arbitrary: fc.record({
			kind: fc.constant('history' as const),
			device,
			counter,
			from: second,
			length: fc.integer({ min: 0, max: 86_400 })
		})
	},
	{
		weight: 2,
		arbitrary: fc.record({ kind: fc.constant('bind' as const), device, counter, from: second })
	},
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('unbind' as const),
			device,
			after: fc.integer({ min: 0, max: 86_400 })
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) }
);

const sorted = (rows: Record<string, unknown>[]) =>
	rows
		.map((r) =>
			JSON.stringify([
				Number(r.rating_id),
				new Date(r.pressed_at as string | Date).getTime(),
				...[r.counter_id, r.device_id, r.officer_id, r.unit_id].map((v) =>
					v === null ? null : Number(v)
				),
				r.counted,
				r.no_service,
				r.burst,
				r.off_hours,
				r.foreign_device
			])
		)
		.sort();

describe.each(testDatabaseKinds)('rating marks on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let devices: number[];
	let keySeq = 0;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedCentre(h.db, 3);
		devices = [await f.box('BOX-A', null), await f.box('BOX-B', null), await f.box('BOX-C', null)];
	});
	afterAll(async () => h?.close());

	async function apply(o: Op) {
		if (o.kind === 'presses') {
			const rows = o.items.map((i) => {
				const counted = !i.noService && i.counter !== null;
				return sql`(${`mark:${++keySeq}`}, ${f.scaleId}, 1, 'button_box', ${at(i.second)}::timestamptz,
					${i.device === null ? null : devices[i.device]}, ${i.counter === null ? null : f.counterIds[i.counter]},
					${counted ? f.officerId : null}, ${counted ? f.unitId : null}, ${counted ? 'receiving' : null}, ${counted}, ${counted ? null : 'no_service'})`;
			});
			await h.db
				.execute(sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, device_id, counter_id, officer_id, unit_id, stage, counted, not_counted_reason)
				values ${sql.join(rows, sql`, `)}`);
		} else if (o.kind === 'history') {
			await h.db
				.execute(sql`insert into device_bindings (device_id, counter_id, bound_at, unbound_at)
				values (${devices[o.device]}, ${f.counterIds[o.counter]}, ${at(o.from)}::timestamptz, ${at(o.from + o.length)}::timestamptz)`);
		} else if (o.kind === 'bind') {
			const [open] = await h.rows(
				sql`select 1 from device_bindings where device_id = ${devices[o.device]} and unbound_at is null`
			);
			if (open) return;
			await h.db.execute(
				sql`insert into device_bindings (device_id, counter_id, bound_at) values (${devices[o.device]}, ${f.counterIds[o.counter]}, ${at(o.from)}::timestamptz)`
			);
		} else if (o.kind === 'unbind') {
			await h.db.execute(
				sql`update device_bindings set unbound_at = bound_at + ${`${o.after} seconds`}::interval where device_id = ${devices[o.device]} and unbound_at is null`
			);
		} else {
			const all = await h.rows<{ id: number | string }>(
				sql`select id from device_bindings order by id`
			);
			if (all.length === 0) return;
			await h.db.execute(
				sql`delete from device_bindings where id = ${Number(all[o.pick % all.length].id)}`
			);
		}
	}

	it('equal a recomputation from raw rows after any sequence of presses and binding changes', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
				for (const o of ops) await apply(o);
				expect(sorted(await h.rows(storedMarks))).toEqual(sorted(await h.rows(recomputedMarks)));
			}),
			{ numRuns: 30 }
		);
		// every kind of mark occurred, so the comparison above was not between empty sets
		const [n] = await h.rows<Record<string, number | string>>(sql`
			select count(*) filter (where no_service) as no_service, count(*) filter (where burst) as burst,
				count(*) filter (where off_hours) as off_hours, count(*) filter (where foreign_device) as foreign_device
			from rating_marks`);
		for (const k of ['no_service', 'burst', 'off_hours', 'foreign_device'])
			expect(Number(n[k]), k).toBeGreaterThan(0);
		const before = sorted(await h.rows(storedMarks));
		const counts = await rebuildRollups(h);
		expect(counts.marks).toBe(before.length);
		expect(sorted(await h.rows(storedMarks))).toEqual(before);
	});

	it('marks an older press when new presses of one batch share an instant, or land between two older ones', async () => {
		const d = await f.box('BOX-TIE', null);
		const press = (rows: [string, number][]) =>
			h.db.execute(sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, device_id, counted, not_counted_reason)
				values ${sql.join(rows.map(([key, s]) => sql`(${key}, ${f.scaleId}, 1, 'button_box', ${at(50_000 + s)}::timestamptz, ${d}, false, 'no_service')`), sql`, `)}`);
		const burst = async (key: string) =>
			(await h.rows<{ burst: boolean | null }>(sql`select m.burst from ratings r left join rating_marks m on m.rating_id = r.id where r.idempotency_key = ${key}`))[0]
				.burst ?? false;
		await press([['tie:x', 0]]);
		expect(await burst('tie:x')).toBe(false);
		await press([['tie:n1', 5], ['tie:n2', 5]]); // each is the other's nearest press
		expect([await burst('tie:x'), await burst('tie:n1'), await burst('tie:n2')]).toEqual([true, true, true]);
		await press([['tie:a', 100], ['tie:b', 118]]); // 18 s apart: no burst yet
		expect([await burst('tie:a'), await burst('tie:b')]).toEqual([false, false]);
		await press([['tie:m', 109]]); // within 10 s of both, arriving after them
		expect([await burst('tie:a'), await burst('tie:m'), await burst('tie:b')]).toEqual([true, true, true]);
		expect(sorted(await h.rows(storedMarks))).toEqual(sorted(await h.rows(recomputedMarks)));
	});

	it('marks ratings outside office hours (07:00–17:30 local) and at weekends', async () => {
		const key = () => `edge:${++keySeq}`;
		// Tuesday 10 March 2026, local: 06:59 (off), 07:00 (on), 17:29 (on), 17:30 (off, the detector decides 17:30:00 exactly)
		const cases: [string, boolean][] = [
			['2026-03-09T23:59:00Z', true],
			['2026-03-10T00:00:00Z', false],
			['2026-03-10T10:29:59Z', false],
			['2026-03-10T10:30:00Z', true],
			['2026-03-14T03:00:00Z', true] // Saturday 10:00
		];
		for (const [iso, off] of cases) {
			const [r] = await h.rows<{
				id: number | string;
			}>(sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, counted, not_counted_reason)
				values (${key()}, ${f.scaleId}, 1, 'web', ${iso}::timestamptz, false, 'stale') returning id`);
			const [m] = await h.rows<{ off_hours: boolean }>(
				sql`select off_hours from rating_marks where rating_id = ${Number(r.id)}`
			);
			expect(m?.off_hours ?? false, iso).toBe(off);
		}
	});

	it('feeds the detectors’ queries: presses in scope and period only', async () => {
		const d = await f.box('BOX-Q', f.counterIds[0], new Date('2026-04-01T00:00:00Z'));
		const rows = [
			'2026-04-02T02:00:00Z',
			'2026-04-02T02:00:04Z',
			'2026-04-02T02:00:09Z',
			'2026-04-03T02:00:00Z'
		].map(
			(iso) =>
				sql`(${`q:${++keySeq}`}, ${f.scaleId}, 1, 'button_box', ${iso}::timestamptz, ${d}, ${f.counterIds[1]}, false, 'no_service')`
		);
		await h.db.execute(
			sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, device_id, counter_id, counted, not_counted_reason) values ${sql.join(rows, sql`, `)}`
		);
		const period = { from: new Date('2026-04-01T17:00:00Z'), to: new Date('2026-04-02T17:00:00Z') }; // 2 April, local
		const scope = [`/${f.unitId}/`];
		expect((await noServicePresses(scope, period)).filter((p) => p.deviceId === d)).toHaveLength(3);
		expect(
			(await burstCandidates(scope, period))
				.filter((p) => p.deviceId === d)
				.map((p) => p.pressedAt.toISOString())
				.sort()
		).toEqual(['2026-04-02T02:00:00.000Z', '2026-04-02T02:00:04.000Z', '2026-04-02T02:00:09.000Z']);
		const foreign = await foreignPresses(scope, period);
		expect(foreign.presses.filter((p) => p.deviceId === d)).toHaveLength(3);
		expect(foreign.bindings.filter((b) => b.deviceId === d).map((b) => b.counterId)).toEqual([
			f.counterIds[0]
		]);
		expect(await noServicePresses(['/999999/'], period)).toEqual([]);
		// rebinding the box to the counter it pressed at clears the foreign marks
		await h.db.execute(
			sql`update device_bindings set counter_id = ${f.counterIds[1]} where device_id = ${d}`
		);
		expect((await foreignPresses(scope, period)).presses.filter((p) => p.deviceId === d)).toEqual(
			[]
		);
	});

	it('reads counted ratings outside hours from the marks and on holidays from the calendar as it is now', async () => {
		const scope = [`/${f.unitId}/`];
		const period = { from: new Date('2026-04-29T17:00:00Z'), to: new Date('2026-05-01T17:00:00Z') }; // 30 April and 1 May, local
		const presses: [string, boolean][] = [
			['2026-04-30T01:00:00Z', true], // Thursday 30 April 08:00: a working hour, but a holiday once the calendar says so
			['2026-04-30T12:00:00Z', true], // 19:00: outside hours, marked on arrival
			['2026-04-30T12:05:00Z', false], // 19:05 but not counted: not read
			['2026-05-01T02:00:00Z', true] // Friday 1 May 09:00, a holiday
		];
		const rows = presses.map(
			([iso, counted]) =>
				sql`(${`h:${++keySeq}`}, ${f.scaleId}, 2, 'tablet', ${iso}::timestamptz, ${f.counterIds[0]}, ${f.officerId}, ${f.unitId}, 'receiving', ${counted}, ${counted ? null : 'repeat_press'})`
		);
		await h.db.execute(
			sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, counter_id, officer_id, unit_id, stage, counted, not_counted_reason) values ${sql.join(rows, sql`, `)}`
		);
		const times = async (holidays: string[]) =>
			(await officerTimes(scope, period, await officerTotals(scope, period), holidays))
				.find((o) => o.officerId === f.officerId)!
				.pressedAt.map((d) => d.toISOString())
				.sort();
		expect(await times([])).toEqual(['2026-04-30T12:00:00.000Z']);
		expect(await times(['2026-04-30', '2026-05-01'])).toEqual([
			'2026-04-30T01:00:00.000Z',
			'2026-04-30T12:00:00.000Z',
			'2026-05-01T02:00:00.000Z'
		]);
		// a holiday outside the period reads nothing more
		expect(await times(['2026-05-02'])).toEqual(['2026-04-30T12:00:00.000Z']);
	});
});
