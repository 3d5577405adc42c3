import { log } from '../ops/log';
import { asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { database, db as appDb, type Db } from '../db';
import { ratingScaleLevels, ratingScales, type LevelClass } from '../db/schema';
import { bool, num, type DbBool, type DbNumber } from '../db/decode';
import { OFFICIAL_SCALE, SCALE_IN_FORCE_SQL, type NewScale } from './scale-rules';

/**
 * Rating scale versions: the one in force (read by the kiosk, the QR pages and every rating
 * batch through SCALE_IN_FORCE_SQL), the list the administrator sees, and the writes: a new
 * version, activating one now or from an instant, cancelling a scheduled switch. Versions are
 * never edited or deleted: every rating keeps the version it was given on (ratings_scale_level_fk).
 */

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Runner = Db | Tx;

async function rowsOf<T>(d: Runner, q: SQL): Promise<T[]> {
	const r = (await d.execute(q)) as unknown;
	return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
}

/** The id of the scale in force, or null when there is none. */
async function scaleInForce(d: Runner): Promise<number | null> {
	const [current] = await rowsOf<{ id: DbNumber }>(d, sql.raw(SCALE_IN_FORCE_SQL));
	return current ? num(current.id) : null;
}

/** The scale in force's levels, most satisfied first, as the kiosk, QR pages and boxes show them. */
export async function activeScaleLevels() {
	const rows = await database.rows<{ level: DbNumber; label_vi: string; label_en: string; class: LevelClass }>(sql`
		select l.level, l.label_vi, l.label_en, l.class from (${sql.raw(SCALE_IN_FORCE_SQL)}) s
		join rating_scale_levels l on l.scale_id = s.id order by l.level`);
	return rows.map((l) => ({
		level: num(l.level),
		labelVi: l.label_vi,
		labelEn: l.label_en,
		class: l.class
	}));
}

export type ScaleStatus = 'in_force' | 'scheduled' | 'past';
export type ScaleVersion = {
	id: number;
	code: string;
	version: number;
	nameVi: string;
	nameEn: string | null;
	status: ScaleStatus;
	/** In force: since when (activation, else creation); scheduled: the switch instant. */
	since: Date | null;
	createdAt: Date;
	ratings: number;
	levels: { level: number; labelVi: string; labelEn: string; class: LevelClass }[];
};

/** Every version, newest first, with its status now and how many ratings were given on it. */
export async function listScales(d: Runner = appDb): Promise<ScaleVersion[]> {
	const [scales, levels, counts, current] = await Promise.all([
		d.select().from(ratingScales).orderBy(desc(ratingScales.createdAt), desc(ratingScales.id)),
		d.select().from(ratingScaleLevels).orderBy(asc(ratingScaleLevels.scaleId), asc(ratingScaleLevels.level)),
		rowsOf<{ scale_id: DbNumber; n: DbNumber }>(d, sql`select scale_id, count(*) as n from ratings group by scale_id`),
		scaleInForce(d)
	]);
	const now = Date.now();
	return scales.map((s) => ({
		id: s.id,
		code: s.code,
		version: s.version,
		nameVi: s.nameVi,
		nameEn: s.nameEn,
		status: s.id === current ? 'in_force' : s.activeFrom && s.activeFrom.getTime() > now ? 'scheduled' : 'past',
		since: s.id === current ? (s.activeFrom ?? s.createdAt) : s.activeFrom && s.activeFrom.getTime() > now ? s.activeFrom : null,
		createdAt: s.createdAt,
		ratings: num(counts.find((c) => num(c.scale_id) === s.id)?.n),
		levels: levels.filter((l) => l.scaleId === s.id).map((l) => ({ level: l.level, labelVi: l.labelVi, labelEn: l.labelEn, class: l.class }))
	}));
}

/** Scale writes wait for each other; rating batches only read the table and are not held up. */
const lockScales = (tx: Tx) => tx.execute(sql`lock table rating_scales in share row exclusive mode`);

/**
 * Stores a new version in the family of the scale in force (or the official family), numbered
 * after the family's last. It is not in force until activated.
 */
export async function createScaleVersion(scale: NewScale, d: Db = appDb): Promise<{ id: number; code: string; version: number }> {
	return d.transaction(async (tx) => {
		await lockScales(tx);
		const current = await scaleInForce(tx);
		const [family] = current !== null ? await tx.select({ code: ratingScales.code }).from(ratingScales).where(eq(ratingScales.id, current)) : [];
		const code = family?.code ?? OFFICIAL_SCALE.code;
		const [{ last }] = await tx
			.select({ last: sql<number>`coalesce(max(${ratingScales.version}), 0)::int` })
			.from(ratingScales)
			.where(eq(ratingScales.code, code));
		const version = last + 1;
		const [row] = await tx
			.insert(ratingScales)
			.values({ code, version, levelCount: scale.levels.length, nameVi: scale.nameVi, nameEn: scale.nameEn || null })
			.returning({ id: ratingScales.id });
		await tx.insert(ratingScaleLevels).values(scale.levels.map((l) => ({ scaleId: row.id, ...l })));
		return { id: row.id, code, version };
	});
}

export type ActivationResult = { ok: true; previous: number | null } | { ok: false; problem: 'unknown' | 'in_force' | 'past_instant' };

/** Under the scales' lock: the version exists and is not the one in force already; the one in force is `previous`. */
async function lockAndCheckTarget(tx: Tx, scaleId: number): Promise<ActivationResult> {
	await lockScales(tx);
	const [target] = await tx.select({ id: ratingScales.id }).from(ratingScales).where(eq(ratingScales.id, scaleId));
	if (!target) return { ok: false, problem: 'unknown' };
	const current = await scaleInForce(tx);
	if (current === scaleId) return { ok: false, problem: 'in_force' };
	return { ok: true, previous: current };
}

/** Makes a version the one in force from now on; switches scheduled for later stay scheduled. */
export async function activateScaleNow(scaleId: number, d: Db = appDb): Promise<ActivationResult> {
	return d.transaction(async (tx) => {
		const checked = await lockAndCheckTarget(tx, scaleId);
		if (!checked.ok) return checked;
		const current = checked.previous;
		// two statements: the one-active index is checked row by row
		await tx.execute(sql`update rating_scales set active = false, active_from = null where active or active_from <= now()`);
		await tx.execute(sql`update rating_scales set active = true, active_from = now() where id = ${scaleId}`);
		return { ok: true, previous: current } as const;
	});
}

/**
 * Schedules a version to take over at an instant: from then on every rating is given on it
 * (SCALE_IN_FORCE_SQL), with no job needed for that; `applyScaleSwitches` then moves the flag.
 */
export async function scheduleScale(scaleId: number, at: Date, d: Db = appDb): Promise<ActivationResult> {
	return d.transaction(async (tx) => {
		const checked = await lockAndCheckTarget(tx, scaleId);
		if (!checked.ok) return checked;
		const current = checked.previous;
		const [{ future }] = await rowsOf<{ future: DbBool }>(tx, sql`select ${at.toISOString()}::timestamptz > now() as future`);
		if (!bool(future)) return { ok: false, problem: 'past_instant' } as const;
		await tx.update(ratingScales).set({ activeFrom: at }).where(eq(ratingScales.id, scaleId));
		return { ok: true, previous: current } as const;
	});
}

/** Cancels a switch that has not happened yet; false when there is none to cancel. */
export async function cancelScheduledScale(scaleId: number, d: Db = appDb): Promise<boolean> {
	return d.transaction(async (tx) => {
		await lockScales(tx);
		const done = await tx
			.update(ratingScales)
			.set({ activeFrom: null })
			.where(sql`${ratingScales.id} = ${scaleId} and not ${ratingScales.active} and ${ratingScales.activeFrom} > now()`)
			.returning({ id: ratingScales.id });
		return done.length > 0;
	});
}

/**
 * Moves the `active` flag to the version in force once its scheduled instant has passed, and
 * clears the versions it replaced. Ratings never wait for this (they read the rule); it keeps
 * the stored flag true. Returns the version that took over, or null when nothing changed.
 */
export async function applyScaleSwitches(d: Db = appDb): Promise<number | null> {
	return d.transaction(async (tx) => {
		await lockScales(tx);
		const id = await scaleInForce(tx);
		if (id === null) return null;
		const [flagged] = await tx.select({ active: ratingScales.active }).from(ratingScales).where(eq(ratingScales.id, id));
		if (flagged?.active) return null;
		await tx.execute(sql`update rating_scales set active = false, active_from = null where id <> ${id} and (active or active_from <= now())`);
		await tx.execute(sql`update rating_scales set active = true where id = ${id}`);
		return id;
	});
}

/**
 * A fresh install's scale: the official three levels, in force at once, so a box or a tablet
 * is heard on day one. Only when no scale exists at all (the demo brings its own).
 */
export async function ensureDefaultScale(d: Db = appDb): Promise<boolean> {
	return d.transaction(async (tx) => {
		await lockScales(tx);
		const [any] = await tx.select({ id: ratingScales.id }).from(ratingScales).limit(1);
		if (any) return false;
		const [row] = await tx
			.insert(ratingScales)
			.values({
				code: OFFICIAL_SCALE.code,
				version: 1,
				levelCount: OFFICIAL_SCALE.levels.length,
				nameVi: OFFICIAL_SCALE.nameVi,
				nameEn: OFFICIAL_SCALE.nameEn,
				active: true,
				activeFrom: sql`now()`
			})
			.returning({ id: ratingScales.id });
		await tx.insert(ratingScaleLevels).values(OFFICIAL_SCALE.levels.map((l) => ({ scaleId: row.id, ...l })));
		return true;
	});
}

const SWITCH_CHECK_MS = 60_000;

/**
 * Checks once a minute (and at once) for a scheduled switch whose instant has passed, and
 * audits it. Returns the stop function. Started by startup.ts after the database is open.
 */
let stopSwitches: (() => void) | null = null;
export function startScaleSwitches(onSwitch: (scaleId: number) => Promise<void>): () => void {
	if (stopSwitches) return stopSwitches;
	const tick = () =>
		void applyScaleSwitches()
			.then((id) => (id === null ? undefined : onSwitch(id)))
			.catch((e: unknown) => log.error({ error: (e as Error)?.message ?? String(e) }, 'rating scales: applying a scheduled switch failed'));
	tick();
	const timer = setInterval(tick, SWITCH_CHECK_MS);
	timer.unref?.();
	stopSwitches = () => {
		clearInterval(timer);
		stopSwitches = null;
	};
	return stopSwitches;
}
