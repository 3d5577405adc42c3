import { and, eq, isNull, sql } from 'drizzle-orm';
import { database, db } from '../db';
import { webhookDeliveries, webhookSubscribers, type WebhookDeliveryStatus, type WebhookEventType } from '../db/schema';
import { bool, iso, isoOrNull, num, numOrNull, textOrNull, type DbBool, type DbNumber, type DbTime } from '../db/decode';
import { sealSecret } from './secret-box';
import { readWebhookSettings } from './settings';
import { newSecret } from './signature';

/** The administrator's side of webhooks: subscribers and their delivery log. */

export type SubscriberSummary = {
	id: number;
	name: string;
	url: string;
	events: WebhookEventType[];
	paused: boolean;
	failures: number;
	blockedUntil: string | null;
	createdAt: string;
	pending: number;
	delivered24h: number;
	expired: number;
	lastAttemptAt: string | null;
	lastOk: boolean | null;
};

type SubscriberRow = {
	id: DbNumber;
	name: string;
	url: string;
	events: WebhookEventType[];
	paused: DbBool;
	failures: DbNumber;
	blocked_until: DbTime | null;
	created_at: DbTime;
	pending: DbNumber;
	delivered24h: DbNumber;
	expired: DbNumber;
	last_attempt_at: DbTime | null;
	last_ok: DbBool | null;
};

export async function listSubscribers(): Promise<SubscriberSummary[]> {
	const rows = await database.rows<SubscriberRow>(sql`
		select s.id, s.name, s.url, s.events, s.paused, s.failures, s.blocked_until, s.created_at,
			(select count(*) from webhook_deliveries d where d.subscriber_id = s.id and d.status = 'pending') as pending,
			(select count(*) from webhook_deliveries d where d.subscriber_id = s.id and d.status = 'delivered' and d.delivered_at > now() - interval '1 day') as delivered24h,
			(select count(*) from webhook_deliveries d where d.subscriber_id = s.id and d.status = 'expired') as expired,
			a.at as last_attempt_at, a.ok as last_ok
		from webhook_subscribers s
		left join lateral (select at, ok from webhook_attempts a where a.subscriber_id = s.id order by a.at desc limit 1) a on true
		where s.deleted_at is null order by s.id`);
	return rows.map((r) => ({
		id: num(r.id),
		name: r.name,
		url: r.url,
		events: r.events,
		paused: bool(r.paused),
		failures: num(r.failures),
		blockedUntil: isoOrNull(r.blocked_until),
		createdAt: iso(r.created_at),
		pending: num(r.pending),
		delivered24h: num(r.delivered24h),
		expired: num(r.expired),
		lastAttemptAt: isoOrNull(r.last_attempt_at),
		lastOk: r.last_ok === null ? null : bool(r.last_ok)
	}));
}

/** Makes a subscriber; the secret is returned here once and never shown again (stored sealed, secret-box.ts). */
export async function createSubscriber(input: { name: string; url: string; events: WebhookEventType[] }, userId: number): Promise<{ id: number; secret: string }> {
	const secret = newSecret();
	const sealed = sealSecret(secret, readWebhookSettings().secretKey);
	const [row] = await db
		.insert(webhookSubscribers)
		.values({ name: input.name, url: input.url, events: [...new Set(input.events)], secret: sealed, createdBy: userId })
		.returning({ id: webhookSubscribers.id });
	return { id: row.id, secret };
}

const live = (id: number) => and(eq(webhookSubscribers.id, id), isNull(webhookSubscribers.deletedAt));

export async function setPaused(id: number, paused: boolean): Promise<boolean> {
	const rows = await db.update(webhookSubscribers).set({ paused }).where(live(id)).returning({ id: webhookSubscribers.id });
	return rows.length === 1;
}

/** A new secret for a subscriber (the old one stops working at once); returned once. */
export async function rotateSecret(id: number): Promise<string | null> {
	const secret = newSecret();
	const rows = await db.update(webhookSubscribers).set({ secret: sealSecret(secret, readWebhookSettings().secretKey) }).where(live(id)).returning({ id: webhookSubscribers.id });
	return rows.length === 1 ? secret : null;
}

/** Removes a subscriber: nothing more is queued or sent to it; its pending deliveries are cancelled; its log stays. */
export async function deleteSubscriber(id: number): Promise<boolean> {
	return db.transaction(async (tx) => {
		const rows = await tx.update(webhookSubscribers).set({ deletedAt: new Date() }).where(live(id)).returning({ id: webhookSubscribers.id });
		if (rows.length === 0) return false;
		await tx.execute(sql`update webhook_deliveries set status = 'cancelled' where subscriber_id = ${id} and status = 'pending'`);
		return true;
	});
}

/**
 * "Retry now": the subscriber's back-off is lifted and its pending deliveries (or only the one
 * named) become due now. Returns how many were made due.
 */
export async function retryNow(subscriberId: number, deliveryId?: number): Promise<number | null> {
	return db.transaction(async (tx) => {
		const rows = await tx.update(webhookSubscribers).set({ blockedUntil: null }).where(live(subscriberId)).returning({ id: webhookSubscribers.id });
		if (rows.length === 0) return null;
		const d = webhookDeliveries;
		const due = await tx
			.update(d)
			.set({ nextAttemptAt: sql`now()` })
			.where(and(eq(d.subscriberId, subscriberId), eq(d.status, 'pending'), sql`${d.nextAttemptAt} > now()`, deliveryId === undefined ? undefined : eq(d.id, deliveryId)))
			.returning({ id: d.id });
		return due.length;
	});
}

export type DeliveryRow = {
	id: number;
	eventId: string;
	type: WebhookEventType;
	occurredAt: string;
	status: WebhookDeliveryStatus;
	attempts: number;
	nextAttemptAt: string | null;
	lastAttemptAt: string | null;
	lastStatus: number | null;
	lastError: string | null;
	deliveredAt: string | null;
};

export type AttemptRow = { id: number; deliveryId: number; eventId: string; at: string; durationMs: number; httpStatus: number | null; error: string | null; ok: boolean };

type DeliveryDbRow = {
	id: DbNumber;
	event_id: string;
	type: WebhookEventType;
	occurred_at: DbTime;
	status: WebhookDeliveryStatus;
	attempts: DbNumber;
	next_attempt_at: DbTime | null;
	last_attempt_at: DbTime | null;
	last_status: DbNumber | null;
	last_error: string | null;
	delivered_at: DbTime | null;
};
type AttemptDbRow = {
	id: DbNumber;
	delivery_id: DbNumber;
	event_id: string;
	at: DbTime;
	duration_ms: DbNumber;
	http_status: DbNumber | null;
	error: string | null;
	ok: DbBool;
};

/** A subscriber's delivery log page: the subscriber, its latest deliveries and attempts. */
export async function subscriberLog(id: number, limit = 100) {
	const [subscriber] = (await listSubscribers()).filter((s) => s.id === id);
	if (!subscriber) return null;
	const deliveries = await database.rows<DeliveryDbRow>(sql`
		select d.id, e.id::text as event_id, e.type, e.occurred_at, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at,
			d.last_status, d.last_error, d.delivered_at
		from webhook_deliveries d join webhook_events e on e.seq = d.event_seq
		where d.subscriber_id = ${id} order by d.id desc limit ${limit}`);
	const attempts = await database.rows<AttemptDbRow>(sql`
		select a.id, a.delivery_id, e.id::text as event_id, a.at, a.duration_ms, a.http_status, a.error, a.ok
		from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id join webhook_events e on e.seq = d.event_seq
		where a.subscriber_id = ${id} order by a.at desc, a.id desc limit ${limit}`);
	return {
		subscriber,
		deliveries: deliveries.map(
			(r): DeliveryRow => ({
				id: num(r.id),
				eventId: r.event_id,
				type: r.type,
				occurredAt: iso(r.occurred_at),
				status: r.status,
				attempts: num(r.attempts),
				nextAttemptAt: r.status === 'pending' ? isoOrNull(r.next_attempt_at) : null,
				lastAttemptAt: isoOrNull(r.last_attempt_at),
				lastStatus: numOrNull(r.last_status),
				lastError: textOrNull(r.last_error),
				deliveredAt: isoOrNull(r.delivered_at)
			})
		),
		attempts: attempts.map(
			(r): AttemptRow => ({
				id: num(r.id),
				deliveryId: num(r.delivery_id),
				eventId: r.event_id,
				at: iso(r.at),
				durationMs: num(r.duration_ms),
				httpStatus: numOrNull(r.http_status),
				error: textOrNull(r.error),
				ok: bool(r.ok)
			})
		)
	};
}
