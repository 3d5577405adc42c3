import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of this process (GET /metrics, routes/metrics/+server.ts). Counters and
 * histograms are updated where the thing happens; gauges that describe state are read when
 * Prometheus scrapes (`collect`). Names follow Prometheus' conventions: `hl_` prefix, base units
 * (seconds), `_total` for counters. Labels carry no id, name or number of a person.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'hl_process_' });

export const ratingsStored = new Counter({
	name: 'hl_ratings_stored_total',
	help: 'Ratings stored (not duplicates), by source.',
	labelNames: ['source'] as const,
	registers: [registry]
});

export const ratingLatency = new Histogram({
	name: 'hl_rating_store_seconds',
	help: 'Time from a rating reaching the app to its transaction committed (group commit wait included).',
	buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
	registers: [registry]
});

export const groupCommitBatch = new Histogram({
	name: 'hl_rating_batch_size',
	help: 'Ratings per rating transaction (group commit batch size).',
	buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
	registers: [registry]
});

export const framesRefused = new Counter({
	name: 'hl_serial_frames_refused_total',
	help: 'Frames from button boxes refused: malformed frames by error code, presses answered NAK by reason.',
	labelNames: ['reason'] as const,
	registers: [registry]
});

export const eventStreamClients = new Gauge({
	name: 'hl_event_stream_clients',
	help: 'Open server-sent event streams (live dashboards, counter screens).',
	labelNames: ['stream'] as const,
	registers: [registry]
});

/** What the serial readers of this process report when scraped (serial/manager.ts sets it). */
let serialState: () => { portsOpen: number; boxesOnline: number } = () => ({
	portsOpen: 0,
	boxesOnline: 0
});
export function reportSerialState(read: typeof serialState): void {
	serialState = read;
}
new Gauge({
	name: 'hl_serial_ports_open',
	help: 'Serial ports of this process that are open.',
	registers: [registry],
	collect() {
		this.set(serialState().portsOpen);
	}
});
new Gauge({
	name: 'hl_serial_boxes_online',
	help: 'Button boxes on this process\u2019s ports that sent a valid frame within the last 10 s.',
	registers: [registry],
	collect() {
		this.set(serialState().boxesOnline);
	}
});

/** Reads from the database when scraped (ops/db-metrics.ts sets it after the database opens). */
type DbState = { outboxDue: number; connections: { state: string; n: number }[] };
let dbState: (() => Promise<DbState>) | null = null;
export function reportDatabaseState(read: () => Promise<DbState>): void {
	dbState = read;
}
let lastDb: Promise<DbState | null> | null = null;
/** One database read per scrape, shared by the gauges below; a failed read leaves them unset. */
function readDb(): Promise<DbState | null> {
	lastDb ??= (dbState ? dbState().catch(() => null) : Promise.resolve(null)).finally(() =>
		setTimeout(() => (lastDb = null), 500).unref?.()
	);
	return lastDb;
}
new Gauge({
	name: 'hl_webhook_outbox_due',
	help: 'Webhook deliveries waiting in the outbox (due or retrying).',
	registers: [registry],
	async collect() {
		const s = await readDb();
		if (s) this.set(s.outboxDue);
	}
});
new Gauge({
	name: 'hl_db_connections',
	help: 'This process\u2019s connections to the database by state (pg_stat_activity, by application_name): its pool use.',
	labelNames: ['state'] as const,
	registers: [registry],
	async collect() {
		const s = await readDb();
		this.reset();
		for (const c of s?.connections ?? []) this.set({ state: c.state }, c.n);
	}
});
