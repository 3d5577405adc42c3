import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { users } from './people';
import type { ComplaintData, RatingStoredData } from '../../webhooks/payloads';

/** What a subscriber may ask to be told about (webhooks/payloads.ts describes each body). */
export const WEBHOOK_EVENT_TYPES = ['rating.stored', 'complaint.opened', 'complaint.closed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * A system told about ratings and complaints (the province's one-stop software, the national
 * portal's connector). The secret signs every delivery (HMAC-SHA256): it is kept as given, because
 * signing needs it, and shown to the administrator once, when made.
 */
export const webhookSubscribers = pgTable(
	'webhook_subscribers',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		name: text().notNull(),
		url: text().notNull(),
		events: text().array().$type<WebhookEventType[]>().notNull(),
		secret: text().notNull(),
		/** Paused: events are still queued for it (until they expire) but not sent. */
		paused: boolean().notNull().default(false),
		/** Failed deliveries in a row; while > 0 one delivery at a time probes the subscriber. */
		failures: integer().notNull().default(0),
		/** No delivery to it before this (the subscriber's own back-off after a failure). */
		blockedUntil: tstz(),
		createdAt: tstz().notNull().defaultNow(),
		createdBy: integer().references(() => users.id),
		/** Removed by an administrator: nothing more is queued or sent; the log is kept. */
		deletedAt: tstz()
	},
	() => [
		check('webhook_subscribers_events_check', sql.raw(`cardinality("events") >= 1 AND "events" <@ ARRAY[${WEBHOOK_EVENT_TYPES.map((e) => `'${e}'`).join(', ')}]::text[]`)),
		check('webhook_subscribers_url_check', sql.raw(`"url" ~ '^https?://' AND length("url") <= 2000`)),
		check('webhook_subscribers_name_check', sql.raw(`length("name") BETWEEN 1 AND 120`))
	]
);

/**
 * The outbox: one row per fact, written by a trigger in the transaction that stores the fact
 * (drizzle/…_webhook_outbox.sql), only while some subscriber wants that type. `id` is what
 * subscribers de-duplicate on; the payload is a snapshot taken then, never rebuilt.
 */
export const webhookEvents = pgTable(
	'webhook_events',
	{
		seq: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		id: uuid().notNull().defaultRandom(),
		type: text().$type<WebhookEventType>().notNull(),
		occurredAt: tstz().notNull(),
		/** Built by the trigger functions (drizzle/0016_webhook_outbox.sql), as webhooks/payloads.ts describes it. */
		data: jsonb().$type<RatingStoredData | ComplaintData>().notNull(),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [uniqueIndex('webhook_events_id_key').on(t.id), index('webhook_events_created_idx').on(t.createdAt), oneOf('webhook_events_type_check', 'type', WEBHOOK_EVENT_TYPES)]
);

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'expired', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One event owed to one subscriber, written with the event; the worker claims due rows. */
export const webhookDeliveries = pgTable(
	'webhook_deliveries',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		eventSeq: bigint({ mode: 'number' })
			.notNull()
			.references(() => webhookEvents.seq),
		subscriberId: integer()
			.notNull()
			.references(() => webhookSubscribers.id),
		status: text().$type<WebhookDeliveryStatus>().notNull().default('pending'),
		attempts: integer().notNull().default(0),
		/** Due time; while an attempt is in flight, the end of its lease (a crashed worker's claim lapses). */
		nextAttemptAt: tstz().notNull().defaultNow(),
		lastAttemptAt: tstz(),
		lastStatus: smallint(),
		lastError: text(),
		deliveredAt: tstz(),
		createdAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('webhook_deliveries_event_subscriber_key').on(t.eventSeq, t.subscriberId),
		index('webhook_deliveries_due_idx')
			.on(t.nextAttemptAt, t.id)
			.where(sql.raw(`"status" = 'pending'`)),
		index('webhook_deliveries_subscriber_idx').on(t.subscriberId, t.id),
		oneOf('webhook_deliveries_status_check', 'status', WEBHOOK_DELIVERY_STATUSES)
	]
);

/** Every attempt to deliver, as the delivery log page shows it. */
export const webhookAttempts = pgTable(
	'webhook_attempts',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
		deliveryId: bigint({ mode: 'number' })
			.notNull()
			.references(() => webhookDeliveries.id),
		subscriberId: integer().notNull(),
		at: tstz().notNull(),
		durationMs: integer().notNull(),
		/** The subscriber's HTTP status; null when no answer came (refused, timed out). */
		httpStatus: smallint(),
		error: text(),
		ok: boolean().notNull()
	},
	(t) => [index('webhook_attempts_subscriber_idx').on(t.subscriberId, t.at), index('webhook_attempts_delivery_idx').on(t.deliveryId)]
);

export type WebhookSubscriber = typeof webhookSubscribers.$inferSelect;
export type NewWebhookSubscriber = typeof webhookSubscribers.$inferInsert;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
