import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db';
import { isSealed, sealSecret } from './secret-box';

/**
 * The outbox's SQL: claiming due deliveries, recording what came of them, giving up on old ones
 * and clearing the log. The rows themselves are written by triggers with the facts
 * (drizzle/0016_webhook_outbox.sql). Every statement works on PostgreSQL and PGlite; claims use
 * FOR UPDATE SKIP LOCKED, so several server processes can share the work on PostgreSQL.
 */

export type Claimed = {
	deliveryId: number;
	/** 1 for the first attempt. */
	attempt: number;
	subscriberId: number;
	/** The subscriber's failures in a row when claimed (its own back-off grows with them). */
	subscriberFailures: number;
	url: string;
	secret: string;
	eventId: string;
	type: string;
	/** The body exactly as sent and signed. */
	body: string;
};

type ClaimRow = {
	id: number | string;
	attempts: number | string;
	subscriber_id: number | string;
	failures: number | string;
	url: string;
	secret: string;
	event_id: string;
	type: string;
	body: string;
};

const decodeClaim = (r: ClaimRow): Claimed => ({
	deliveryId: Number(r.id),
	attempt: Number(r.attempts),
	subscriberId: Number(r.subscriber_id),
	subscriberFailures: Number(r.failures),
	url: r.url,
	secret: r.secret,
	eventId: r.event_id,
	type: r.type,
	body: r.body
});

/**
 * Claims up to `limit` due deliveries: their due time moves to the end of a lease, so no other
 * worker takes them while the POST is in flight, and a worker that dies mid-POST leaves them due
 * again when the lease lapses (at least once). A subscriber in back-off is skipped; one that has
 * failed and whose back-off has passed gets a single delivery (a probe), and its backlog follows
 * the first success.
 */
export async function claimDue(handle: DatabaseHandle, now: Date, limit: number, leaseMs: number): Promise<Claimed[]> {
	const at = now.toISOString();
	const lease = new Date(now.getTime() + leaseMs).toISOString();
	const rows = await handle.rows<ClaimRow>(sql`
		with due as (
			select d.id from webhook_deliveries d
			join webhook_subscribers s on s.id = d.subscriber_id
			where d.status = 'pending' and d.next_attempt_at <= ${at}::timestamptz
				and not s.paused and s.deleted_at is null
				and (s.blocked_until is null or s.blocked_until <= ${at}::timestamptz)
				and (s.failures = 0 or d.id = (
					select p.id from webhook_deliveries p
					where p.subscriber_id = s.id and p.status = 'pending' and p.next_attempt_at <= ${at}::timestamptz
					order by p.subscriber_id, p.id limit 1))
			order by d.next_attempt_at, d.id
			limit ${limit}
			for update of d skip locked)
		update webhook_deliveries d set next_attempt_at = ${lease}::timestamptz, attempts = d.attempts + 1
		from due, webhook_events e, webhook_subscribers s
		where d.id = due.id and e.seq = d.event_seq and s.id = d.subscriber_id
		returning d.id, d.attempts, s.id as subscriber_id, s.failures, s.url, s.secret, e.id::text as event_id, e.type,
			jsonb_build_object('id', e.id, 'type', e.type, 'occurredAt', hl_iso(e.occurred_at), 'data', e.data)::text as body`);
	return rows.map(decodeClaim).sort((a, b) => a.deliveryId - b.deliveryId);
}

export type Outcome = {
	deliveryId: number;
	subscriberId: number;
	/** When the POST started, and how long it took. */
	at: Date;
	durationMs: number;
	ok: boolean;
	httpStatus: number | null;
	error: string | null;
	/** Failed: when to try this delivery again. */
	retryAt: Date | null;
	/** Stopped by our own shutdown, not the subscriber: due again at once, no back-off for the subscriber. */
	interrupted?: boolean;
};

/** The subscriber's state after a batch: back to normal, or in back-off until `blockedUntil`. */
export type SubscriberUpdate = { subscriberId: number; failed: boolean; blockedUntil: Date | null };

/** Records a batch's outcomes in one transaction: the attempts, the deliveries, the subscribers' back-off. */
export async function recordOutcomes(handle: DatabaseHandle, outcomes: Outcome[], subscribers: SubscriberUpdate[], now: Date): Promise<void> {
	if (outcomes.length === 0) return;
	const rows = JSON.stringify(
		outcomes.map((o) => ({
			d: o.deliveryId,
			s: o.subscriberId,
			at: o.at.toISOString(),
			ms: Math.max(0, Math.round(o.durationMs)),
			ok: o.ok,
			status: o.httpStatus,
			error: o.error?.slice(0, 500) ?? null,
			retry: o.ok ? null : (o.retryAt ?? now).toISOString()
		}))
	);
	const subs = JSON.stringify(subscribers.map((s) => ({ s: s.subscriberId, failed: s.failed, until: s.blockedUntil?.toISOString() ?? null })));
	const recordset = sql`json_to_recordset(${rows}::text::json) as x(d bigint, s int, at timestamptz, ms int, ok boolean, status smallint, error text, retry timestamptz)`;
	await handle.db.transaction(async (tx) => {
		await tx.execute(sql`insert into webhook_attempts (delivery_id, subscriber_id, at, duration_ms, http_status, error, ok)
			select x.d, x.s, x.at, x.ms, x.status, x.error, x.ok from ${recordset} order by x.d`);
		await tx.execute(sql`update webhook_deliveries w set
				status = case when x.ok then 'delivered' else w.status end,
				delivered_at = case when x.ok then x.at + make_interval(secs => x.ms / 1000.0) else null end,
				next_attempt_at = coalesce(x.retry, w.next_attempt_at),
				last_attempt_at = x.at, last_status = x.status, last_error = x.error
			from ${recordset}
			where w.id = x.d and w.status = 'pending'`);
		if (subscribers.length)
			await tx.execute(sql`update webhook_subscribers w set
					failures = case when x.failed then w.failures + 1 else 0 end,
					blocked_until = x.until
				from json_to_recordset(${subs}::text::json) as x(s int, failed boolean, until timestamptz)
				where w.id = x.s`);
	});
}

/**
 * Gives up on deliveries still pending `expireMs` after their event (status 'expired', which the
 * log page shows), and deletes what is older than `logMs`: attempts, finished deliveries, and
 * events no delivery refers to any more.
 */
export async function expireAndClean(handle: DatabaseHandle, now: Date, expireMs: number, logMs: number): Promise<{ expired: number }> {
	const expireBefore = new Date(now.getTime() - expireMs).toISOString();
	const logBefore = new Date(now.getTime() - logMs).toISOString();
	const expired = await handle.rows<{ id: number }>(sql`update webhook_deliveries set status = 'expired', last_error = 'expired'
		where status = 'pending' and created_at < ${expireBefore}::timestamptz returning id`);
	await handle.db.transaction(async (tx) => {
		await tx.execute(sql`delete from webhook_attempts where at < ${logBefore}::timestamptz`);
		await tx.execute(sql`delete from webhook_deliveries d where d.status <> 'pending' and d.created_at < ${logBefore}::timestamptz
			and not exists (select 1 from webhook_attempts a where a.delivery_id = d.id)`);
		await tx.execute(sql`delete from webhook_events e where e.created_at < ${logBefore}::timestamptz
			and not exists (select 1 from webhook_deliveries d where d.event_seq = e.seq)`);
	});
	return { expired: expired.length };
}

/**
 * Seals the secrets of subscribers made before secrets were sealed (stored in clear): run by the
 * worker's maintenance, so the first start after the upgrade migrates them. Returns how many.
 */
export async function sealPlainSecrets(handle: DatabaseHandle, key: Buffer): Promise<number> {
	const rows = await handle.rows<{ id: number | string; secret: string }>(sql`select id, secret from webhook_subscribers where secret not like 'v1.%'`);
	const plain = rows.filter((r) => !isSealed(r.secret));
	for (const r of plain) {
		// only if still the same clear value: a rotation in between wins
		await handle.rows(sql`update webhook_subscribers set secret = ${sealSecret(r.secret, key)} where id = ${Number(r.id)} and secret = ${r.secret} returning id`);
	}
	return plain.length;
}
