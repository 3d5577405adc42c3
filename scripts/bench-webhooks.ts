/**
 * Webhook deliveries per second on PostgreSQL: `npm run bench:webhooks`.
 *
 *   BENCH_EVENTS=5000 BENCH_CONCURRENCY=8 tsx scripts/bench-webhooks.ts
 *
 * Creates a scratch database (dropped afterwards) on DATABASE_URL's server (default the local
 * one), one subscriber at a node:http server in this process (it answers 204 at once, and checks
 * the signature of every 100th delivery), and BENCH_EVENTS ratings stored in batches of 500: the
 * outbox trigger writes an event and a delivery for each. Then:
 *
 *   1. outbox: the delivery worker (webhooks/worker.ts, as the server runs it, BENCH_CONCURRENCY
 *      POSTs in flight) delivers them all; deliveries per second from its start until every
 *      delivery is recorded 'delivered';
 *   2. baseline: the same bodies, signed the same way, POSTed straight from memory with the same
 *      concurrency, no database: what the HTTP side alone costs on this machine.
 *
 * The difference is the outbox's price: claiming (FOR UPDATE SKIP LOCKED), recording each attempt
 * and the subscriber's state. The load average is printed: the machine may be shared, and every
 * figure moves with it. Figures belong in docs/benchmarks.md with a date and a commit.
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { seedCentre } from '../src/lib/server/ratings/test-fixtures';
import { createSubscriber } from '../src/lib/server/webhooks/store';
import { createWorker } from '../src/lib/server/webhooks/worker';
import { HEADERS, sign, verify } from '../src/lib/server/webhooks/signature';
import { readWebhookSettings } from '../src/lib/server/webhooks/settings';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const BATCH = 500;

type Receiver = { url: string; received: number; badSignatures: number; close(): Promise<void>; secret: string };

async function startReceiver(): Promise<Receiver> {
	const state = { received: 0, badSignatures: 0, secret: '' };
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			state.received++;
			if (state.received % 100 === 0 && state.secret) {
				const body = Buffer.concat(chunks).toString('utf8');
				const h = (n: string) => req.headers[n.toLowerCase()] as string | undefined;
				if (!verify(state.secret, { timestamp: h(HEADERS.timestamp), signature: h(HEADERS.signature) }, body).ok) state.badSignatures++;
			}
			res.writeHead(204).end();
		});
	});
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/hooks`,
		get received() {
			return state.received;
		},
		get badSignatures() {
			return state.badSignatures;
		},
		get secret() {
			return state.secret;
		},
		set secret(v: string) {
			state.secret = v;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/** The bodies POSTed straight from memory, signed, CONCURRENCY at a time; how many failed. */
async function postFromMemory(receiver: Receiver, bodies: readonly string[]): Promise<number> {
	let next = 0;
	let failed = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < bodies.length) {
				const body = bodies[next++];
				const timestamp = String(Math.floor(Date.now() / 1000));
				const res = await fetch(receiver.url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', [HEADERS.timestamp]: timestamp, [HEADERS.signature]: sign(receiver.secret, timestamp, body) },
					body
				});
				await res.body?.cancel();
				if (res.status !== 204) failed++;
			}
		})
	);
	return failed;
}

const count = async (h: DatabaseHandle, q: ReturnType<typeof sql>) => Number((await h.rows<{ n: string | number }>(sql`select (${q})::bigint as n`))[0].n);

async function main() {
	const serverUrl = process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/postgres';
	const name = `hl_bench_webhooks_${process.pid}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	const u = new URL(serverUrl);
	u.pathname = `/${name}`;
	const receiver = await startReceiver();
	const loadBefore = os.loadavg();
	let h: DatabaseHandle | undefined;
	try {
		h = await openDatabase({ kind: 'postgres', url: u.toString() });
		await h.migrate(path.resolve('drizzle'));
		useDatabase(h);
		const centre = await seedCentre(h.db, 1);
		const [user] = await h.rows<{ id: number }>(sql`insert into users (username, display_name, password_hash) values ('bench', 'Bench', 'x') returning id`);
		receiver.secret = (await createSubscriber({ name: 'bench', url: receiver.url, events: ['rating.stored'] }, Number(user.id))).secret;

		// the facts: ratings stored in batches, each batch one INSERT (the trigger writes the outbox rows)
		let t = performance.now();
		for (let done = 0; done < EVENTS; done += BATCH) {
			const n = Math.min(BATCH, EVENTS - done);
			await h.rows(sql`insert into ratings (idempotency_key, scale_id, level, source, pressed_at, counter_id, counted, not_counted_reason)
				select 'bench:' || (${done} + g), ${centre.scaleId}, 1 + g % 5, 'tablet', now(), ${centre.counterIds[0]}, false, 'no_service'
				from generate_series(1, ${n}) g`);
		}
		const storeS = (performance.now() - t) / 1000;
		const owed = await count(h, sql`select count(*) from webhook_deliveries where status = 'pending'`);
		if (owed !== EVENTS) throw new Error(`expected ${EVENTS} deliveries in the outbox, found ${owed}`);

		// the bodies as the worker sends them, for the baseline (read before the worker starts)
		const bodies = (await h.rows<{ body: string }>(sql`select jsonb_build_object('id', e.id, 'type', e.type, 'occurredAt', hl_iso(e.occurred_at), 'data', e.data)::text as body
			from webhook_events e order by e.seq`)).map((r) => r.body);

		// warm-up, timed by neither run: the HTTP client's first connections and the JIT (without it
		// the first run measured, the outbox, paid them alone and looked much slower; docs/benchmarks.md)
		await postFromMemory(receiver, bodies.slice(0, Math.min(500, bodies.length)));
		const warmUpReceived = receiver.received;

		// 1. the outbox
		const settings = { ...readWebhookSettings({ WEBHOOK_ALLOW_PRIVATE_HTTP: '1', WEBHOOK_POLL_SECONDS: '0.05', WEBHOOK_CONCURRENCY: String(CONCURRENCY) }) };
		t = performance.now();
		const worker = createWorker(h, settings);
		const handle = h;
		await new Promise<void>((resolve, reject) => {
			const check = async () => {
				try {
					if ((await count(handle, sql`select count(*) from webhook_deliveries where status = 'delivered'`)) >= EVENTS) return resolve();
					setTimeout(check, 20);
				} catch (e) {
					reject(e);
				}
			};
			void check();
		});
		const outboxS = (performance.now() - t) / 1000;
		await worker.stop();
		const outboxReceived = receiver.received - warmUpReceived;
		const attempts = await count(h, sql`select count(*) from webhook_attempts`);

		// 2. the baseline: the same bodies, signed, POSTed from memory with the same concurrency
		t = performance.now();
		const failed = await postFromMemory(receiver, bodies);
		const baselineS = (performance.now() - t) / 1000;

		const loadAfter = os.loadavg();
		const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en')}/s`;
		console.log(`Webhook deliveries, ${EVENTS.toLocaleString('en')} events, ${CONCURRENCY} POSTs in flight, PostgreSQL ${serverUrl.replace(/\/\/[^@]*@/, '//')}`);
		console.log(`  stored (ratings + outbox rows, batches of ${BATCH}): ${storeS.toFixed(2)} s, ${rate(EVENTS, storeS)}`);
		console.log(`  outbox → subscriber:   ${outboxS.toFixed(2)} s, ${rate(EVENTS, outboxS)} (${outboxReceived} POSTs received, ${attempts} attempts logged)`);
		console.log(`  baseline plain POSTs:  ${baselineS.toFixed(2)} s, ${rate(EVENTS, baselineS)} (${failed} failed)`);
		console.log(`  outbox cost per delivery: ${(((outboxS - baselineS) / EVENTS) * 1000).toFixed(3)} ms over the baseline`);
		console.log(`  signatures checked on every 100th: ${receiver.badSignatures} bad`);
		console.log(`${os.cpus().length} cores; load average (1, 5, 15 min) ${loadBefore.map((l) => l.toFixed(2)).join(', ')} at the start, ${loadAfter.map((l) => l.toFixed(2)).join(', ')} at the end`);
		if (receiver.badSignatures || failed || outboxReceived < EVENTS) process.exitCode = 1;
	} finally {
		await h?.close();
		await receiver.close();
		await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await admin.end();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
