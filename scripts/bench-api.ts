/**
 * Rating POSTs per second through the real server on PostgreSQL: `npm run bench:api`.
 * Creates a scratch database (dropped afterwards) on DATABASE_URL's server (default the local
 * one), 50 counters each with a paired tablet, then drives POST /api/v1/device/ratings with
 * autocannon, each request a new idempotency key at a random tablet.
 *
 * BENCH_MODE=fresh (default): every rating rates a service of its own (each counter has
 * BENCH_SERVICES past services, one a minute, each for its own dossier; the tablet names the
 * next one and says the tap was 10 s after it opened), so every rating is counted and goes
 * through the rollup triggers, as real ratings do. BENCH_MODE=repeat: one open service per
 * tablet, so every rating after the first at a counter is a stored, not counted, repeat press.
 *
 * A short warm-up (not counted) lets V8 compile the hot path and the pool open. Prints
 * throughput, latency percentiles and the CPU time the server, the PostgreSQL backends and the
 * load generator used per rating (they share the machine's cores), and checks every 200 is one
 * stored row.
 */
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import * as s from '../src/lib/server/db/schema';
import { createPairingCode, pairTablet } from '../src/lib/server/auth/credentials';
import { seedCentre } from '../src/lib/server/ratings/test-fixtures';
import { cpuBetween, cpuSeconds, cpuSnapshot, percentile, startServer, syscalls } from './bench-support';

const COUNTERS = 50;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const MODE = process.env.BENCH_MODE === 'repeat' ? 'repeat' : 'fresh';
const SERVICES = Number(process.env.BENCH_SERVICES ?? 2000);
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
		type Tablet = { credential: string; counterId: number; services: { id: number; openedMs: number }[]; next: number };
		const tablets: Tablet[] = [];
		for (const counterId of centre.counterIds) {
			const { code } = await createPairingCode(counterId, user.id);
			const paired = await pairTablet(code, 'bench');
			if (!paired.ok) throw new Error('pairing failed');
			const services = MODE === 'repeat' ? [await centre.openService(counterId, new Date(Date.now() - 60_000))].map((e) => ({ id: e.id, openedMs: e.openedAt.getTime() })) : [];
			tablets.push({ credential: paired.credential, counterId, services, next: 0 });
		}
		if (MODE === 'fresh') {
			// Past services, one a minute at every counter (50 s each), each for a dossier of its own;
			// the tablets were paired before the first one.
			const start = new Date(Date.now() - (SERVICES + 60) * 60_000);
			const iso = (ms: number) => new Date(ms).toISOString();
			await h.rows(sql`update device_bindings set bound_at = ${iso(start.getTime() - 86_400_000)}::timestamptz`);
			const [proc] = await h.rows<{ id: number }>(sql`select id from procedures limit 1`);
			await h.rows(sql`insert into dossiers (province_id, unit_id, code, procedure_id, channel, received_at, due_at)
				select ${centre.unitId}, ${centre.unitId}, 'B-' || c.id || '-' || g, ${proc.id}, 'counter', ${iso(start.getTime())}::timestamptz, ${iso(start.getTime())}::timestamptz
				from counters c, generate_series(1, ${SERVICES}) g`);
			await h.rows(sql`insert into service_events (dossier_id, counter_id, officer_id, unit_id, stage, opened_at, closed_at)
				select d.id, c.id, ${centre.officerId}, ${centre.unitId}, 'receiving',
					${iso(start.getTime())}::timestamptz + (g - 1) * interval '1 minute', ${iso(start.getTime())}::timestamptz + (g - 1) * interval '1 minute' + interval '50 seconds'
				from counters c cross join generate_series(1, ${SERVICES}) g join dossiers d on d.code = 'B-' || c.id || '-' || g`);
			const rows = await h.rows<{ id: string | number; counter_id: number; opened_ms: string | number }>(
				sql`select id, counter_id, (extract(epoch from opened_at) * 1000)::float8 as opened_ms from service_events order by counter_id, opened_at`
			);
			const byCounter = new Map(tablets.map((t) => [t.counterId, t]));
			for (const r of rows) byCounter.get(Number(r.counter_id))?.services.push({ id: Number(r.id), openedMs: Number(r.opened_ms) });
		}
		await h.close();

		// as deployed: a production build (vite build), NODE_ENV=production
		server = await startServer({ DATABASE_URL: url, DEMO: '0', NODE_ENV: 'production', WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64') }, PORT);
		const target = `http://localhost:${PORT}/api/v1/device/ratings`;
		const post = (): autocannon.Request => ({
			method: 'POST',
			setupRequest: (req) => {
				const t = tablets[Math.floor(Math.random() * tablets.length)];
				const service = t.services[t.next++ % t.services.length];
				const ageMs = MODE === 'repeat' ? 500 : Math.round(Date.now() - (service.openedMs + 10_000));
				return {
					...req,
					headers: { 'content-type': 'application/json', authorization: `Bearer ${t.credential}` },
					body: JSON.stringify({ key: randomUUID(), level: 1 + Math.floor(Math.random() * 5), ageMs, serviceEventId: service.id })
				};
			}
		});
		const run = (seconds: number, onResponse?: (status: number, ms: number) => void) =>
			new Promise<autocannon.Result>((resolve, reject) => {
				const instance = autocannon({ url: target, connections: CONNECTIONS, duration: seconds, requests: [post()] }, (err, result) =>
					err ? reject(err) : resolve(result)
				);
				if (onResponse) instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(status, ms));
			});
		if (WARMUP_S > 0) await run(WARMUP_S);

		const backends = async () =>
			(await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`).map((r) => Number(r.pid));
		const latencies: number[] = [];
		let ok = 0;
		// Every statement outside a transaction is a transaction of its own: a count of round trips' worth.
		const commits = async () => Number((await admin<{ n: string }[]>`select xact_commit as n from pg_stat_database where datname = ${name}`)[0].n);
		const commitsBefore = await commits();
		const serverBefore = cpuSeconds(server.pid!) ?? NaN;
		const callsBefore = syscalls(server.pid!);
		const pgBefore = cpuSnapshot(await backends());
		const selfBefore = process.cpuUsage();
		const result = await run(DURATION_S, (status, ms) => {
			latencies.push(ms);
			if (status === 200) ok++;
		});
		const selfUsed = process.cpuUsage(selfBefore);
		const serverCpu = (cpuSeconds(server.pid!) ?? NaN) - serverBefore;
		const callsAfter = syscalls(server.pid!);
		const pgCpu = cpuBetween(pgBefore, cpuSnapshot(await backends()));
		const loadCpu = (selfUsed.user + selfUsed.system) / 1e6;
		latencies.sort((a, b) => a - b);
		await new Promise((r) => setTimeout(r, 1000)); // requests in flight when the clock stopped
		const commitsDuring = (await commits()) - commitsBefore; // backends report their counts within a second

		const check = await openDatabase({ kind: 'postgres', url });
		const [row] = await check.rows<{ n: string }>(sql`select count(*) as n from ratings`);
		const [mine] = await check.rows<{ n: string }>(sql`select count(*) as n from ratings where counted`);
		// Ratings committed together share their received_at: how large the group commits were.
		const [groups] = await check.rows<{ n: string }>(sql`select count(distinct received_at) as n from ratings`);
		await check.close();
		const ms = (s: number) => `${((s * 1000) / Math.max(1, result.requests.total)).toFixed(3)} ms`;
		const pct = (s: number) => `${((100 * s) / DURATION_S).toFixed(0)} % of one core`;
		console.log(`rating POSTs on PostgreSQL (${MODE} services), ${COUNTERS} tablets, ${CONNECTIONS} connections, ${DURATION_S} s after a ${WARMUP_S} s warm-up`);
		console.log(`  requests: ${result.requests.total}, 200 OK: ${ok}, non-2xx: ${result.non2xx}, errors: ${result.errors}`);
		console.log(`  throughput: ${(ok / DURATION_S).toFixed(0)} ratings/s`);
		console.log(`  latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)}`);
		console.log(`  CPU per request: server ${ms(serverCpu)} (${pct(serverCpu)}), PostgreSQL backends ${ms(pgCpu)} (${pct(pgCpu)}), load generator ${ms(loadCpu)} (${pct(loadCpu)})`);
		if (callsBefore && callsAfter) {
			const per = (n: number) => (n / Math.max(1, result.requests.total)).toFixed(2);
			console.log(`  server system calls per request: ${per(callsAfter.writes - callsBefore.writes)} writes, ${per(callsAfter.reads - callsBefore.reads)} reads`);
		}
		console.log(`  database transactions (commits) per request: ${(commitsDuring / Math.max(1, result.requests.total)).toFixed(2)}`);
		// Requests still in flight when autocannon stopped counting may add a few rows; never fewer.
		console.log(`  rows stored: ${row.n}, of which counted: ${mine.n} (${Number(row.n) >= ok ? 'every 200 OK is stored' : 'LOST RATINGS'}), in ${groups.n} transactions (${(Number(row.n) / Number(groups.n)).toFixed(1)} a transaction)`);

		// The floor: the same server refusing a malformed credential (401 before any database
		// work). What a request costs the server in HTTP parsing, routing and hooks alone.
		const floorBefore = cpuSeconds(server.pid!) ?? NaN;
		const floor = await new Promise<autocannon.Result>((resolve, reject) =>
			autocannon(
				{ url: target, connections: CONNECTIONS, duration: 5, method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer none' }, body: '{}' },
				(err, r) => (err ? reject(err) : resolve(r))
			)
		);
		const floorCpu = (cpuSeconds(server.pid!) ?? NaN) - floorBefore;
		console.log(`  floor (401 before any database work): server ${((floorCpu * 1000) / Math.max(1, floor.requests.total)).toFixed(3)} ms CPU per request, ${(floor.requests.total / 5).toFixed(0)} requests/s`);
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
