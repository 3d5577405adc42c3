import { bigint, boolean, date, index, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The indices page's rollups, per Vietnam local month (the page's periods are whole months: the
 * month shown, the trend's months, TT 01's quarter). Kept inside the writing transaction by the
 * triggers of src/lib/server/db/sql/indices-rollups.sql; `indices/rollups.ts` holds the same
 * figures as queries over the raw rows, which `rollups.test.ts` compares on random data (both
 * databases) and `rebuildIndexRollups` uses after a bulk load.
 *
 * `month` is the first day of the local month of the dossier's completion (completed_at) or the
 * rating's press (pressed_at).
 */

/**
 * QĐ 766: the completed dossiers that have a counted dissatisfied rating or a citizen's case
 * (not internal): the exceptions, a few per cent of dossiers. Handled and late come from
 * rollup_unit_day (completed, on_time), so a dossier without either fact has no row here.
 */
export const rollup766Dossier = pgTable(
	'rollup_766_dossier',
	{
		dossierId: bigint({ mode: 'number' }).primaryKey(),
		unitId: integer().notNull(),
		month: date({ mode: 'string' }).notNull(),
		late: boolean().notNull(),
		dissatisfied: boolean().notNull(),
		petitioned: boolean().notNull()
	},
	(t) => [index('rollup_766_dossier_unit_month_idx').on(t.unitId, t.month)]
);

/** rollup_766_dossier summed per unit and month (kept by a trigger on it). */
export const rollup766UnitMonth = pgTable(
	'rollup_766_unit_month',
	{
		unitId: integer().notNull(),
		month: date({ mode: 'string' }).notNull(),
		dissatisfied: integer().notNull().default(0),
		petitioned: integer().notNull().default(0),
		/** Dossiers with a dissatisfied rating or a citizen's case that were not late (late ones are counted as late). */
		flaggedOnTime: integer().notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.unitId, t.month] }), index('rollup_766_unit_month_month_idx').on(t.month)]
);

const tallies = () => ({
	/** Dossiers completed in the month, and of those completed by the due time (indicator 1 ≥ 1). */
	dossiers: integer().notNull().default(0),
	onTime: integer().notNull().default(0),
	/** Thông tư 01/2018 indicators 1–4: dossiers with data (n) and points summed (s). 7 = 1 before upheld complaints. */
	n1: integer().notNull().default(0),
	s1: integer().notNull().default(0),
	n2: integer().notNull().default(0),
	s2: integer().notNull().default(0),
	n3: integer().notNull().default(0),
	s3: integer().notNull().default(0),
	n4: integer().notNull().default(0),
	s4: integer().notNull().default(0)
});

/** TT 01 per-dossier tallies per unit, procedure and month (indicators 6 and 9 read the procedure at query time). */
export const rollupTt01UnitMonth = pgTable(
	'rollup_tt01_unit_month',
	{
		unitId: integer().notNull(),
		procedureId: integer().notNull(),
		month: date({ mode: 'string' }).notNull(),
		...tallies()
	},
	(t) => [primaryKey({ columns: [t.unitId, t.procedureId, t.month] }), index('rollup_tt01_unit_month_month_idx').on(t.month)]
);

/** TT 01 per-dossier tallies per officer who received or returned the dossier (once per dossier), unit and month. */
export const rollupTt01OfficerMonth = pgTable(
	'rollup_tt01_officer_month',
	{
		officerId: integer().notNull(),
		unitId: integer().notNull(),
		month: date({ mode: 'string' }).notNull(),
		...tallies()
	},
	(t) => [primaryKey({ columns: [t.officerId, t.unitId, t.month] }), index('rollup_tt01_officer_month_month_idx').on(t.month)]
);

/** SIPAS: counted ratings' per-criterion answers (values 1–5) per unit, month, answer key, scale and level. */
export const rollupAnswersUnitMonth = pgTable(
	'rollup_answers_unit_month',
	{
		unitId: integer().notNull(),
		month: date({ mode: 'string' }).notNull(),
		key: text().notNull(),
		scaleId: integer().notNull(),
		level: smallint().notNull(),
		answers: integer().notNull().default(0)
	},
	(t) => [primaryKey({ columns: [t.unitId, t.month, t.key, t.scaleId, t.level] }), index('rollup_answers_unit_month_month_idx').on(t.month)]
);

/** When a rollup family was last rebuilt from the raw rows (a database older than the family gets it built once at start-up). */
export const rollupBuilds = pgTable('rollup_builds', {
	name: text().primaryKey(),
	builtAt: timestamp({ withTimezone: true, mode: 'date' }).notNull()
});
