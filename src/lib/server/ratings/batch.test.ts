import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { commitTabletRating } from '../kiosk/commit';
import { FACTS_SQL, LOCK_SQL, STORED_SQL } from './batch-store';
import { boxPressKey, recordRatings, type RatingInput } from './record';
import { seedCentre } from './test-fixtures';

/**
 * Batches as the group commit makes them: several ratings decided and written together (two
 * round trips whatever the size). Each decision must be the one the rating would get alone, in
 * order, and a batch is all or nothing.
 */

const T = (iso: string) => new Date(`2026-05-04T${iso}Z`);
const min = 60_000;

describe.each(testDatabaseKinds)('rating batches on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	const opts = () => ({ db: h.db, publish: false });
	const stored = async (keys: string[]) =>
		h.rows<{ idempotency_key: string; level: number; counted: boolean; not_counted_reason: string | null; service_event_id: string | number | null }>(
			sql`select idempotency_key, level, counted, not_counted_reason, service_event_id from ratings
				where idempotency_key in (select json_array_elements_text(${JSON.stringify(keys)}::text::json)) order by id`
		);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedCentre(h.db, 6);
	});
	afterAll(async () => h?.close());

	it('stores a key repeated inside one batch once; every occurrence gets the first one’s answer', async () => {
		const counter = f.counterIds[0];
		const e = await f.openService(counter, T('01:00:00'), T('01:10:00'));
		const tab = (key: string, level: number): RatingInput => ({ source: 'tablet', idempotencyKey: key, counterId: counter, serviceEventId: e.id, pressedAt: T('01:05:00'), level });
		const rs = await recordRatings([tab('tab:d-a', 1), tab('tab:d-b', 2), tab('tab:d-a', 5), tab('tab:d-c', 3), tab('tab:d-b', 4)], opts());
		expect(rs.map((r) => r.duplicate)).toEqual([false, false, true, false, true]);
		expect(rs[2]).toEqual({ ...rs[0], duplicate: true });
		expect(rs[4]).toEqual({ ...rs[1], duplicate: true });
		expect(new Set(rs.map((r) => r.ratingId)).size).toBe(3);
		const rows = await stored(['tab:d-a', 'tab:d-b', 'tab:d-c']);
		// the first occurrence's level is kept; the first rating counts, the others in the batch are repeats
		expect(rows.map((r) => [r.idempotency_key, Number(r.level), r.counted, r.not_counted_reason])).toEqual([
			['tab:d-a', 1, true, null],
			['tab:d-b', 2, false, 'repeat_press'],
			['tab:d-c', 3, false, 'repeat_press']
		]);
		// sent again in a later batch with a new key beside it: answered from the stored rows
		const again = await recordRatings([tab('tab:d-c', 1), tab('tab:d-d', 1), tab('tab:d-a', 2)], opts());
		expect(again[0]).toEqual({ ...rs[3], duplicate: true });
		expect(again[1]).toMatchObject({ duplicate: false, counted: false, notCountedReason: 'repeat_press' });
		expect(again[2]).toEqual({ ...rs[0], duplicate: true });
	});

	it('decides every kind of outcome in one batch, in order, as it would one by one', async () => {
		const [c1, c2, c3] = f.counterIds.slice(1, 4);
		const d = await f.dossier();
		const e1 = await f.openService(c1, T('02:00:00'), T('02:10:00'), 'receiving', d);
		const e2 = await f.openService(c2, T('02:11:00'), T('02:20:00'), 'receiving', d); // same dossier and stage
		const old = await f.openService(c3, T('01:00:00'), T('01:01:00'));
		const box1 = await f.box('BATCH-1', c1);
		const loose = await f.box('BATCH-LOOSE', null);
		const k = (n: number) => boxPressKey('BATCH', 1, n);
		const inputs: RatingInput[] = [
			{ source: 'button_box', idempotencyKey: k(1), deviceId: box1, pressedAt: T('02:05:00'), button: 2, buttons: 5 }, // counted, e1
			{ source: 'button_box', idempotencyKey: k(2), deviceId: box1, pressedAt: T('02:05:02'), button: 1, buttons: 5 }, // repeat of k(1)
			{ source: 'tablet', idempotencyKey: 'tab:mix-3', counterId: c2, serviceEventId: e2.id, pressedAt: T('02:15:00'), level: 4 }, // dossier+stage rated by k(1)
			{ source: 'button_box', idempotencyKey: k(4), deviceId: loose, pressedAt: T('02:05:00'), button: 1, buttons: 5 }, // unbound box
			{ source: 'button_box', idempotencyKey: k(5), deviceId: box1, pressedAt: T('03:00:00'), button: 1, buttons: 5 }, // after e1 and its grace
			{ source: 'tablet', idempotencyKey: 'tab:mix-6', counterId: c3, serviceEventId: old.id, pressedAt: T('01:30:00'), level: 1 }, // named, too late
			{ source: 'tablet', idempotencyKey: 'tab:mix-7', counterId: c3, pressedAt: T('01:00:30'), level: 5 } // c3's service by time
		];
		const rs = await recordRatings(inputs, opts());
		expect(rs.map((r) => [r.counted, r.notCountedReason, r.serviceEventId])).toEqual([
			[true, null, e1.id],
			[false, 'repeat_press', e1.id],
			[false, 'already_rated', e2.id],
			[false, 'unassigned_device', null],
			[false, 'no_service', null],
			[false, 'stale', old.id],
			[true, null, old.id]
		]);
		expect(rs.map((r) => r.counterId)).toEqual([c1, c1, c2, null, c1, c3, c3]);
		expect(rs.every((r) => r.unitId === (r.serviceEventId ? f.unitId : null))).toBe(true);
		const rows = await stored(inputs.map((i) => i.idempotencyKey));
		expect(rows.map((r) => [r.counted, r.not_counted_reason, r.service_event_id === null ? null : Number(r.service_event_id)])).toEqual(
			rs.map((r) => [r.counted, r.notCountedReason, r.serviceEventId])
		);
		expect(rows.map((r) => Number(r.level))).toEqual([2, 1, 4, 1, 1, 1, 5]);
	});

	it('finds each press’s own service, however far apart the presses of one batch are (a tablet back online)', async () => {
		const counter = f.counterIds[4];
		const box = await f.box('BATCH-SPREAD', counter);
		const events = [];
		for (let i = 0; i < 4; i++) events.push(await f.openService(counter, new Date(T('06:00:00').getTime() + i * 60 * min), new Date(T('06:05:00').getTime() + i * 60 * min)));
		const presses: RatingInput[] = events.map((e, i) => ({
			source: 'button_box',
			idempotencyKey: boxPressKey('SPREAD', 1, i),
			deviceId: box,
			pressedAt: new Date(e.openedAt.getTime() + 2 * min),
			button: 1,
			buttons: 5
		}));
		presses.push({ ...presses[0], idempotencyKey: boxPressKey('SPREAD', 1, 9), pressedAt: new Date(T('06:30:00')) }); // between services
		const rs = await recordRatings([...presses].reverse(), opts());
		expect(rs.reverse().map((r) => [r.counted, r.serviceEventId])).toEqual([...events.map((e) => [true, e.id]), [false, null]]);
	});

	it('writes nothing of a batch with a bad rating in it; the tablet path then stores the good ones and refuses the bad one', async () => {
		const counter = f.counterIds[5];
		const e = await f.openService(counter, T('08:00:00'));
		const tab = (key: string, level: number, extra: Partial<RatingInput> = {}): RatingInput => ({
			source: 'tablet',
			idempotencyKey: key,
			counterId: counter,
			serviceEventId: e.id,
			pressedAt: T('08:01:00'),
			level,
			...extra
		});
		await expect(recordRatings([tab('tab:bad-1', 2), tab('tab:bad-2', 9), tab('tab:bad-3', 1)], opts())).rejects.toMatchObject({ code: 'bad_level' });
		const other = await f.openService(f.counterIds[0], T('08:00:00'));
		await expect(recordRatings([tab('tab:bad-1', 2), tab('tab:bad-4', 1, { serviceEventId: other.id })], opts())).rejects.toMatchObject({
			code: 'event_not_at_counter'
		});
		await expect(recordRatings([tab('tab:bad-1', 2), tab('tab:bad-5', 1, { counterId: null })], opts())).rejects.toMatchObject({ code: 'no_counter' });
		expect(await stored(['tab:bad-1', 'tab:bad-2', 'tab:bad-3', 'tab:bad-4', 'tab:bad-5'])).toEqual([]);

		// The kiosk's group commit: the first three go at once, each alone (three flushes run
		// together); the rest wait and go as one batch, which fails on the bad rating and is then
		// retried one by one, so the bad one fails alone.
		const outcomes = await Promise.allSettled(
			[tab('tab:gc-1', 1), tab('tab:gc-2', 1), tab('tab:gc-3', 1), tab('tab:gc-4', 2), tab('tab:gc-5', 9), tab('tab:gc-6', 3), tab('tab:gc-1', 5)].map((i) =>
				commitTabletRating(i)
			)
		);
		expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
		expect((outcomes[4] as PromiseRejectedResult).reason).toMatchObject({ code: 'bad_level' });
		const rows = await stored(['tab:gc-1', 'tab:gc-2', 'tab:gc-3', 'tab:gc-4', 'tab:gc-5', 'tab:gc-6']);
		expect(rows.map((r) => r.idempotency_key).sort()).toEqual(['tab:gc-1', 'tab:gc-2', 'tab:gc-3', 'tab:gc-4', 'tab:gc-6']);
		expect(rows.filter((r) => r.counted)).toHaveLength(1);
		const answers = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null));
		expect(answers[6]).toEqual({ ...answers[0], duplicate: true });
		expect(rows.find((r) => r.idempotency_key === 'tab:gc-1')?.level).toBe(1);
	});

	it('counts one of many concurrent batches racing for one service, and stores each key once', async () => {
		const counter = f.counterIds[2];
		const e = await f.openService(counter, T('09:00:00'));
		const batch = (n: number): RatingInput[] =>
			[0, 1, 2].map((i) => ({ source: 'tablet', idempotencyKey: `tab:race-${n}-${i}`, counterId: counter, serviceEventId: e.id, pressedAt: T('09:01:00'), level: 1 }));
		// batches 0..5, and each key of batch 0 sent again in batch 6
		const all = await Promise.all([...[0, 1, 2, 3, 4, 5].map((n) => recordRatings(batch(n), opts())), recordRatings(batch(0), opts())]);
		const results = all.flat();
		const firsts = results.filter((r) => !r.duplicate);
		expect(firsts).toHaveLength(18);
		expect(firsts.filter((r) => r.counted)).toHaveLength(1);
		const [{ n, counted }] = await h.rows<{ n: string | number; counted: string | number }>(
			sql`select count(*) as n, count(*) filter (where counted) as counted from ratings where service_event_id = ${e.id}`
		);
		expect([Number(n), Number(counted)]).toEqual([18, 1]);
		// the seventh batch's answers are the stored ones
		expect(all[6].map((r) => r.ratingId)).toEqual(all[0].map((r) => r.ratingId));
	});

	it('refuses a batch when no scale is active, and stores nothing', async () => {
		await h.db.update(s.ratingScales).set({ active: false });
		try {
			await expect(
				recordRatings([{ source: 'tablet', idempotencyKey: 'tab:no-scale', counterId: f.counterIds[0], pressedAt: T('10:00:00'), level: 1 }], opts())
			).rejects.toMatchObject({ code: 'no_active_scale' });
		} finally {
			await h.db.update(s.ratingScales).set({ active: true });
		}
		expect(await stored(['tab:no-scale'])).toEqual([]);
	});

	it('probes indexes, never scans ratings or services, whatever plan the prepared statements settle on', async () => {
		// Prepared statements keep a generic plan per connection: one made while the tables were
		// small must still be index probes once they hold millions of rows.
		const lines = await h.db.transaction(async (tx) => {
			const run = async (q: SQL) => {
				const r = (await tx.execute(q)) as unknown as Record<string, unknown>[] | { rows: Record<string, unknown>[] };
				return Array.isArray(r) ? r : r.rows;
			};
			await run(sql.raw('set local plan_cache_mode = force_generic_plan'));
			const out: string[] = [];
			for (const [name, text] of [['hl_lock', LOCK_SQL], ['hl_facts', FACTS_SQL], ['hl_stored', STORED_SQL]]) {
				await run(sql.raw(`prepare ${name}(text) as ${text}`));
				const input = JSON.stringify(name === 'hl_stored' ? ['tab:x'] : [{ o: 0, k: 'tab:x', d: null, c: f.counterIds[0], e: null, p: T('11:00:00').toISOString() }]);
				for (const row of await run(sql.raw(`explain execute ${name}('${input}')`))) out.push(String(Object.values(row)[0]));
				await run(sql.raw(`deallocate ${name}`));
			}
			return out;
		});
		expect(lines.join('\n')).toMatch(/Index Scan using ratings_idempotency_key/);
		expect(lines.filter((l) => /Seq Scan on (ratings|service_events)\b/.test(l))).toEqual([]);
	});
});
