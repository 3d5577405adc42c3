import { REASON_CODES, type ReasonCode } from '../../../reasons';
import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	foreignKey,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	smallint,
	text,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { counters, units } from './organisation';
import { officers, users } from './people';
import { dossiers, serviceEvents, STAGES, type Stage } from './dossiers';
import { boxBridges } from './serial';

export const LEVEL_CLASSES = ['satisfied', 'neutral', 'dissatisfied'] as const;
export type LevelClass = (typeof LEVEL_CLASSES)[number];

/**
 * A rating scale. Scales are versioned: a change of labels or levels makes a new version,
 * and every rating records the version it was given on, so old ratings keep their meaning.
 */
export const ratingScales = pgTable(
	'rating_scales',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		code: text().notNull(),
		version: integer().notNull(),
		levelCount: smallint().notNull(),
		nameVi: text().notNull(),
		nameEn: text(),
		/** The scale new ratings are given on. At most one. */
		active: boolean().notNull().default(false),
		/** A version made to take over from a date: it becomes the active one then (scheduled switch). */
		activeFrom: tstz(),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('rating_scales_code_version_key').on(t.code, t.version),
		uniqueIndex('rating_scales_one_active_key')
			.on(t.active)
			.where(sql.raw(`"active"`)),
		check('rating_scales_level_count_check', sql.raw(`"level_count" BETWEEN 3 AND 5`))
	]
);

/** Level 1 is the most satisfied, matching button 1 of a button box. */
export const ratingScaleLevels = pgTable(
	'rating_scale_levels',
	{
		scaleId: integer()
			.notNull()
			.references(() => ratingScales.id),
		level: smallint().notNull(),
		labelVi: text().notNull(),
		labelEn: text().notNull(),
		class: text().$type<LevelClass>().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.scaleId, t.level] }),
		oneOf('rating_scale_levels_class_check', 'class', LEVEL_CLASSES),
		check('rating_scale_levels_level_check', sql.raw(`"level" BETWEEN 1 AND 5`))
	]
);

export const DEVICE_KINDS = ['tablet', 'button_box'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Counter tablets and button boxes. `uid` is the device's own stable id. */
export const devices = pgTable(
	'devices',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		uid: text().notNull(),
		kind: text().$type<DeviceKind>().notNull(),
		label: text(),
		firmware: text(),
		/** Button boxes: the boot counter of the last HELLO, and number of buttons. */
		bootCount: bigint({ mode: 'number' }),
		buttons: smallint(),
		/** Tablets: SHA-256 of the device credential; never the credential itself. */
		credentialHash: text(),
		lastSeenAt: tstz(),
		revokedAt: tstz(),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('devices_uid_key').on(t.uid),
		oneOf('devices_kind_check', 'kind', DEVICE_KINDS),
		check('devices_uid_check', sql.raw(`"uid" ~ '^[A-Za-z0-9_-]{1,64}$'`)),
		check('devices_buttons_check', sql.raw(`"buttons" IS NULL OR "buttons" BETWEEN 3 AND 5`))
	]
);

/** Which counter a device was bound to, from when to when (history kept). */
export const deviceBindings = pgTable(
	'device_bindings',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		deviceId: integer()
			.notNull()
			.references(() => devices.id),
		counterId: integer()
			.notNull()
			.references(() => counters.id),
		boundAt: tstz().notNull(),
		unboundAt: tstz(),
		boundBy: integer().references(() => users.id)
	},
	(t) => [
		index('device_bindings_counter_idx').on(t.counterId, t.boundAt),
		uniqueIndex('device_bindings_one_open_key')
			.on(t.deviceId)
			.where(sql.raw(`"unbound_at" IS NULL`)),
		check('device_bindings_period_check', sql.raw(`"unbound_at" IS NULL OR "unbound_at" >= "bound_at"`))
	]
);

/**
 * A citizen's phone number, kept apart from ratings and complaints so it can be erased
 * (Decree 13/2023, Law 91/2025) without touching the append-only records that point to it.
 */
export const citizenContacts = pgTable(
	'citizen_contacts',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		phone: text(),
		consentTextVersion: text().notNull(),
		consentedAt: tstz().notNull(),
		erasedAt: tstz(),
		erasureReason: text()
	},
	() => [
		check('citizen_contacts_erased_check', sql.raw(`("phone" IS NULL) = ("erased_at" IS NOT NULL)`)),
		check('citizen_contacts_phone_check', sql.raw(`"phone" IS NULL OR "phone" ~ '^\\+?[0-9]{8,15}$'`))
	]
);

export const RATING_SOURCES = ['tablet', 'button_box', 'qr', 'web'] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

// client-safe (the kiosk offers them): defined in src/lib/reasons.ts, imported relatively for drizzle-kit
export { REASON_CODES, type ReasonCode };

/** Why a rating is stored but not counted, decided when it arrives. */
export const NOT_COUNTED_REASONS = [
	'repeat_press', // a further press in a window already rated
	'no_service', // no service open at the counter at the press time
	'unassigned_device', // the device is not bound to any counter
	'already_rated', // this dossier and stage already has a counted rating
	'stale', // arrived for a service that closed longer ago than the grace period
	'bridge_not_assigned', // posted by a bridge not assigned the counter the box is bound to
	'too_old' // claims to be older than its channel may hold a press (BRIDGE_MAX_AGE_DAYS)
] as const;
export type NotCountedReason = (typeof NOT_COUNTED_REASONS)[number];

/**
 * Raw ratings: append-only (a trigger refuses UPDATE and DELETE). The idempotency key makes a
 * resent press or a retried POST land once: "box:<uid>:<boot>:<seq>", "tab:<uuid>", "qr:<uuid>".
 * Counter, officer, unit, dossier and stage are copied from the service event at arrival so
 * dashboards read one table; later exclusions live in rating_exclusions.
 */
export const ratings = pgTable(
	'ratings',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		idempotencyKey: text().notNull(),
		scaleId: integer().notNull(),
		level: smallint().notNull(),
		source: text().$type<RatingSource>().notNull(),
		pressedAt: tstz().notNull(),
		receivedAt: tstz().notNull().defaultNow(),
		deviceId: integer().references(() => devices.id),
		serviceEventId: bigint({ mode: 'number' }).references(() => serviceEvents.id),
		counterId: integer().references(() => counters.id),
		officerId: integer().references(() => officers.id),
		unitId: integer().references(() => units.id),
		dossierId: bigint({ mode: 'number' }).references(() => dossiers.id),
		stage: text().$type<Stage>(),
		/** Optional per-criterion answers, e.g. {"convenience": 2, "overall": 1}. */
		answers: jsonb().$type<Record<string, number>>(),
		reasonCodes: text().array().$type<ReasonCode[]>(),
		comment: text(),
		contactId: integer().references(() => citizenContacts.id),
		/** The bridge (scripts/bridge.ts) that posted a box press; null for every other channel. */
		bridgeId: integer().references(() => boxBridges.id),
		counted: boolean().notNull(),
		notCountedReason: text().$type<NotCountedReason>()
	},
	(t) => [
		uniqueIndex('ratings_idempotency_key').on(t.idempotencyKey),
		foreignKey({
			name: 'ratings_scale_level_fk',
			columns: [t.scaleId, t.level],
			foreignColumns: [ratingScaleLevels.scaleId, ratingScaleLevels.level]
		}),
		index('ratings_unit_pressed_idx').on(t.unitId, t.pressedAt),
		index('ratings_officer_pressed_idx').on(t.officerId, t.pressedAt),
		index('ratings_counter_pressed_idx').on(t.counterId, t.pressedAt),
		index('ratings_service_event_idx').on(t.serviceEventId),
		index('ratings_dossier_idx').on(t.dossierId),
		index('ratings_device_pressed_idx').on(t.deviceId, t.pressedAt),
		// The boxes page's warnings: recent presses a bridge brought that could not count.
		index('ratings_bridge_refused_idx')
			.on(t.bridgeId, t.receivedAt)
			.where(sql.raw(`"not_counted_reason" IN ('bridge_not_assigned', 'too_old')`)),
		index('ratings_unit_answers_idx')
			.on(t.unitId, t.pressedAt)
			.where(sql.raw(`"answers" IS NOT NULL`)),
		oneOf('ratings_source_check', 'source', RATING_SOURCES),
		oneOf('ratings_stage_check', 'stage', STAGES),
		check('ratings_level_check', sql.raw(`"level" BETWEEN 1 AND 5`)),
		check('ratings_key_check', sql.raw(`length("idempotency_key") BETWEEN 1 AND 128`)),
		check(
			'ratings_not_counted_check',
			sql.raw(
				`("counted" AND "not_counted_reason" IS NULL) OR (NOT "counted" AND "not_counted_reason" IS NOT NULL AND "not_counted_reason" IN (${NOT_COUNTED_REASONS.map((r) => `'${r}'`).join(', ')}))`
			)
		),
		check(
			'ratings_counted_attributed_check',
			sql.raw(`NOT "counted" OR ("officer_id" IS NOT NULL AND "unit_id" IS NOT NULL AND "stage" IS NOT NULL)`)
		),
		check(
			'ratings_reason_codes_check',
			sql.raw(`"reason_codes" IS NULL OR "reason_codes" <@ ARRAY[${REASON_CODES.map((r) => `'${r}'`).join(', ')}]::text[]`)
		),
		check('ratings_comment_check', sql.raw(`"comment" IS NULL OR length("comment") <= 2000`))
	]
);

export const EXCLUSION_REASONS = ['suspected_manipulation', 'test_data', 'device_fault', 'other'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** An attributed decision to stop counting a rating; revocable, never a rewrite of the rating. */
export const ratingExclusions = pgTable(
	'rating_exclusions',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		ratingId: bigint({ mode: 'number' })
			.notNull()
			.references(() => ratings.id),
		reason: text().$type<ExclusionReason>().notNull(),
		note: text().notNull(),
		excludedBy: integer()
			.notNull()
			.references(() => users.id),
		excludedAt: tstz().notNull().defaultNow(),
		revokedAt: tstz(),
		revokedBy: integer().references(() => users.id)
	},
	(t) => [
		uniqueIndex('rating_exclusions_one_active_key')
			.on(t.ratingId)
			.where(sql.raw(`"revoked_at" IS NULL`)),
		oneOf('rating_exclusions_reason_check', 'reason', EXCLUSION_REASONS)
	]
);

export type RatingScale = typeof ratingScales.$inferSelect;
export type NewRatingScale = typeof ratingScales.$inferInsert;
export type RatingScaleLevel = typeof ratingScaleLevels.$inferSelect;
export type NewRatingScaleLevel = typeof ratingScaleLevels.$inferInsert;
export type Device = typeof devices.$inferSelect;
export type NewDevice = typeof devices.$inferInsert;
export type DeviceBinding = typeof deviceBindings.$inferSelect;
export type NewDeviceBinding = typeof deviceBindings.$inferInsert;
export type CitizenContact = typeof citizenContacts.$inferSelect;
export type NewCitizenContact = typeof citizenContacts.$inferInsert;
export type Rating = typeof ratings.$inferSelect;
export type NewRating = typeof ratings.$inferInsert;
export type RatingExclusion = typeof ratingExclusions.$inferSelect;
export type NewRatingExclusion = typeof ratingExclusions.$inferInsert;
