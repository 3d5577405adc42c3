import { DOSSIER_CODE_PATTERN } from '../../../dossier-code';
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, smallint, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { counters, procedures, units } from './organisation';
import { officers, users } from './people';

export const DOSSIER_CHANNELS = ['counter', 'online', 'postal'] as const;
export type DossierChannel = (typeof DOSSIER_CHANNELS)[number];

export const DOSSIER_STATUSES = [
	'received', // đã tiếp nhận
	'in_progress', // đang giải quyết
	'ready', // có kết quả, chờ trả
	'returned', // đã trả kết quả
	'withdrawn', // công dân rút hồ sơ
	'rejected' // từ chối / trả lại hồ sơ
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/**
 * Hồ sơ. The code is opaque (each province's software has its own format) and unique within
 * a province. Timeliness (early / on time / late) is derived from due_at and completed_at,
 * never stored, so it cannot disagree with the dates.
 */
export const dossiers = pgTable(
	'dossiers',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		/** Root unit of the province the code is unique in. */
		provinceId: integer()
			.notNull()
			.references(() => units.id),
		/** The unit that received the dossier (owns it for scope). */
		unitId: integer()
			.notNull()
			.references(() => units.id),
		code: text().notNull(),
		procedureId: integer()
			.notNull()
			.references(() => procedures.id),
		channel: text().$type<DossierChannel>().notNull(),
		status: text().$type<DossierStatus>().notNull().default('received'),
		receivedAt: tstz().notNull(),
		dueAt: tstz().notNull(),
		/** When the result was ready (the legal clock stops here). */
		completedAt: tstz(),
		/** When the result was handed to the applicant. */
		returnedAt: tstz(),
		receivingOfficerId: integer().references(() => officers.id),
		returningOfficerId: integer().references(() => officers.id),
		/** Thông tư 01/2018 indicators 3 and 4; NULL = not known (shown as "no data"). */
		extraVisits: smallint(),
		agenciesCount: smallint(),
		updatedAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('dossiers_province_code_key').on(t.provinceId, t.code),
		index('dossiers_unit_received_idx').on(t.unitId, t.receivedAt),
		index('dossiers_unit_due_idx').on(t.unitId, t.dueAt),
		index('dossiers_unit_completed_idx').on(t.unitId, t.completedAt),
		index('dossiers_receiving_officer_idx').on(t.receivingOfficerId, t.receivedAt),
		index('dossiers_returning_officer_idx').on(t.returningOfficerId),
		oneOf('dossiers_channel_check', 'channel', DOSSIER_CHANNELS),
		oneOf('dossiers_status_check', 'status', DOSSIER_STATUSES),
		check('dossiers_code_check', sql.raw(`"code" ~ '${DOSSIER_CODE_PATTERN}'`)),
		check('dossiers_due_check', sql.raw(`"due_at" >= "received_at"`)),
		check('dossiers_completed_check', sql.raw(`"completed_at" IS NULL OR "completed_at" >= "received_at"`)),
		check(
			'dossiers_returned_check',
			sql.raw(`"returned_at" IS NULL OR ("completed_at" IS NOT NULL AND "returned_at" >= "completed_at")`)
		),
		check('dossiers_extra_visits_check', sql.raw(`"extra_visits" IS NULL OR "extra_visits" >= 0`)),
		check('dossiers_agencies_check', sql.raw(`"agencies_count" IS NULL OR "agencies_count" >= 1`))
	]
);

export const LATE_NOTICE_KINDS = ['apology', 'explanation'] as const;
export type LateNoticeKind = (typeof LATE_NOTICE_KINDS)[number];

/** Thư xin lỗi (to the citizen, with a new appointment) and văn bản giải trình (to the superior). */
export const dossierLateNotices = pgTable(
	'dossier_late_notices',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		dossierId: bigint({ mode: 'number' })
			.notNull()
			.references(() => dossiers.id),
		kind: text().$type<LateNoticeKind>().notNull(),
		documentNumber: text(),
		issuedAt: tstz().notNull(),
		/** Apology letters carry a new appointment. */
		newDueAt: tstz(),
		note: text(),
		createdBy: integer().references(() => users.id),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		index('dossier_late_notices_dossier_idx').on(t.dossierId),
		oneOf('dossier_late_notices_kind_check', 'kind', LATE_NOTICE_KINDS)
	]
);

export const STAGES = ['receiving', 'returning'] as const;
export type Stage = (typeof STAGES)[number];

export const SERVICE_ORIGINS = ['counter', 'integration', 'import', 'national', 'queue'] as const;
export type ServiceOrigin = (typeof SERVICE_ORIGINS)[number];

/**
 * An officer serving a dossier at a counter at one stage: what a rating attaches to.
 * unit_id is the officer's unit at the time (history stays right after transfers).
 * At most one open service per counter.
 *
 * A queue system's call ("ticket 12 to counter 3 for procedure P") opens a service before the
 * dossier exists: dossier_id is then NULL and the ticket and procedure say what is served, until
 * the one-stop software's receiving step names the dossier (national/sync.ts links it).
 */
export const serviceEvents = pgTable(
	'service_events',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		dossierId: bigint({ mode: 'number' }).references(() => dossiers.id),
		/** The procedure a queue ticket was called for (the dossier's own procedure otherwise). */
		procedureId: integer().references(() => procedures.id),
		/** The queue system's ticket number, for services opened by a queue call. */
		ticket: text(),
		counterId: integer()
			.notNull()
			.references(() => counters.id),
		officerId: integer()
			.notNull()
			.references(() => officers.id),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		stage: text().$type<Stage>().notNull(),
		openedAt: tstz().notNull(),
		closedAt: tstz(),
		/**
		 * The service whose opening closed this one: a busy counter's next call closes the service
		 * left open there (service-events/writer.ts). Null when it was closed by its own end.
		 */
		supersededBy: bigint({ mode: 'number' }).references((): AnyPgColumn => serviceEvents.id),
		/** Pushed by the one-stop software, or opened on the counter screen. */
		origin: text().$type<ServiceOrigin>().notNull().default('counter')
	},
	(t) => [
		index('service_events_counter_idx').on(t.counterId, t.openedAt),
		index('service_events_officer_idx').on(t.officerId, t.openedAt),
		index('service_events_unit_idx').on(t.unitId, t.openedAt),
		index('service_events_dossier_idx').on(t.dossierId),
		uniqueIndex('service_events_one_open_per_counter_key')
			.on(t.counterId)
			.where(sql.raw(`"closed_at" IS NULL`)),
		oneOf('service_events_stage_check', 'stage', STAGES),
		oneOf('service_events_origin_check', 'origin', SERVICE_ORIGINS),
		uniqueIndex('service_events_ticket_key')
			.on(t.counterId, t.ticket, t.openedAt)
			.where(sql.raw(`"ticket" IS NOT NULL`)),
		check('service_events_served_check', sql.raw(`"dossier_id" IS NOT NULL OR ("ticket" IS NOT NULL AND "procedure_id" IS NOT NULL)`)),
		check('service_events_period_check', sql.raw(`"closed_at" IS NULL OR "closed_at" >= "opened_at"`))
	]
);

/**
 * The applicant named in a dossier (chủ hồ sơ) as the one-stop software sent it: kept apart from
 * the dossier so it can be erased on request, and written only when the setting
 * `national.storeHolder` is on (off by default). The applicant's phone is never kept from a sync:
 * the payload carries no consent (legal/sources.ts nd13PersonalData); a citizen's contact comes only from their own opt-in.
 */
export const dossierHolders = pgTable('dossier_holders', {
	dossierId: bigint({ mode: 'number' })
		.primaryKey()
		.references(() => dossiers.id),
	name: text(),
	idNumber: text(),
	updatedAt: tstz().notNull().defaultNow()
});

export type Dossier = typeof dossiers.$inferSelect;
export type NewDossier = typeof dossiers.$inferInsert;
export type DossierLateNotice = typeof dossierLateNotices.$inferSelect;
export type NewDossierLateNotice = typeof dossierLateNotices.$inferInsert;
export type ServiceEvent = typeof serviceEvents.$inferSelect;
export type NewServiceEvent = typeof serviceEvents.$inferInsert;
