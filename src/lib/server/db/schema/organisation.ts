import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	index,
	integer,
	pgTable,
	primaryKey,
	smallint,
	text,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';

export const UNIT_LEVELS = ['province', 'department', 'district', 'commune', 'other'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/**
 * Administrative units form a tree of any depth. `path` is the materialised chain of ids
 * ("/1/7/42/"), so a subtree is one indexed prefix match: both the pre-2025 and the
 * post-2025 (no district) structures fit.
 */
export const units = pgTable(
	'units',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		parentId: integer().references((): import('drizzle-orm/pg-core').AnyPgColumn => units.id),
		code: text().notNull(),
		nameVi: text().notNull(),
		nameEn: text(),
		level: text().$type<UnitLevel>().notNull(),
		path: text().notNull(),
		dissolvedAt: tstz(),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('units_code_key').on(t.code),
		uniqueIndex('units_path_key').on(t.path),
		index('units_path_prefix_idx').on(t.path.op('text_pattern_ops')),
		index('units_parent_idx').on(t.parentId),
		oneOf('units_level_check', 'level', UNIT_LEVELS),
		check('units_path_check', sql.raw(`"path" ~ '^(/[0-9]+)+/$'`)),
		check('units_code_check', sql.raw(`length("code") BETWEEN 1 AND 32`))
	]
);

/** Lĩnh vực: đất đai, tư pháp – hộ tịch, xây dựng… */
export const fields = pgTable(
	'fields',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		code: text().notNull(),
		nameVi: text().notNull(),
		nameEn: text()
	},
	(t) => [uniqueIndex('fields_code_key').on(t.code)]
);

export const PROCEDURE_MODES = ['one_stop', 'inter_linked'] as const;
export type ProcedureMode = (typeof PROCEDURE_MODES)[number];

/** Thủ tục hành chính (TTHC). */
export const procedures = pgTable(
	'procedures',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		code: text().notNull(),
		nameVi: text().notNull(),
		nameEn: text(),
		fieldId: integer()
			.notNull()
			.references(() => fields.id),
		/** Legal handling time in working days (0 = same day). */
		handlingDays: smallint().notNull(),
		mode: text().$type<ProcedureMode>().notNull(),
		/** Thông tư 01/2018 indicator 6: posted at the desk, published online. */
		postedAtDesk: boolean().notNull().default(true),
		publishedOnline: boolean().notNull().default(true),
		/** 0 none, 1 partly online (một phần), 2 fully online (toàn trình). */
		onlineLevel: smallint().notNull().default(0),
		active: boolean().notNull().default(true)
	},
	(t) => [
		uniqueIndex('procedures_code_key').on(t.code),
		index('procedures_field_idx').on(t.fieldId),
		oneOf('procedures_mode_check', 'mode', PROCEDURE_MODES),
		check('procedures_handling_days_check', sql.raw(`"handling_days" BETWEEN 0 AND 365`)),
		check('procedures_online_level_check', sql.raw(`"online_level" BETWEEN 0 AND 2`))
	]
);

/** Bộ phận Một cửa / Trung tâm Phục vụ hành chính công, belonging to a unit. */
export const serviceCentres = pgTable(
	'service_centres',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		code: text().notNull(),
		nameVi: text().notNull(),
		nameEn: text(),
		address: text(),
		active: boolean().notNull().default(true)
	},
	(t) => [uniqueIndex('service_centres_code_key').on(t.code), index('service_centres_unit_idx').on(t.unitId)]
);

/** Quầy: a counter in a centre. */
export const counters = pgTable(
	'counters',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		centreId: integer()
			.notNull()
			.references(() => serviceCentres.id),
		code: text().notNull(),
		nameVi: text().notNull(),
		nameEn: text(),
		active: boolean().notNull().default(true)
	},
	(t) => [uniqueIndex('counters_centre_code_key').on(t.centreId, t.code)]
);

/** The fields a counter serves (one or more). */
export const counterFields = pgTable(
	'counter_fields',
	{
		counterId: integer()
			.notNull()
			.references(() => counters.id, { onDelete: 'cascade' }),
		fieldId: integer()
			.notNull()
			.references(() => fields.id)
	},
	(t) => [primaryKey({ columns: [t.counterId, t.fieldId] })]
);

export type Unit = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type Field = typeof fields.$inferSelect;
export type NewField = typeof fields.$inferInsert;
export type Procedure = typeof procedures.$inferSelect;
export type NewProcedure = typeof procedures.$inferInsert;
export type ServiceCentre = typeof serviceCentres.$inferSelect;
export type NewServiceCentre = typeof serviceCentres.$inferInsert;
export type Counter = typeof counters.$inferSelect;
export type NewCounter = typeof counters.$inferInsert;
