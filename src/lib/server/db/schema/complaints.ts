import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { units } from './organisation';
import { officers, users } from './people';
import { dossiers } from './dossiers';
import { citizenContacts, ratings, REASON_CODES } from './ratings';

export const COMPLAINT_CHANNELS = ['rating', 'qr', 'web', 'hotline', 'in_person', 'late_dossier'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_STATUSES = ['new', 'assigned', 'investigating', 'resolved', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** Phản ánh, kiến nghị. The current state is kept here; every change is a complaint_events row. */
export const complaints = pgTable(
	'complaints',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		/** Public reference given to the citizen, e.g. PA-2026-000123. */
		code: text().notNull(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		officerId: integer().references(() => officers.id),
		dossierId: bigint({ mode: 'number' }).references(() => dossiers.id),
		ratingId: bigint({ mode: 'number' }).references(() => ratings.id),
		channel: text().$type<ComplaintChannel>().notNull(),
		reasonCodes: text().array(),
		description: text().notNull(),
		contactId: integer().references(() => citizenContacts.id),
		status: text().$type<ComplaintStatus>().notNull().default('new'),
		outcome: text().$type<ComplaintOutcome>(),
		assigneeId: integer().references(() => users.id),
		receivedAt: tstz().notNull(),
		dueAt: tstz().notNull(),
		closedAt: tstz()
	},
	(t) => [
		uniqueIndex('complaints_code_key').on(t.code),
		uniqueIndex('complaints_rating_key').on(t.ratingId),
		index('complaints_unit_status_idx').on(t.unitId, t.status),
		index('complaints_officer_idx').on(t.officerId),
		index('complaints_assignee_idx').on(t.assigneeId, t.status),
		index('complaints_due_idx').on(t.dueAt),
		oneOf('complaints_channel_check', 'channel', COMPLAINT_CHANNELS),
		oneOf('complaints_status_check', 'status', COMPLAINT_STATUSES),
		check(
			'complaints_outcome_check',
			sql.raw(
				`("status" = 'resolved') = ("outcome" IS NOT NULL) AND ("outcome" IS NULL OR "outcome" IN ('upheld', 'partly_upheld', 'not_upheld'))`
			)
		),
		check(
			'complaints_reason_codes_check',
			sql.raw(`"reason_codes" IS NULL OR "reason_codes" <@ ARRAY[${REASON_CODES.map((r) => `'${r}'`).join(', ')}]::text[]`)
		)
	]
);

export const COMPLAINT_EVENT_KINDS = [
	'created',
	'assigned',
	'status_changed',
	'note',
	'call_back',
	'reopened',
	'contact_erased'
] as const;
export type ComplaintEventKind = (typeof COMPLAINT_EVENT_KINDS)[number];

/** Append-only history of a case (a trigger refuses UPDATE and DELETE). */
export const complaintEvents = pgTable(
	'complaint_events',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		complaintId: integer()
			.notNull()
			.references(() => complaints.id),
		at: tstz().notNull().defaultNow(),
		actorId: integer().references(() => users.id),
		kind: text().$type<ComplaintEventKind>().notNull(),
		fromStatus: text(),
		toStatus: text(),
		note: text(),
		data: jsonb().$type<Record<string, unknown>>()
	},
	(t) => [
		index('complaint_events_complaint_idx').on(t.complaintId, t.at),
		oneOf('complaint_events_kind_check', 'kind', COMPLAINT_EVENT_KINDS)
	]
);

/**
 * Audit log: who did what, when, from where. Append-only for every role (trigger). Never holds
 * a phone number or a secret.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		at: tstz().notNull().defaultNow(),
		actorUserId: integer().references(() => users.id),
		actorDeviceId: integer(),
		action: text().notNull(),
		targetType: text(),
		targetId: text(),
		detail: jsonb().$type<Record<string, unknown>>(),
		ip: text()
	},
	(t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorUserId, t.at)]
);

/** Deployment settings (complaint deadline, rank thresholds…), one JSON value per key. */
export const settings = pgTable('settings', {
	key: text().primaryKey(),
	value: jsonb().notNull(),
	updatedAt: tstz().notNull().defaultNow(),
	updatedBy: integer().references(() => users.id)
});

export type Complaint = typeof complaints.$inferSelect;
export type NewComplaint = typeof complaints.$inferInsert;
export type ComplaintEvent = typeof complaintEvents.$inferSelect;
export type NewComplaintEvent = typeof complaintEvents.$inferInsert;
export type AuditLogEntry = typeof auditLog.$inferSelect;
export type NewAuditLogEntry = typeof auditLog.$inferInsert;
export type Setting = typeof settings.$inferSelect;
