import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { log } from '../ops/log';

/**
 * Events between capabilities: the counter screen opens a service, serial readers light the
 * box's LED, kiosks get a prompt, dashboards refresh (server-sent events). Subscribers in this
 * process hear an event at once; on PostgreSQL it is also sent with NOTIFY on one channel, and
 * every app process LISTENs there and hands what the others sent to its own subscribers. So a
 * rating stored by one process refreshes a dashboard served by another, and a service opened on
 * a counter screen lights a box read by the process on the box's machine. Payloads are ids only
 * (what changed): a listener reads the rest from the database. The embedded database has one
 * process, so it stays in memory.
 *
 * Delivery across processes is at most once: an event published while the database is away, or
 * while a process's LISTEN connection is reconnecting, is not heard there. Nothing depends on it
 * for correctness (the complaint sweep and the webhook outbox are queues in the database; pages
 * reload what they show).
 */
export type AppEvents = {
	/** dossierId is null for a queue ticket's service whose dossier is not known yet. */
	'service.opened': { serviceEventId: number; counterId: number; officerId: number; dossierId: number | null; stage: 'receiving' | 'returning' };
	'service.closed': { serviceEventId: number; counterId: number };
	'rating.recorded': { ratingId: number; counterId: number | null; unitId: number | null; serviceEventId: number | null; counted: boolean };
	'complaint.changed': { complaintId: number; unitId: number };
	'device.status': { deviceId: number };
};
type EventName = keyof AppEvents;
const EVENT_NAMES: readonly EventName[] = ['service.opened', 'service.closed', 'rating.recorded', 'complaint.changed', 'device.status'];

/** The NOTIFY channel all app processes share. */
export const EVENTS_CHANNEL = 'hl_events';
/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more: events are packed below this. */
const MAX_PAYLOAD = 7000;
/**
 * How long events are gathered before they are sent to the other processes. Subscribers in this
 * process hear an event at once; another process hears it this much later at most (a live page
 * promises 2 s, a kiosk prompt well under one). bench:api: with one NOTIFY per event-loop tick,
 * the notifications were a large share of the database's commits under load (docs/benchmarks.md,
 * the 2026-12-04 bench:api row).
 */
const NOTIFY_GATHER_MS = 20;
/** This process on the wire: its own notifications come back to it and are skipped (heard at once already). */
const ORIGIN = randomUUID();

/** One notification: the sender and the events it carries. */
type Wire = { o: string; e: [EventName, unknown][] };

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

let remote: { notify(payload: string): Promise<unknown> } | null = null;
let pending: [EventName, unknown][] = [];
let flushing: Promise<void> | null = null;

export function publish<K extends EventName>(name: K, payload: AppEvents[K]): void {
	emitter.emit(name, payload);
	if (!remote) return;
	pending.push([name, payload]);
	// the events of a short while go in as few notifications as fit: under load one NOTIFY carries
	// many rating batches (each NOTIFY is a commit and a wake-up of every listening process)
	flushing ??= new Promise<void>((resolve) => setTimeout(resolve, NOTIFY_GATHER_MS)).then(flush);
}

/** Subscribes; returns the unsubscribe function. */
export function subscribe<K extends EventName>(name: K, listener: (payload: AppEvents[K]) => void): () => void {
	emitter.on(name, listener);
	return () => emitter.off(name, listener);
}

/** Splits events into wire payloads under PostgreSQL's limit (pure; exported for its test). */
export function pack(origin: string, events: [EventName, unknown][]): string[] {
	const out: string[] = [];
	let batch: [EventName, unknown][] = [];
	let size = 0;
	const head = JSON.stringify({ o: origin, e: [] }).length;
	for (const ev of events) {
		const n = JSON.stringify(ev).length + 1;
		if (batch.length && head + size + n > MAX_PAYLOAD) {
			out.push(JSON.stringify({ o: origin, e: batch } satisfies Wire));
			batch = [];
			size = 0;
		}
		batch.push(ev);
		size += n;
	}
	if (batch.length) out.push(JSON.stringify({ o: origin, e: batch } satisfies Wire));
	return out;
}

/** Reads one notification; an unknown or malformed one is dropped. Returns the events for this process. */
export function unpack(text: string, origin: string = ORIGIN): [EventName, unknown][] {
	let wire: Wire;
	try {
		wire = JSON.parse(text) as Wire;
	} catch {
		return [];
	}
	if (!wire || typeof wire !== 'object' || wire.o === origin || !Array.isArray(wire.e)) return [];
	return wire.e.filter((ev): ev is [EventName, unknown] => Array.isArray(ev) && EVENT_NAMES.includes(ev[0]) && typeof ev[1] === 'object' && ev[1] !== null);
}

let lastWarning = 0;
async function flush(): Promise<void> {
	const events = pending;
	pending = [];
	flushing = null;
	const to = remote;
	if (!to || !events.length) return;
	for (const payload of pack(ORIGIN, events)) {
		await to.notify(payload).catch((e: unknown) => {
			// once a minute at most: the database being away is reported by /readyz and the error log
			if (Date.now() - lastWarning < 60_000) return;
			lastWarning = Date.now();
			log.warn({ err: { name: (e as Error)?.name, code: (e as { code?: string })?.code } }, 'events: NOTIFY failed; other processes miss these events');
		});
	}
}

/**
 * Shares events with the other app processes through PostgreSQL (called by startup.ts on
 * PostgreSQL only). Its own small client: LISTEN holds a connection of its own, which postgres.js
 * re-opens (and LISTENs again on) after the database comes back. Returns the stop function.
 */
export async function shareEventsThroughPostgres(url: string): Promise<() => Promise<void>> {
	const client = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: 'hai-long events' } });
	await client.listen(EVENTS_CHANNEL, (text) => {
		for (const [name, payload] of unpack(text)) emitter.emit(name, payload);
	});
	remote = { notify: (payload) => client.notify(EVENTS_CHANNEL, payload) };
	return async () => {
		await (flushing ?? Promise.resolve());
		remote = null;
		await client.end({ timeout: 2 });
	};
}
