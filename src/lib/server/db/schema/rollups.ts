import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { STAGES, type Stage } from './dossiers';

/**
 * Rollups: counted ratings and services pre-aggregated so dashboards read thousands of rows, not
 * millions. They are maintained inside the transaction that changes the raw rows, by
 * statement-level triggers (db/sql/rollups.sql): an INSERT of ratings or service
 * events, a new exclusion and a revoked exclusion each adjust the affected rows. Days and hours are
 * Vietnam local time (UTC+7, no daylight saving). `rollups.test.ts` checks them against a
 * recomputation from the raw tables on random data, on both databases.
 */

const counts = () => ({
	/** Counted ratings: accepted at arrival and not excluded. */
	ratings: integer().notNull().default(0),
	satisfied: integer().notNull().default(0),
	neutral: integer().notNull().default(0),
	dissatisfied: integer().notNull().default(0)
});

/** One row per officer, unit, local day and stage. */
export const rollupOfficerDay = pgTable(
	'rollup_officer_day',
	{
		unitId: integer().notNull(),
		day: date({ mode: 'string' }).notNull(),
		officerId: integer().notNull(),
		stage: text().$type<Stage>().notNull(),
		/** Services opened that day (the participation rate's denominator). */
		services: integer().notNull().default(0),
		...counts(),
		/** Counted ratings per level (level 1 = most satisfied). */
		level1: integer().notNull().default(0),
		level2: integer().notNull().default(0),
		level3: integer().notNull().default(0),
		level4: integer().notNull().default(0),
		level5: integer().notNull().default(0),
		/** Counted ratings from counter devices (tablet, button box) and from citizens' phones (QR), and their satisfied ones. */
		deviceRatings: integer().notNull().default(0),
		deviceSatisfied: integer().notNull().default(0),
		qrRatings: integer().notNull().default(0),
		qrSatisfied: integer().notNull().default(0)
	},
	(t) => [
		primaryKey({ columns: [t.unitId, t.day, t.officerId, t.stage] }),
		index('rollup_officer_day_officer_idx').on(t.officerId, t.day),
		index('rollup_officer_day_day_idx').on(t.day),
		oneOf('rollup_officer_day_stage_check', 'stage', STAGES)
	]
);

/** One row per unit, local day and local hour: heatmaps, trends and unit comparisons. */
export const rollupUnitHour = pgTable(
	'rollup_unit_hour',
	{
		unitId: integer().notNull(),
		day: date({ mode: 'string' }).notNull(),
		hour: smallint().notNull(),
		...counts()
	},
	(t) => [
		primaryKey({ columns: [t.unitId, t.day, t.hour] }),
		index('rollup_unit_hour_day_idx').on(t.day),
		check('rollup_unit_hour_hour_check', sql.raw(`"hour" BETWEEN 0 AND 23`))
	]
);

/**
 * One row per unit and local day: trends, unit comparisons and the on-time rate at province scale.
 * Ratings and services count on the day they happened; dossiers on the day they were received
 * (`received`) and on the day they were completed (`completed`, `onTime`).
 */
export const rollupUnitDay = pgTable(
	'rollup_unit_day',
	{
		unitId: integer().notNull(),
		day: date({ mode: 'string' }).notNull(),
		services: integer().notNull().default(0),
		...counts(),
		received: integer().notNull().default(0),
		completed: integer().notNull().default(0),
		/** Completed on or before the due time. */
		onTime: integer().notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.unitId, t.day] }), index('rollup_unit_day_day_idx').on(t.day)]
);

/**
 * One row per unit, local day and counter (quầy): the overview's worst counter. Only ratings that
 * name a counter count here; a QR rating from a phone may name none.
 */
export const rollupCounterDay = pgTable(
	'rollup_counter_day',
	{
		unitId: integer().notNull(),
		day: date({ mode: 'string' }).notNull(),
		counterId: integer().notNull(),
		...counts()
	},
	(t) => [primaryKey({ columns: [t.unitId, t.day, t.counterId] }), index('rollup_counter_day_day_idx').on(t.day)]
);

/**
 * Ratings that a manipulation detector has to look at one by one, marked when they arrive
 * (migration 0010_rating_marks): a press with no open service, a press of a device within
 * BURST_RULE.windowMs (10 s) of another press of the same device (both are marked), a press outside
 * 07:00–17:30 local time or on a Saturday or Sunday (holidays are looked up when reading, the
 * calendar can change), and a press from a device not bound to the rating's counter at press time
 * (re-marked when a device's bindings change). A rating has a row while any mark is set; honest
 * traffic leaves this table small, so the flags read it instead of scanning every rating.
 */
export const ratingMarks = pgTable(
	'rating_marks',
	{
		ratingId: bigint({ mode: 'number' }).primaryKey(),
		pressedAt: tstz().notNull(),
		/** The rating's own columns the detectors read, copied so they never look the rating up. */
		counterId: integer(),
		deviceId: integer(),
		officerId: integer(),
		unitId: integer(),
		counted: boolean().notNull().default(false),
		noService: boolean().notNull().default(false),
		burst: boolean().notNull().default(false),
		offHours: boolean().notNull().default(false),
		foreignDevice: boolean().notNull().default(false)
	},
	// one small index per mark, so each detector reads only its own marks
	(t) => [
		index('rating_marks_no_service_idx').on(t.pressedAt).where(sql.raw(`"no_service"`)),
		index('rating_marks_burst_idx').on(t.pressedAt).where(sql.raw(`"burst"`)),
		index('rating_marks_off_hours_idx').on(t.pressedAt).where(sql.raw(`"off_hours"`)),
		index('rating_marks_foreign_device_idx').on(t.pressedAt).where(sql.raw(`"foreign_device"`))
	]
);

export type RollupOfficerDay = typeof rollupOfficerDay.$inferSelect;
export type NewRollupOfficerDay = typeof rollupOfficerDay.$inferInsert;
export type RollupUnitHour = typeof rollupUnitHour.$inferSelect;
export type RollupUnitDay = typeof rollupUnitDay.$inferSelect;
export type NewRollupUnitHour = typeof rollupUnitHour.$inferInsert;
export type RollupCounterDay = typeof rollupCounterDay.$inferSelect;
export type NewRollupCounterDay = typeof rollupCounterDay.$inferInsert;
