import { log as appLog } from '../ops/log';
import type { DatabaseHandle } from '../db';
import { subscribe } from '../events/bus';
import { backoffMs } from './backoff';
import { claimDue, expireAndClean, recordOutcomes, sealPlainSecrets, type Claimed, type Outcome, type SubscriberUpdate } from './outbox';
import { isSealed, openSecret } from './secret-box';
import { HEADERS, sign } from './signature';
import { readWebhookSettings, type WebhookSettings } from './settings';
import { checkSubscriberUrl } from './url';

/**
 * The delivery worker: runs in the server process, started and stopped with it (startup.ts).
 * It claims due deliveries from the outbox, POSTs each signed body, and records every attempt.
 * An idle worker polls every WEBHOOK_POLL_SECONDS and is woken at once by a rating or a
 * complaint change in its own process. Delivery is at least once: a subscriber de-duplicates on
 * the event id.
 */

export type WorkerDeps = {
	fetch?: typeof fetch;
	now?: () => Date;
	random?: () => number;
	log?: (message: string) => void;
};

export type Worker = {
	/** Look for due deliveries now instead of at the next poll. */
	wake(): void;
	/** One claim-and-deliver round (tests); resolves with the number of deliveries attempted. */
	runOnce(): Promise<number>;
	/** Stops: POSTs in flight are abandoned and their deliveries made due again; resolves when the last is recorded. */
	stop(): Promise<void>;
};

const MAINTENANCE_MS = 60_000;
/**
 * A wake-up (a rating stored, a case changed) starts a round at once, but not sooner than this
 * after the last one began: under load, events arrive hundreds a second, and a round per event
 * was a database transaction per rating batch (bench:api), whether or not anyone subscribes.
 */
const WAKE_SPACING_MS = 100;

function describeFailure(e: unknown): string {
	const err = e as { name?: string; code?: string; cause?: { code?: string; name?: string } };
	if (err?.name === 'TimeoutError') return 'timeout';
	return err?.cause?.code ?? err?.code ?? err?.cause?.name ?? err?.name ?? 'error';
}

/** Each distinct stored secret of a round opened once; null: it does not open (WEBHOOK_SECRET_KEY changed). */
function openSecrets(claimed: readonly Claimed[], key: Buffer): Map<string, string | null> {
	const out = new Map<string, string | null>();
	for (const { secret: stored } of claimed) {
		if (out.has(stored)) continue;
		try {
			// a row from before secrets were sealed is used as stored until maintenance seals it (sealPlainSecrets)
			out.set(stored, isSealed(stored) ? openSecret(stored, key) : stored);
		} catch {
			out.set(stored, null);
		}
	}
	return out;
}

/** POSTs one delivery; never throws. */
async function deliver(c: Claimed, secret: string | null, settings: WebhookSettings, fetchFn: typeof fetch, now: () => Date, stopping: AbortSignal): Promise<Omit<Outcome, 'retryAt'>> {
	const started = now();
	const t0 = performance.now();
	const base = { deliveryId: c.deliveryId, subscriberId: c.subscriberId, at: started };
	const allowed = checkSubscriberUrl(c.url, settings.allowPrivateHttp);
	if (!allowed.ok) return { ...base, durationMs: 0, ok: false, httpStatus: null, error: `url refused: ${allowed.problem}` };
	const timestamp = String(Math.floor(started.getTime() / 1000));
	if (secret === null) return { ...base, durationMs: 0, ok: false, httpStatus: null, error: 'secret unreadable: WEBHOOK_SECRET_KEY is not the key it was sealed with' };
	try {
		const res = await fetchFn(allowed.url, {
			method: 'POST',
			redirect: 'manual',
			signal: AbortSignal.any([stopping, AbortSignal.timeout(settings.timeoutMs)]),
			headers: {
				'content-type': 'application/json',
				'user-agent': 'HaiLong-Webhooks/1',
				[HEADERS.eventId]: c.eventId,
				[HEADERS.eventType]: c.type,
				[HEADERS.timestamp]: timestamp,
				[HEADERS.signature]: sign(secret, timestamp, c.body),
				[HEADERS.attempt]: String(c.attempt)
			},
			body: c.body
		});
		await res.body?.cancel().catch(() => {});
		const ok = res.status >= 200 && res.status < 300;
		return { ...base, durationMs: performance.now() - t0, ok, httpStatus: res.status, error: ok ? null : `HTTP ${res.status}` };
	} catch (e) {
		if (stopping.aborted) return { ...base, durationMs: performance.now() - t0, ok: false, httpStatus: null, error: 'interrupted: server stopping', interrupted: true };
		return { ...base, durationMs: performance.now() - t0, ok: false, httpStatus: null, error: describeFailure(e) };
	}
}

/** Runs `work` over `items` with at most `limit` at once, results in the items' order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const i = next++;
			out[i] = await work(items[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
	return out;
}

/**
 * What a batch's results mean for each subscriber: any failure (not our own interruption) puts
 * it in back-off, one step longer than before; an all-successful batch clears its back-off.
 */
export function subscriberUpdates(claimed: Claimed[], outcomes: Outcome[], now: Date, settings: WebhookSettings, random: () => number): SubscriberUpdate[] {
	const bySubscriber = new Map<number, { failures: number; failed: boolean; succeeded: boolean }>();
	outcomes.forEach((o, i) => {
		const s = bySubscriber.get(o.subscriberId) ?? { failures: claimed[i].subscriberFailures, failed: false, succeeded: false };
		if (o.ok) s.succeeded = true;
		else if (!o.interrupted) s.failed = true;
		bySubscriber.set(o.subscriberId, s);
	});
	const updates: SubscriberUpdate[] = [];
	for (const [subscriberId, s] of bySubscriber) {
		if (s.failed) updates.push({ subscriberId, failed: true, blockedUntil: new Date(now.getTime() + backoffMs(s.failures + 1, random, settings.backoff)) });
		else if (s.succeeded && s.failures > 0) updates.push({ subscriberId, failed: false, blockedUntil: null });
	}
	return updates;
}

export function createWorker(handle: DatabaseHandle, settings: WebhookSettings, deps: WorkerDeps = {}): Worker {
	const fetchFn = deps.fetch ?? fetch;
	const now = deps.now ?? (() => new Date());
	const random = deps.random ?? Math.random;
	const log = deps.log ?? ((m: string) => appLog.error(m));
	const stopping = new AbortController();
	// a claim costs one round trip whatever its size: 16 POSTs per lane a claim keeps that off the POSTs' time
	const batchSize = settings.concurrency * 16;
	// the lease outlasts the longest a batch can take: every POST of it timing out, one lane after another
	const leaseMs = settings.timeoutMs * Math.ceil(batchSize / settings.concurrency) + 30_000;

	/** The previous round's outcomes being recorded, when the loop went on without waiting (below). */
	let recording: Promise<void> = Promise.resolve();

	/**
	 * One round: claim, POST, record. `overlap`: a round whose deliveries all succeeded is recorded
	 * while the next round claims and POSTs (its deliveries are leased, so no claim takes them
	 * again meanwhile); a round with a failure is recorded before the next claim, which must see
	 * the subscriber's back-off. Records are written one after another, in round order.
	 */
	async function round(overlap: boolean): Promise<number> {
		const claimed = await claimDue(handle, now(), batchSize, leaseMs);
		if (claimed.length === 0) {
			await recording;
			return 0;
		}
		const secrets = openSecrets(claimed, settings.secretKey);
		const results = await pool(claimed, settings.concurrency, (c) => deliver(c, secrets.get(c.secret) ?? null, settings, fetchFn, now, stopping.signal));
		const at = now();
		const outcomes: Outcome[] = results.map((r, i) => ({
			...r,
			retryAt: r.ok ? null : r.interrupted ? at : new Date(at.getTime() + backoffMs(claimed[i].attempt, random, settings.backoff))
		}));
		const updates = subscriberUpdates(claimed, outcomes, at, settings, random);
		const current = recording.then(() => recordOutcomes(handle, outcomes, updates, at));
		// not recorded: the deliveries stay leased and are sent again when the lease lapses (at least once)
		recording = current.catch((e: { name?: string; code?: string }) => log(`webhooks: recording a round failed: ${e?.name ?? 'error'} (${e?.code ?? 'no error code'})`));
		if (!overlap || outcomes.some((o) => !o.ok)) await current;
		return claimed.length;
	}
	const runOnce = () => round(false);

	let wakeUp: (() => void) | null = null;
	const wake = () => wakeUp?.();
	let lastMaintenance = 0;
	let lastRound = 0;
	let failing = 0;
	const loop = (async () => {
		while (!stopping.signal.aborted) {
			try {
				if (now().getTime() - lastMaintenance >= MAINTENANCE_MS) {
					lastMaintenance = now().getTime();
					const sealed = await sealPlainSecrets(handle, settings.secretKey);
					if (sealed) log(`webhooks: sealed ${sealed} subscriber secrets stored in clear (WEBHOOK_SECRET_KEY)`);
					const { expired } = await expireAndClean(handle, now(), settings.expireMs, settings.logMs);
					if (expired) log(`webhooks: ${expired} deliveries expired after ${settings.expireMs / 86_400_000} days`);
				}
				lastRound = Date.now();
				const attempted = await round(true);
				failing = 0;
				if (attempted > 0) continue;
			} catch (e) {
				if (stopping.signal.aborted) break;
				// the first failure of a run, then once a minute: a database that is down would otherwise log every poll
				if (failing++ % Math.max(1, Math.round(60_000 / settings.pollMs)) === 0) {
					const err = e as { name?: string; code?: string };
					log(`webhooks: delivery round failed: ${err?.name ?? 'error'} (${err?.code ?? 'no error code'})`);
				}
			}
			if (stopping.signal.aborted) break;
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, settings.pollMs);
				timer.unref?.();
				wakeUp = () => {
					clearTimeout(timer);
					wakeUp = null;
					const early = lastRound + WAKE_SPACING_MS - Date.now();
					if (early > 0 && !stopping.signal.aborted) setTimeout(resolve, early).unref?.();
					else resolve();
				};
			});
			wakeUp = null;
		}
	})();

	return {
		wake,
		runOnce,
		async stop() {
			stopping.abort();
			wake();
			await loop;
			await recording;
		}
	};
}

let running: { worker: Worker; unsubscribe: () => void } | null = null;

/**
 * Starts this process's delivery worker (startup.ts, after the database is open; never while
 * building). Reads WEBHOOK_* settings and fails fast on a bad one. Returns the stop function,
 * to call before the database closes.
 */
export function startWebhookDelivery(handle: DatabaseHandle, settings: WebhookSettings = readWebhookSettings(), deps: WorkerDeps = {}): () => Promise<void> {
	// started again in one process (tests open several apps): the old worker gives way
	if (running) {
		running.unsubscribe();
		void running.worker.stop();
	}
	const worker = createWorker(handle, settings, deps);
	const offs = [subscribe('rating.recorded', worker.wake), subscribe('complaint.changed', worker.wake)];
	running = { worker, unsubscribe: () => offs.forEach((off) => off()) };
	const mine = running;
	return async () => {
		mine.unsubscribe();
		await mine.worker.stop();
		if (running === mine) running = null;
	};
}

/** Asks the running worker (if any) to look for due deliveries now: "retry now" on the log page. */
export function wakeWebhookDelivery(): void {
	running?.worker.wake();
}
