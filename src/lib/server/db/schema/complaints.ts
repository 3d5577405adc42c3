import { sql } from 'drizzle-orm';
import type { AuditAction } from '../../audit-actions';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { units } from './organisation';
import { officers, users } from './people';
import { dossiers } from './dossiers';
import { citizenContacts, ratings, REASON_CODES } from './ratings';

export const COMPLAINT_CHANNELS = ['rating', 'qr', 'web', 'hotline', 'in_person', 'late_dossier'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_STATUSES = ['new', 'assigned', 'investigating', 'resolved', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/**
 * The regime a case runs on (complaints/regimes.ts): a khiếu nại under the Luật Khiếu nại 2011
 * (an acceptance clock, then a resolution clock), a phản ánh, kiến nghị (one clock), or an
 * internal case the system opens itself (never a citizen's petition in any figure).
 */
export const COMPLAINT_KINDS = ['petition', 'complaint', 'internal'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

export const COMPLAINT_OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** Cases: phản ánh, kiến nghị, khiếu nại and internal cases (kind). The current state is kept here; every change is a complaint_events row. */
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
		kind: text().$type<ComplaintKind>().notNull().default('petition'),
		/** Khiếu nại: a complex case (Luật Khiếu nại 2011, Điều 28) gets the longer resolution clock. */
		complex: boolean().notNull().default(false),
		/** Khiếu nại: a remote, hard-to-reach area (same article) gets the longer clocks. */
		remote: boolean().notNull().default(false),
		/** Khiếu nại: when it was accepted (thụ lý); until then due_at is the acceptance deadline. */
		acceptedAt: tstz(),
		reasonCodes: text().array(),
		description: text().notNull(),
		contactId: integer().references(() => citizenContacts.id),
		status: text().$type<ComplaintStatus>().notNull().default('new'),
		outcome: text().$type<ComplaintOutcome>(),
		assigneeId: integer().references(() => users.id),
		receivedAt: tstz().notNull(),
		/** The deadline of the clock running now (acceptance or resolution), on the case's regime. */
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
		// a dossier's cases: the QĐ 766 rate looks them up once per dossier handled
		index('complaints_dossier_idx').on(t.dossierId),
		oneOf('complaints_channel_check', 'channel', COMPLAINT_CHANNELS),
		oneOf('complaints_status_check', 'status', COMPLAINT_STATUSES),
		oneOf('complaints_kind_check', 'kind', COMPLAINT_KINDS),
		check('complaints_accepted_check', sql.raw(`"accepted_at" IS NULL OR ("kind" = 'complaint' AND "accepted_at" >= "received_at")`)),
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
	'contact_erased',
	'reclassified',
	'accepted'
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
		action: text().$type<AuditAction>().notNull(),
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
