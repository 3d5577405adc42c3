import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, oneOf, tstz } from './common';
import { counters, units } from './organisation';

/** Công chức / viên chức. The staff number is stable for life; the unit comes from assignments. */
export const officers = pgTable(
	'officers',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		staffNumber: text().notNull(),
		fullName: text().notNull(),
		/** Chức danh as the officer's card shows it (Chuyên viên, Phó Chánh Văn phòng…). */
		titleVi: text(),
		titleEn: text(),
		/** Served from static/ or the photo store; never a third-party URL. */
		photoPath: text(),
		active: boolean().notNull().default(true),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('officers_staff_number_key').on(t.staffNumber),
		check('officers_staff_number_check', sql.raw(`length("staff_number") BETWEEN 1 AND 32`))
	]
);

/**
 * An officer's photo, resized on the server (JPEG), kept in the database so every app process
 * and every backup has it. `etag` is a hash of the bytes, for cache validation.
 */
export const officerPhotos = pgTable('officer_photos', {
	officerId: integer()
		.primaryKey()
		.references(() => officers.id),
	bytes: bytea().notNull(),
	mime: text().notNull(),
	width: smallint().notNull(),
	height: smallint().notNull(),
	etag: text().notNull(),
	updatedAt: tstz().notNull().defaultNow()
});

/**
 * Which unit an officer belonged to, in which position, from when to when. At most one
 * open assignment per officer. Service events copy the unit at the time, so a transfer
 * never moves old ratings.
 */
export const officerAssignments = pgTable(
	'officer_assignments',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		officerId: integer()
			.notNull()
			.references(() => officers.id),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		positionVi: text().notNull(),
		positionEn: text(),
		startedAt: tstz().notNull(),
		endedAt: tstz()
	},
	(t) => [
		index('officer_assignments_officer_idx').on(t.officerId, t.startedAt),
		index('officer_assignments_unit_idx').on(t.unitId),
		uniqueIndex('officer_assignments_one_open_key')
			.on(t.officerId)
			.where(sql.raw(`"ended_at" IS NULL`)),
		check('officer_assignments_period_check', sql.raw(`"ended_at" IS NULL OR "ended_at" > "started_at"`))
	]
);

/** Who staffed which counter from when to when. One holder per counter, one counter per officer. */
export const counterShifts = pgTable(
	'counter_shifts',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		counterId: integer()
			.notNull()
			.references(() => counters.id),
		officerId: integer()
			.notNull()
			.references(() => officers.id),
		startedAt: tstz().notNull(),
		endedAt: tstz()
	},
	(t) => [
		index('counter_shifts_counter_idx').on(t.counterId, t.startedAt),
		index('counter_shifts_officer_idx').on(t.officerId, t.startedAt),
		uniqueIndex('counter_shifts_one_open_per_counter_key')
			.on(t.counterId)
			.where(sql.raw(`"ended_at" IS NULL`)),
		uniqueIndex('counter_shifts_one_open_per_officer_key')
			.on(t.officerId)
			.where(sql.raw(`"ended_at" IS NULL`)),
		check('counter_shifts_period_check', sql.raw(`"ended_at" IS NULL OR "ended_at" >= "started_at"`))
	]
);

export const users = pgTable(
	'users',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		username: text().notNull(),
		displayName: text().notNull(),
		passwordHash: text().notNull(),
		officerId: integer().references(() => officers.id),
		locale: text().notNull().default('vi'),
		disabledAt: tstz(),
		passwordChangedAt: tstz(),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_username_key').on(sql`lower(${t.username})`),
		uniqueIndex('users_officer_key').on(t.officerId),
		oneOf('users_locale_check', 'locale', ['vi', 'en']),
		check('users_username_check', sql.raw(`"username" ~ '^[A-Za-z0-9._-]{3,64}$'`))
	]
);

export const ROLES = ['admin', 'reform', 'unit_head', 'inspector', 'officer'] as const;
export type Role = (typeof ROLES)[number];

/** A role held in a unit subtree. One user may hold several roles in several units. */
export const userRoles = pgTable(
	'user_roles',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id),
		role: text().$type<Role>().notNull(),
		/** The root of the subtree the role applies to; NULL only for administrators (everything). */
		unitId: integer().references(() => units.id),
		grantedAt: tstz().notNull().defaultNow(),
		grantedBy: integer().references(() => users.id),
		revokedAt: tstz(),
		revokedBy: integer().references(() => users.id)
	},
	(t) => [
		index('user_roles_user_idx').on(t.userId),
		uniqueIndex('user_roles_active_key')
			.on(t.userId, t.role, sql`coalesce(${t.unitId}, 0)`)
			.where(sql.raw(`"revoked_at" IS NULL`)),
		oneOf('user_roles_role_check', 'role', ROLES),
		check('user_roles_scope_check', sql.raw(`"role" = 'admin' OR "unit_id" IS NOT NULL`))
	]
);

/**
 * Sessions as in Lucia's guide: the cookie holds "<id>.<secret>"; only SHA-256(secret) is
 * stored, so a database dump holds no usable token.
 */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		secretHash: text().notNull(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: tstz().notNull(),
		lastVerifiedAt: tstz().notNull(),
		ip: text(),
		userAgent: text()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export type Officer = typeof officers.$inferSelect;
export type NewOfficer = typeof officers.$inferInsert;
export type OfficerAssignment = typeof officerAssignments.$inferSelect;
export type NewOfficerAssignment = typeof officerAssignments.$inferInsert;
export type CounterShift = typeof counterShifts.$inferSelect;
export type NewCounterShift = typeof counterShifts.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserRole = typeof userRoles.$inferSelect;
export type NewUserRole = typeof userRoles.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
