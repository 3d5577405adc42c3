import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { boxPressKey, recordRating } from './record';
import {
	activateScaleNow,
	activeScaleLevels,
	applyScaleSwitches,
	cancelScheduledScale,
	createScaleVersion,
	ensureDefaultScale,
	listScales,
	scheduleScale
} from './scale';
import { OFFICIAL_SCALE, type NewScale } from './scale-rules';
import { seedCentre } from './test-fixtures';

const FOUR: NewScale = {
	nameVi: 'Thang 4 mức',
	nameEn: 'Four levels',
	levels: [
		{ level: 1, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', class: 'satisfied' },
		{ level: 2, labelVi: 'Hài lòng', labelEn: 'Satisfied', class: 'satisfied' },
		{ level: 3, labelVi: 'Bình thường', labelEn: 'Neutral', class: 'neutral' },
		{ level: 4, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', class: 'dissatisfied' }
	]
};

describe.each(testDatabaseKinds)('a fresh install’s rating scale on %s', (kind) => {
	let h: DatabaseHandle;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
	});
	afterAll(async () => h?.close());

	it('is the official three levels, in force at once, made only when no scale exists', async () => {
		expect(await activeScaleLevels()).toEqual([]);
		expect(await ensureDefaultScale(h.db)).toBe(true);
		expect(await ensureDefaultScale(h.db)).toBe(false);
		expect(await activeScaleLevels()).toEqual(OFFICIAL_SCALE.levels);
		const [only] = await listScales(h.db);
		expect(only).toMatchObject({ code: 'official', version: 1, status: 'in_force', ratings: 0 });
		expect(await h.db.select().from(s.ratingScales)).toHaveLength(1);
	});

	it('takes a button-box press with no other set-up: stored, not counted, on the official scale', async () => {
		const [box] = await h.db.insert(s.devices).values({ uid: 'BOX-NEW', kind: 'button_box', buttons: 3 }).returning();
		const r = await recordRating(
			{ source: 'button_box', idempotencyKey: boxPressKey('BOX-NEW', 1, 1), deviceId: box.id, pressedAt: new Date(), button: 1, buttons: 3 },
			{ db: h.db, publish: false }
		);
		expect(r).toMatchObject({ counted: false, notCountedReason: 'unassigned_device', duplicate: false });
		const [row] = await h.db.select({ scaleId: s.ratings.scaleId, level: s.ratings.level }).from(s.ratings).where(eq(s.ratings.id, r.ratingId));
		const [official] = await h.db.select({ id: s.ratingScales.id }).from(s.ratingScales).where(eq(s.ratingScales.code, 'official'));
		expect(row).toEqual({ scaleId: official.id, level: 1 });
	});
});

describe.each(testDatabaseKinds)('rating scale versions on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let box: number;
	let seq = 0;
	const press = async (button: number) => {
		const r = await recordRating(
			{ source: 'button_box', idempotencyKey: boxPressKey('BOX-V', 1, ++seq), deviceId: box, pressedAt: new Date(), button, buttons: 5 },
			{ db: h.db, publish: false }
		);
		const [row] = await h.db.select({ scaleId: s.ratings.scaleId, level: s.ratings.level }).from(s.ratings).where(eq(s.ratings.id, r.ratingId));
		return { id: r.ratingId, ...row };
	};
	const flags = async () =>
		Object.fromEntries(
			(await h.db.select({ id: s.ratingScales.id, active: s.ratingScales.active, from: s.ratingScales.activeFrom }).from(s.ratingScales)).map((r) => [
				r.id,
				{ active: r.active, scheduled: r.from !== null }
			])
		);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedCentre(h.db, 1);
		box = await f.box('BOX-V', f.counterIds[0]);
	});
	afterAll(async () => h?.close());

	it('stores a new version that is not in force until activated, numbered after its family', async () => {
		const made = await createScaleVersion(FOUR, h.db);
		expect(made).toMatchObject({ code: 'std', version: 2 });
		const list = await listScales(h.db);
		expect(list.map((v) => [v.version, v.status])).toEqual([
			[2, 'past'],
			[1, 'in_force']
		]);
		expect(list[0].levels.map((l) => l.class)).toEqual(['satisfied', 'satisfied', 'neutral', 'dissatisfied']);
		expect((await press(5)).scaleId).toBe(f.scaleId);
	});

	it('activates a version now: new ratings use it, ratings already stored keep theirs', async () => {
		const before = await press(5);
		const [four] = await h.db.select({ id: s.ratingScales.id }).from(s.ratingScales).where(eq(s.ratingScales.version, 2));
		expect(await activateScaleNow(four.id, h.db)).toEqual({ ok: true, previous: f.scaleId });
		expect(await activateScaleNow(four.id, h.db)).toEqual({ ok: false, problem: 'in_force' });
		const after = await press(5);
		// a 5-button box on a 4-level scale: the last button is the last level
		expect(after).toMatchObject({ scaleId: four.id, level: 4 });
		const [kept] = await h.db.select({ scaleId: s.ratings.scaleId, level: s.ratings.level }).from(s.ratings).where(eq(s.ratings.id, before.id));
		expect(kept).toEqual({ scaleId: f.scaleId, level: 5 });
		expect((await activeScaleLevels()).map((l) => l.labelVi)).toEqual(FOUR.levels.map((l) => l.labelVi));
		const list = await listScales(h.db);
		expect(list.find((v) => v.id === four.id)).toMatchObject({ status: 'in_force', ratings: 1 });
		expect(list.find((v) => v.id === f.scaleId)).toMatchObject({ status: 'past', ratings: 2 });
		expect(await flags()).toEqual({ [f.scaleId]: { active: false, scheduled: false }, [four.id]: { active: true, scheduled: true } });
	});

	it('switches at a scheduled instant by itself, before any job moves the flag', async () => {
		const [four] = await h.db.select({ id: s.ratingScales.id }).from(s.ratingScales).where(eq(s.ratingScales.version, 2));
		expect(await scheduleScale(f.scaleId, new Date(Date.now() - 1000), h.db)).toEqual({ ok: false, problem: 'past_instant' });
		expect(await scheduleScale(four.id, new Date(Date.now() + 3_600_000), h.db)).toEqual({ ok: false, problem: 'in_force' });
		expect(await scheduleScale(999_999, new Date(Date.now() + 3_600_000), h.db)).toEqual({ ok: false, problem: 'unknown' });
		const at = new Date(Date.now() + 3_600_000);
		expect(await scheduleScale(f.scaleId, at, h.db)).toEqual({ ok: true, previous: four.id });
		expect((await listScales(h.db)).find((v) => v.id === f.scaleId)).toMatchObject({ status: 'scheduled', since: at });
		expect((await press(1)).scaleId).toBe(four.id);
		expect(await applyScaleSwitches(h.db)).toBeNull();

		// the clock reaches the instant
		await h.db.execute(sql`update rating_scales set active_from = now() - interval '1 millisecond' where id = ${f.scaleId}`);
		expect((await press(1)).scaleId).toBe(f.scaleId);
		expect((await listScales(h.db)).find((v) => v.id === f.scaleId)).toMatchObject({ status: 'in_force' });
		expect((await flags())[f.scaleId]).toEqual({ active: false, scheduled: true });

		// the periodic job then moves the flag, once
		expect(await applyScaleSwitches(h.db)).toBe(f.scaleId);
		expect(await applyScaleSwitches(h.db)).toBeNull();
		expect(await flags()).toEqual({ [f.scaleId]: { active: true, scheduled: true }, [four.id]: { active: false, scheduled: false } });
		expect((await press(1)).scaleId).toBe(f.scaleId);
	});

	it('cancels a switch that has not happened, and nothing else', async () => {
		const [four] = await h.db.select({ id: s.ratingScales.id }).from(s.ratingScales).where(eq(s.ratingScales.version, 2));
		expect(await scheduleScale(four.id, new Date(Date.now() + 86_400_000), h.db)).toMatchObject({ ok: true });
		expect(await cancelScheduledScale(four.id, h.db)).toBe(true);
		expect(await cancelScheduledScale(four.id, h.db)).toBe(false);
		expect(await cancelScheduledScale(f.scaleId, h.db)).toBe(false);
		expect((await listScales(h.db)).find((v) => v.id === four.id)).toMatchObject({ status: 'past', since: null });
		expect((await press(1)).scaleId).toBe(f.scaleId);
	});

	it('keeps every stored rating on its version: a version’s levels cannot be taken away', async () => {
		const [four] = await h.db.select({ id: s.ratingScales.id }).from(s.ratingScales).where(eq(s.ratingScales.version, 2));
		await expect(h.db.delete(s.ratingScaleLevels).where(eq(s.ratingScaleLevels.scaleId, four.id))).rejects.toThrow();
		const counts = await listScales(h.db);
		expect(counts.reduce((n, v) => n + v.ratings, 0)).toBe(seq);
	});
});
