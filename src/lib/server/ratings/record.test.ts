import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { DEFAULT_GRACE_MS } from './attribution';
import { boxPressKey, recordRating, recordRatings, RatingRejected, type RatingInput } from './record';
import { seedCentre } from './test-fixtures';

const T = (iso: string) => new Date(`2026-03-02T${iso}Z`);
const min = 60_000;

describe.each(testDatabaseKinds)('recordRating on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let seq = 0;
	const press = (deviceId: number, pressedAt: Date, button = 1, extra: Partial<RatingInput> = {}): RatingInput => ({
		source: 'button_box',
		idempotencyKey: boxPressKey(`D${deviceId}`, 1, ++seq),
		deviceId,
		pressedAt,
		button,
		buttons: 5,
		...extra
	});
	const rec = (input: RatingInput) => recordRating(input, { db: h.db, publish: false });

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		f = await seedCentre(h.db, 4);
	});
	afterAll(async () => h?.close());

	it('counts the first press inside a service, snapshots officer, unit, dossier and stage, and not the repeats', async () => {
		const counter = f.counterIds[0];
		const box = await f.box('BOX-A', counter);
		const e = await f.openService(counter, T('02:00:00'), null, 'returning');
		const first = await rec(press(box, T('02:05:00'), 2));
		expect(first).toMatchObject({ counted: true, notCountedReason: null, duplicate: false, counterId: counter, serviceEventId: e.id });
		const [row] = await h.db.select().from(s.ratings).where(eq(s.ratings.id, first.ratingId));
		expect(row).toMatchObject({ officerId: f.officerId, unitId: f.unitId, dossierId: e.dossierId, stage: 'returning', level: 2, scaleId: f.scaleId, deviceId: box });
		const again = await rec(press(box, T('02:05:03'), 1));
		expect(again).toMatchObject({ counted: false, notCountedReason: 'repeat_press', serviceEventId: e.id });
	});

	it('attributes at the edges: opening instant counts, end of grace counts, 1 ms later does not', async () => {
		const [c2, c3, c4] = f.counterIds.slice(1);
		const b2 = await f.box('BOX-B', c2);
		const b3 = await f.box('BOX-C', c3);
		const b4 = await f.box('BOX-D', c4);
		const e2 = await f.openService(c2, T('03:00:00'), T('03:10:00'));
		const e3 = await f.openService(c3, T('03:00:00'), T('03:10:00'));
		await f.openService(c4, T('03:00:00'), T('03:10:00'));
		expect(await rec(press(b2, T('03:00:00')))).toMatchObject({ counted: true, serviceEventId: e2.id });
		expect(await rec(press(b3, new Date(T('03:10:00').getTime() + DEFAULT_GRACE_MS)))).toMatchObject({ counted: true, serviceEventId: e3.id });
		expect(await rec(press(b4, new Date(T('03:10:00').getTime() + DEFAULT_GRACE_MS + 1)))).toMatchObject({
			counted: false,
			notCountedReason: 'no_service',
			serviceEventId: null
		});
		expect(await rec(press(b4, new Date(T('03:00:00').getTime() - 1)))).toMatchObject({ counted: false, notCountedReason: 'no_service' });
		// a press after the next service opened belongs to the next one, not the previous one's grace
		const e4 = await f.openService(c4, T('03:11:00'));
		expect(await rec(press(b4, T('03:11:30')))).toMatchObject({ counted: true, serviceEventId: e4.id });
		await f.closeService(e4.id, T('03:12:00'));
		// configured grace
		const e5 = await f.openService(c4, T('04:00:00'), T('04:01:00'));
		expect(await recordRating(press(b4, T('04:01:31')), { db: h.db, publish: false, graceMs: 30_000 })).toMatchObject({ notCountedReason: 'no_service' });
		expect(await recordRating(press(b4, T('04:01:30')), { db: h.db, publish: false, graceMs: 30_000 })).toMatchObject({ counted: true, serviceEventId: e5.id });
	});

	it('is idempotent: the same key twice, in one batch or two calls, is one row', async () => {
		const counter = f.counterIds[0];
		const box = await f.box('BOX-E', null);
		await h.db.insert(s.deviceBindings).values({ deviceId: box, counterId: counter, boundAt: T('00:00:00'), unboundAt: T('00:30:00') });
		const p = press(box, T('05:00:00'));
		const [a, b] = await recordRatings([p, { ...p, button: 5 }], { db: h.db, publish: false });
		expect(a.duplicate).toBe(false);
		expect(b).toEqual({ ...a, duplicate: true });
		expect(await rec({ ...p, pressedAt: T('06:00:00') })).toEqual({ ...a, duplicate: true });
		const n = await h.rows<{ n: string | number }>(sql`select count(*) as n from ratings where idempotency_key = ${p.idempotencyKey}`);
		expect(Number(n[0].n)).toBe(1);
		// concurrent calls for one key: still one row
		const q = press(box, T('05:01:00'));
		const many = await Promise.all(Array.from({ length: 5 }, () => rec(q)));
		expect(new Set(many.map((r) => r.ratingId)).size).toBe(1);
		expect(many.filter((r) => !r.duplicate)).toHaveLength(1);
	});

	it('keeps binding history: a press before the box was bound, or after it was unbound, is unassigned', async () => {
		const counter = f.counterIds[1];
		const box = await f.box('BOX-F', null);
		await h.db.insert(s.deviceBindings).values({ deviceId: box, counterId: counter, boundAt: T('07:00:00'), unboundAt: T('08:00:00') });
		await f.openService(counter, T('06:00:00'), T('09:00:00'));
		expect(await rec(press(box, T('06:59:59')))).toMatchObject({ counted: false, notCountedReason: 'unassigned_device', counterId: null });
		expect(await rec(press(box, T('07:30:00')))).toMatchObject({ counted: true, counterId: counter });
		expect(await rec(press(box, T('08:00:00')))).toMatchObject({ notCountedReason: 'unassigned_device' });
	});

	it('does not count a second rating of the same dossier and stage, and marks a late rating of a named event stale', async () => {
		const [c1, c2] = f.counterIds;
		const d = await f.dossier();
		const e1 = await f.openService(c1, T('10:00:00'), T('10:05:00'), 'receiving', d);
		const e2 = await f.openService(c2, T('10:06:00'), T('10:09:00'), 'receiving', d);
		const tab = { source: 'tablet' as const, level: 1 };
		expect(await rec({ ...tab, idempotencyKey: 'tab:1', counterId: c1, serviceEventId: e1.id, pressedAt: T('10:04:00') })).toMatchObject({ counted: true });
		expect(await rec({ ...tab, idempotencyKey: 'tab:2', counterId: c2, serviceEventId: e2.id, pressedAt: T('10:08:00') })).toMatchObject({
			notCountedReason: 'already_rated'
		});
		const e3 = await f.openService(c2, T('11:00:00'), T('11:01:00'));
		expect(await rec({ ...tab, idempotencyKey: 'tab:3', counterId: c2, serviceEventId: e3.id, pressedAt: new Date(T('11:01:00').getTime() + 4 * min) })).toMatchObject({
			notCountedReason: 'stale',
			serviceEventId: e3.id
		});
		await expect(rec({ ...tab, idempotencyKey: 'tab:4', counterId: c1, serviceEventId: e3.id, pressedAt: T('11:00:30') })).rejects.toBeInstanceOf(RatingRejected);
	});

	it('refuses a level or button the scale cannot hold, and writes nothing of a failed batch', async () => {
		const box = await f.box('BOX-G', f.counterIds[2]);
		await expect(rec(press(box, T('12:00:00'), 6))).rejects.toMatchObject({ code: 'bad_level' });
		const ok = press(box, T('12:00:01'));
		await expect(recordRatings([ok, press(box, T('12:00:02'), 0)], { db: h.db, publish: false })).rejects.toBeInstanceOf(RatingRejected);
		const n = await h.rows<{ n: string | number }>(sql`select count(*) as n from ratings where idempotency_key = ${ok.idempotencyKey}`);
		expect(Number(n[0].n)).toBe(0);
	});
});
