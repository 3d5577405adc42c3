import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { countedRating } from '../ratings/counted';
import { SQL_BURST_WINDOW } from '../rules';

/**
 * The rollups' definition as queries over the raw tables. The triggers of db/sql/rollups.sql keep
 * the rollup tables equal to these; the property test compares them, `rebuildRollups` restores
 * them after a bulk load with triggers off, and the dashboard benchmark times the same figures
 * computed both ways.
 */

const counted = countedRating();

/** Non-zero rows of rollup_officer_day recomputed from ratings, exclusions and services. */
export const recomputedOfficerDay = sql`
	select unit_id, day, officer_id, stage,
		sum(services)::int as services, sum(ratings)::int as ratings, sum(satisfied)::int as satisfied,
		sum(neutral)::int as neutral, sum(dissatisfied)::int as dissatisfied,
		sum(level1)::int as level1, sum(level2)::int as level2, sum(level3)::int as level3,
		sum(level4)::int as level4, sum(level5)::int as level5,
		sum(device_ratings)::int as device_ratings, sum(device_satisfied)::int as device_satisfied,
		sum(qr_ratings)::int as qr_ratings, sum(qr_satisfied)::int as qr_satisfied
	from (
		select r.unit_id, hl_local(r.pressed_at)::date as day, r.officer_id, r.stage, 0 as services, 1 as ratings,
			(l.class = 'satisfied')::int as satisfied, (l.class = 'neutral')::int as neutral, (l.class = 'dissatisfied')::int as dissatisfied,
			(r.level = 1)::int as level1, (r.level = 2)::int as level2, (r.level = 3)::int as level3, (r.level = 4)::int as level4, (r.level = 5)::int as level5,
			(r.source in ('tablet', 'button_box'))::int as device_ratings, (r.source in ('tablet', 'button_box') and l.class = 'satisfied')::int as device_satisfied,
			(r.source = 'qr')::int as qr_ratings, (r.source = 'qr' and l.class = 'satisfied')::int as qr_satisfied
		from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		where ${counted}
		union all
		select e.unit_id, hl_local(e.opened_at)::date, e.officer_id, e.stage, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
		from service_events e
	) raw
	group by unit_id, day, officer_id, stage`;

/** Non-zero rows of rollup_unit_hour recomputed from ratings and exclusions. */
export const recomputedUnitHour = sql`
	select r.unit_id, hl_local(r.pressed_at)::date as day, extract(hour from hl_local(r.pressed_at))::int as hour,
		count(*)::int as ratings,
		(count(*) filter (where l.class = 'satisfied'))::int as satisfied,
		(count(*) filter (where l.class = 'neutral'))::int as neutral,
		(count(*) filter (where l.class = 'dissatisfied'))::int as dissatisfied
	from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
	where ${counted}
	group by 1, 2, 3`;

/** Non-zero rows of rollup_counter_day recomputed from ratings and exclusions: only ratings that name a counter. */
export const recomputedCounterDay = sql`
	select r.unit_id, hl_local(r.pressed_at)::date as day, r.counter_id,
		count(*)::int as ratings,
		(count(*) filter (where l.class = 'satisfied'))::int as satisfied,
		(count(*) filter (where l.class = 'neutral'))::int as neutral,
		(count(*) filter (where l.class = 'dissatisfied'))::int as dissatisfied
	from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
	where ${counted} and r.counter_id is not null
	group by 1, 2, 3`;

/** Non-zero rows of rollup_unit_day recomputed from ratings, exclusions, services and dossiers. */
export const recomputedUnitDay = sql`
	select unit_id, day, sum(services)::int as services, sum(ratings)::int as ratings, sum(satisfied)::int as satisfied,
		sum(neutral)::int as neutral, sum(dissatisfied)::int as dissatisfied,
		sum(received)::int as received, sum(completed)::int as completed, sum(on_time)::int as on_time
	from (
		select unit_id, day, services, ratings, satisfied, neutral, dissatisfied, 0 as received, 0 as completed, 0 as on_time
		from (${recomputedOfficerDay}) o
		union all
		select unit_id, hl_local(received_at)::date, 0, 0, 0, 0, 0, 1, 0, 0 from dossiers
		union all
		select unit_id, hl_local(completed_at)::date, 0, 0, 0, 0, 0, 0, 1, (completed_at <= due_at)::int from dossiers where completed_at is not null
	) raw
	group by unit_id, day`;

const MARK_COLUMNS = ['rating_id', 'pressed_at', 'counter_id', 'device_id', 'officer_id', 'unit_id', 'counted', 'no_service', 'burst', 'off_hours', 'foreign_device'];

/**
 * rating_marks recomputed from the raw rows (kept by db/sql/rating-marks.sql): the ratings a
 * manipulation detector must look at one by one. Bursts: another press of the same device within
 * BURST_WINDOW_MS (rules.ts), either side.
 */
export const recomputedMarks = sql`
	select ${sql.raw(MARK_COLUMNS.join(', '))} from (
		select r.id as rating_id, r.pressed_at, r.counter_id, r.device_id, r.officer_id, r.unit_id, r.counted,
			coalesce(r.not_counted_reason = 'no_service', false) as no_service,
			coalesce(r.device_id is not null and (
				r.pressed_at - lag(r.pressed_at) over w <= ${sql.raw(SQL_BURST_WINDOW)}
				or lead(r.pressed_at) over w - r.pressed_at <= ${sql.raw(SQL_BURST_WINDOW)}), false) as burst,
			hl_off_hours(r.pressed_at) as off_hours, hl_foreign_press(r.device_id, r.counter_id, r.pressed_at) as foreign_device
		from ratings r
		window w as (partition by r.device_id order by r.pressed_at)
	) m
	where no_service or burst or off_hours or foreign_device`;

export const storedMarks = sql`
	select ${sql.raw(MARK_COLUMNS.join(', '))} from rating_marks
	where no_service or burst or off_hours or foreign_device`;

const nonZero = (cols: string[]) => sql.raw(cols.map((c) => `${c} <> 0`).join(' or '));
const OFFICER_DAY_COUNTS = [
	'services',
	'ratings',
	'satisfied',
	'neutral',
	'dissatisfied',
	'level1',
	'level2',
	'level3',
	'level4',
	'level5',
	'device_ratings',
	'device_satisfied',
	'qr_ratings',
	'qr_satisfied'
];
const UNIT_HOUR_COUNTS = ['ratings', 'satisfied', 'neutral', 'dissatisfied'];
const COUNTER_DAY_COUNTS = UNIT_HOUR_COUNTS;
const UNIT_DAY_COUNTS = ['services', 'ratings', 'satisfied', 'neutral', 'dissatisfied', 'received', 'completed', 'on_time'];

/** The stored rollups' non-zero rows, in the recomputation's shape (for comparisons). */
export const storedOfficerDay = sql`
	select unit_id, day, officer_id, stage, ${sql.raw(OFFICER_DAY_COUNTS.join(', '))}
	from rollup_officer_day where ${nonZero(OFFICER_DAY_COUNTS)}`;
export const storedUnitHour = sql`
	select unit_id, day, hour::int as hour, ${sql.raw(UNIT_HOUR_COUNTS.join(', '))}
	from rollup_unit_hour where ${nonZero(UNIT_HOUR_COUNTS)}`;
export const storedUnitDay = sql`
	select unit_id, day, ${sql.raw(UNIT_DAY_COUNTS.join(', '))}
	from rollup_unit_day where ${nonZero(UNIT_DAY_COUNTS)}`;
export const storedCounterDay = sql`
	select unit_id, day, counter_id, ${sql.raw(COUNTER_DAY_COUNTS.join(', '))}
	from rollup_counter_day where ${nonZero(COUNTER_DAY_COUNTS)}`;

/**
 * Rebuilds the rollups and the rating marks from the raw tables in one transaction (after a bulk load that bypassed
 * the triggers, or to repair). Blocks rating ingest while it runs: take it in a quiet hour.
 */
export async function rebuildRollups(handle: DatabaseHandle): Promise<{ officerDays: number; unitHours: number; unitDays: number; counterDays: number; marks: number }> {
	return handle.db.transaction(async (tx) => {
		await tx.execute(sql`lock table ratings, rating_exclusions, service_events, dossiers, device_bindings, complaints in share mode`);
		await tx.execute(sql`delete from rollup_officer_day`);
		await tx.execute(sql`delete from rollup_unit_hour`);
		await tx.execute(sql`delete from rollup_unit_day`);
		await tx.execute(sql`delete from rollup_counter_day`);
		await tx.execute(sql`delete from rating_marks`);
		await tx.execute(sql`insert into rating_marks (${sql.raw(MARK_COLUMNS.join(', '))}) ${recomputedMarks}`);
		await tx.execute(sql`insert into rollup_officer_day (unit_id, day, officer_id, stage, ${sql.raw(OFFICER_DAY_COUNTS.join(', '))})
			select unit_id, day, officer_id, stage, ${sql.raw(OFFICER_DAY_COUNTS.join(', '))} from (${recomputedOfficerDay}) x`);
		await tx.execute(sql`insert into rollup_unit_hour (unit_id, day, hour, ${sql.raw(UNIT_HOUR_COUNTS.join(', '))})
			select unit_id, day, hour, ${sql.raw(UNIT_HOUR_COUNTS.join(', '))} from (${recomputedUnitHour}) x`);
		await tx.execute(sql`insert into rollup_unit_day (unit_id, day, ${sql.raw(UNIT_DAY_COUNTS.join(', '))})
			select unit_id, day, ${sql.raw(UNIT_DAY_COUNTS.join(', '))} from (${recomputedUnitDay}) x`);
		await tx.execute(sql`insert into rollup_counter_day (unit_id, day, counter_id, ${sql.raw(COUNTER_DAY_COUNTS.join(', '))})
			select unit_id, day, counter_id, ${sql.raw(COUNTER_DAY_COUNTS.join(', '))} from (${recomputedCounterDay}) x`);
		// the indices page's month rollups (db/sql/indices-rollups.sql)
		await tx.execute(sql`select rollup_indices_rebuild()`);
		const count = async (table: string) => {
			const r = await tx.execute(sql.raw(`select count(*) as n from ${table}`));
			const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number | string }[];
			return Number(rows[0].n);
		};
		return {
			officerDays: await count('rollup_officer_day'),
			unitHours: await count('rollup_unit_hour'),
			unitDays: await count('rollup_unit_day'),
			counterDays: await count('rollup_counter_day'),
			marks: await count('rating_marks')
		};
	});
}
