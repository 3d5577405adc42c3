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
		/**
		 * The kind as the official list names it ("Cấp": Tỉnh, Thành phố Trung ương, Xã, Phường,
		 * Đặc khu) or as an agency calls itself (Sở, Ban, Chi cục…); free text, shown as written.
		 */
		category: text(),
		path: text().notNull(),
		/** When the unit began (e.g. 1 July 2025 for the communes of the two-level government); NULL = not recorded. */
		validFrom: tstz(),
		/** When the unit ended (merged, dissolved); its successors are in unit_successors. */
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

export const SUCCESSION_KINDS = ['whole', 'partial', 'other'] as const;
export type SuccessionKind = (typeof SUCCESSION_KINDS)[number];

/**
 * A unit that ended and the unit(s) that took it over from a date: the official conversion table
 * (old commune code → new commune code, whole or partial merge). Links only: nothing stored under
 * the old unit is rewritten.
 */
export const unitSuccessors = pgTable(
	'unit_successors',
	{
		predecessorId: integer()
			.notNull()
			.references(() => units.id),
		successorId: integer()
			.notNull()
			.references(() => units.id),
		effectiveAt: tstz().notNull(),
		kind: text().$type<SuccessionKind>().notNull(),
		/** The table's note as written ("Sáp nhập toàn bộ", "Sáp nhập một phần"…). */
		note: text(),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.predecessorId, t.successorId] }),
		index('unit_successors_successor_idx').on(t.successorId),
		oneOf('unit_successors_kind_check', 'kind', SUCCESSION_KINDS),
		check('unit_successors_not_self_check', sql.raw(`"predecessor_id" <> "successor_id"`))
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
		/** The short national code (`1.004227`) when `code` is a full one (`1.003560.000.00.00.H56`); NULL otherwise. */
		shortCode: text(),
		/** Legal handling time in working days (0 = same day). */
		handlingDays: smallint().notNull(),
		/** When the law sets the time in hours (e.g. 4 working hours), those hours; handlingDays then rounds them up. */
		handlingHours: smallint(),
		mode: text().$type<ProcedureMode>().notNull(),
		/** Cấp thực hiện as the national database writes it (Cấp Tỉnh, Cấp Xã…); free text. */
		levelVi: text(),
		/**
		 * Thông tư 01/2018 indicator 6: posted at the desk, published online. NULL = not known, and
		 * unknown stays unknown: the indices show "no data", never full marks.
		 */
		postedAtDesk: boolean(),
		publishedOnline: boolean(),
		/** 0 none, 1 partly online (một phần), 2 fully online (toàn trình); NULL = not known. */
		onlineLevel: smallint(),
		active: boolean().notNull().default(true)
	},
	(t) => [
		uniqueIndex('procedures_code_key').on(t.code),
		index('procedures_field_idx').on(t.fieldId),
		index('procedures_short_code_idx').on(t.shortCode),
		oneOf('procedures_mode_check', 'mode', PROCEDURE_MODES),
		check('procedures_handling_days_check', sql.raw(`"handling_days" BETWEEN 0 AND 365`)),
		check('procedures_online_level_check', sql.raw(`"online_level" BETWEEN 0 AND 2`))
	]
);

/** Which units handle a procedure (receive its dossiers). */
export const procedureUnits = pgTable(
	'procedure_units',
	{
		procedureId: integer()
			.notNull()
			.references(() => procedures.id),
		unitId: integer()
			.notNull()
			.references(() => units.id)
	},
	(t) => [primaryKey({ columns: [t.procedureId, t.unitId] }), index('procedure_units_unit_idx').on(t.unitId)]
);

export const CENTRE_KINDS = ['province_centre', 'commune_centre', 'reception_point', 'one_stop_desk'] as const;
export type CentreKind = (typeof CENTRE_KINDS)[number];

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
		/** Trung tâm Phục vụ hành chính công of the province or a commune, a reception point, a unit's own desk; NULL = not said. */
		kind: text().$type<CentreKind>(),
		active: boolean().notNull().default(true)
	},
	(t) => [
		uniqueIndex('service_centres_code_key').on(t.code),
		index('service_centres_unit_idx').on(t.unitId),
		check('service_centres_kind_check', sql.raw(`"kind" IS NULL OR "kind" IN (${CENTRE_KINDS.map((k) => `'${k}'`).join(', ')})`))
	]
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
export type UnitSuccessor = typeof unitSuccessors.$inferSelect;
export type ProcedureUnit = typeof procedureUnits.$inferSelect;
export type NewUnit = typeof units.$inferInsert;
export type Field = typeof fields.$inferSelect;
export type NewField = typeof fields.$inferInsert;
export type Procedure = typeof procedures.$inferSelect;
export type NewProcedure = typeof procedures.$inferInsert;
export type ServiceCentre = typeof serviceCentres.$inferSelect;
export type NewServiceCentre = typeof serviceCentres.$inferInsert;
export type Counter = typeof counters.$inferSelect;
export type NewCounter = typeof counters.$inferInsert;
