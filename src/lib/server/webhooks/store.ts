import { and, eq, isNull, sql } from 'drizzle-orm';
import { database, db } from '../db';
import { webhookSubscribers, type WebhookDeliveryStatus, type WebhookEventType } from '../db/schema';
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

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

export async function listSubscribers(): Promise<SubscriberSummary[]> {
	const rows = await database.rows<Record<string, unknown>>(sql`
		select s.id, s.name, s.url, s.events, s.paused, s.failures, s.blocked_until, s.created_at,
			(select count(*) from webhook_deliveries d where d.subscriber_id = s.id and d.status = 'pending') as pending,
			(select count(*) from webhook_deliveries d where d.subscriber_id = s.id and d.status = 'delivered' and d.delivered_at > now() - interval '1 day') as delivered24h,
			(select count(*) from webhook_deliveries d where d.subscriber_id = s.id and d.status = 'expired') as expired,
			a.at as last_attempt_at, a.ok as last_ok
		from webhook_subscribers s
		left join lateral (select at, ok from webhook_attempts a where a.subscriber_id = s.id order by a.at desc limit 1) a on true
		where s.deleted_at is null order by s.id`);
	return rows.map((r) => ({
		id: Number(r.id),
		name: String(r.name),
		url: String(r.url),
		events: r.events as WebhookEventType[],
		paused: Boolean(r.paused),
		failures: Number(r.failures),
		blockedUntil: iso(r.blocked_until),
		createdAt: iso(r.created_at)!,
		pending: Number(r.pending),
		delivered24h: Number(r.delivered24h),
		expired: Number(r.expired),
		lastAttemptAt: iso(r.last_attempt_at),
		lastOk: r.last_ok == null ? null : Boolean(r.last_ok)
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
		const only = deliveryId === undefined ? sql`` : sql` and id = ${deliveryId}`;
		const due = (await tx.execute(sql`update webhook_deliveries set next_attempt_at = now()
			where subscriber_id = ${subscriberId} and status = 'pending' and next_attempt_at > now()${only} returning id`)) as unknown;
		return Array.isArray(due) ? due.length : ((due as { rows?: unknown[] }).rows?.length ?? 0);
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

/** A subscriber's delivery log page: the subscriber, its latest deliveries and attempts. */
export async function subscriberLog(id: number, limit = 100) {
	const [subscriber] = (await listSubscribers()).filter((s) => s.id === id);
	if (!subscriber) return null;
	const deliveries = await database.rows<Record<string, unknown>>(sql`
		select d.id, e.id::text as event_id, e.type, e.occurred_at, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at,
			d.last_status, d.last_error, d.delivered_at
		from webhook_deliveries d join webhook_events e on e.seq = d.event_seq
		where d.subscriber_id = ${id} order by d.id desc limit ${limit}`);
	const attempts = await database.rows<Record<string, unknown>>(sql`
		select a.id, a.delivery_id, e.id::text as event_id, a.at, a.duration_ms, a.http_status, a.error, a.ok
		from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id join webhook_events e on e.seq = d.event_seq
		where a.subscriber_id = ${id} order by a.at desc, a.id desc limit ${limit}`);
	return {
		subscriber,
		deliveries: deliveries.map(
			(r): DeliveryRow => ({
				id: Number(r.id),
				eventId: String(r.event_id),
				type: r.type as WebhookEventType,
				occurredAt: iso(r.occurred_at)!,
				status: r.status as WebhookDeliveryStatus,
				attempts: Number(r.attempts),
				nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
				lastAttemptAt: iso(r.last_attempt_at),
				lastStatus: r.last_status == null ? null : Number(r.last_status),
				lastError: (r.last_error as string | null) ?? null,
				deliveredAt: iso(r.delivered_at)
			})
		),
		attempts: attempts.map(
			(r): AttemptRow => ({
				id: Number(r.id),
				deliveryId: Number(r.delivery_id),
				eventId: String(r.event_id),
				at: iso(r.at)!,
				durationMs: Number(r.duration_ms),
				httpStatus: r.http_status == null ? null : Number(r.http_status),
				error: (r.error as string | null) ?? null,
				ok: Boolean(r.ok)
			})
		)
	};
}
