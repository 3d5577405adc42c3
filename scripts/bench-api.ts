/**
 * Rating POSTs per second through the real server on PostgreSQL: `npm run bench:api`.
 * Creates a scratch database (dropped afterwards) on DATABASE_URL's server (default the local
 * one), 50 counters each with a paired tablet and an open service, then drives
 * POST /api/v1/device/ratings with autocannon, each request a new idempotency key at a random
 * tablet. Prints throughput and latency percentiles, and checks every 200 is one stored row.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import * as s from '../src/lib/server/db/schema';
import { createPairingCode, pairTablet } from '../src/lib/server/auth/credentials';
import { seedCentre } from '../src/lib/server/ratings/test-fixtures';
import { percentile, startServer } from './bench-support';

const COUNTERS = 50;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);
const PORT = 4190;

async function main() {
	const serverUrl = process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/postgres';
	const name = `hl_bench_api_${process.pid}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	const u = new URL(serverUrl);
	u.pathname = `/${name}`;
	const url = u.toString();
	let server: Awaited<ReturnType<typeof startServer>> | undefined;
	try {
		const h = await openDatabase({ kind: 'postgres', url });
		await h.migrate(path.resolve('drizzle'));
		useDatabase(h);
		const centre = await seedCentre(h.db, COUNTERS);
		const [user] = await h.db.insert(s.users).values({ username: 'bench', displayName: 'Bench', passwordHash: 'x' }).returning();
		const tablets: { credential: string; serviceEventId: number }[] = [];
		for (const counterId of centre.counterIds) {
			const { code } = await createPairingCode(counterId, user.id);
			const paired = await pairTablet(code, 'bench');
			if (!paired.ok) throw new Error('pairing failed');
			const event = await centre.openService(counterId, new Date(Date.now() - 60_000));
			tablets.push({ credential: paired.credential, serviceEventId: event.id });
		}
		await h.close();

		server = await startServer({ DATABASE_URL: url, DEMO: '0' }, PORT);
		const latencies: number[] = [];
		let ok = 0;
		let finish: (r: autocannon.Result) => void = () => {};
		let fail: (e: unknown) => void = () => {};
		const done = new Promise<autocannon.Result>((resolve, reject) => {
			finish = resolve;
			fail = reject;
		});
		const instance = autocannon({
			url: `http://localhost:${PORT}/api/v1/device/ratings`,
			connections: CONNECTIONS,
			duration: DURATION_S,
			requests: [
				{
					method: 'POST',
					setupRequest: (req) => {
						const t = tablets[Math.floor(Math.random() * tablets.length)];
						return {
							...req,
							headers: { 'content-type': 'application/json', authorization: `Bearer ${t.credential}` },
							body: JSON.stringify({ key: randomUUID(), level: 1 + Math.floor(Math.random() * 5), ageMs: 500, serviceEventId: t.serviceEventId })
						};
					}
				}
			]
		}, (err, result) => (err ? fail(err) : finish(result)));
		instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
			latencies.push(ms);
			if (status === 200) ok++;
		});
		const result = await done;
		latencies.sort((a, b) => a - b);
		await new Promise((r) => setTimeout(r, 1000)); // requests in flight when the clock stopped

		const check = await openDatabase({ kind: 'postgres', url });
		const [row] = await check.rows<{ n: string }>(sql`select count(*) as n from ratings`);
		await check.close();
		console.log(`rating POSTs on PostgreSQL, ${COUNTERS} tablets, ${CONNECTIONS} connections, ${DURATION_S} s`);
		console.log(`  requests: ${result.requests.total}, 200 OK: ${ok}, non-2xx: ${result.non2xx}, errors: ${result.errors}`);
		console.log(`  throughput: ${(ok / DURATION_S).toFixed(0)} ratings/s`);
		console.log(`  latency ms: p50 ${percentile(latencies, 50)}, p95 ${percentile(latencies, 95)}, p99 ${percentile(latencies, 99)}`);
		// Requests still in flight when autocannon stopped counting may add a few rows; never fewer.
		console.log(`  rows stored: ${row.n} (${Number(row.n) >= ok ? 'every 200 OK is stored' : 'LOST RATINGS'})`);
	} finally {
		server?.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 500));
		await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await admin.end();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
