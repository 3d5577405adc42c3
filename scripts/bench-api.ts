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
 *
 * BENCH_WITHOUT=trigger,…: the same with those triggers on ratings switched off in the scratch
 * database, to see what each costs a rating (the figure without them is a floor, not a mode).
 *
 * BENCH_PROCESSES=1,2: the same with one app process and then two, behind a local round-robin
 * load balancer, side by side with the ratio (issue 18: several app servers on one primary).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
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
/**
 * BENCH_PROCESSES: how many app server processes, or a list to compare (`1,2`: one process, then
 * two, both behind the same local round-robin load balancer, scripts/bench-lb.mjs, and printed
 * side by side with the ratio). Unset: one process, no balancer (the figures in docs/benchmarks.md).
 */
const PROCESSES = (process.env.BENCH_PROCESSES ?? '1').split(',').map((v) => {
	const n = Number(v.trim());
	if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`BENCH_PROCESSES: a list of process counts 1–8 such as "1,2", not "${process.env.BENCH_PROCESSES}"`);
	return n;
});
// each measurement rates services of its own
const SERVICES = Number(process.env.BENCH_SERVICES ?? 2000 * PROCESSES.length);
/** The balancer's port (or the one server's); servers listen on the ports after it. */
const PORT = 4190;

/** Starts scripts/bench-lb.mjs on `port` in front of the `upstreams`; resolves once it listens. */
async function startBalancer(port: number, upstreams: number[]): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['scripts/bench-lb.mjs', String(port), ...upstreams.map(String)], { stdio: ['ignore', 'pipe', 'inherit'] });
	await new Promise<void>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening on')) resolve();
		});
		child.on('exit', (code) => reject(new Error(`load balancer exited with ${code}`)));
	});
	child.stdout!.resume();
	return child;
}

async function main() {
	const serverUrl = process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/postgres';
	// not hl_bench*: those names are the generated dashboard data sets
	const name = `hl_apibench_${process.pid}`;
	const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	const u = new URL(serverUrl);
	u.pathname = `/${name}`;
	const url = u.toString();
	try {
		const h = await openDatabase({ kind: 'postgres', url });
		await h.migrate(path.resolve('drizzle'));
		useDatabase(h);
		// BENCH_WITHOUT=ratings_indices_rollup,ratings_webhooks: what each trigger on ratings costs,
		// measured by switching it off in the scratch database (never elsewhere)
		for (const trigger of (process.env.BENCH_WITHOUT ?? '').split(',').filter(Boolean)) {
			if (!/^\w+$/.test(trigger)) throw new Error(`BENCH_WITHOUT: not a trigger name: ${trigger}`);
			await h.db.execute(sql.raw(`alter table ratings disable trigger ${trigger}`));
			console.log(`  without trigger ${trigger}`);
		}
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
		const backends = async () =>
			(await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${name}`).map((r) => Number(r.pid));
		// Every statement outside a transaction is a transaction of its own: a count of round trips' worth.
		const commits = async () => Number((await admin<{ n: string }[]>`select xact_commit as n from pg_stat_database where datname = ${name}`)[0].n);
		const storedRows = async () => {
			const check = await openDatabase({ kind: 'postgres', url, max: 1 });
			try {
				const [row] = await check.rows<{ n: string; counted: string; groups: string }>(
					// ratings committed together share their received_at: how large the group commits were
					sql`select count(*) as n, count(*) filter (where counted) as counted, count(distinct received_at) as groups from ratings`
				);
				return { n: Number(row.n), counted: Number(row.counted), groups: Number(row.groups) };
			} finally {
				await check.close();
			}
		};

		type Figures = { processes: number; balanced: boolean; ok: number; rps: number; p50: number; p95: number; p99: number; serverMs: number; pgMs: number; lbMs: number | null; stored: boolean };

		/** One measurement: `processes` app servers, behind the local load balancer when `balanced`. */
		const measure = async (processes: number, balanced: boolean): Promise<Figures> => {
			const ports = Array.from({ length: processes }, (_, i) => PORT + 1 + i);
			const servers: ChildProcess[] = [];
			let lb: ChildProcess | undefined;
			try {
				// one after the other, as a rolling start would: each checks the migrations on its start
				const webhookKey = randomBytes(32).toString('base64');
				for (const port of ports) servers.push(await startServer({ DATABASE_URL: url, DEMO: '0', NODE_ENV: 'production', WEBHOOK_SECRET_KEY: webhookKey }, port));
				if (balanced) lb = await startBalancer(PORT, ports);
				const target = `http://localhost:${balanced ? PORT : ports[0]}/api/v1/device/ratings`;
				const run = (seconds: number, onResponse?: (status: number, ms: number) => void) =>
					new Promise<autocannon.Result>((resolve, reject) => {
						const instance = autocannon({ url: target, connections: CONNECTIONS, duration: seconds, requests: [post()] }, (err, result) =>
							err ? reject(err) : resolve(result)
						);
						if (onResponse) instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(status, ms));
					});
				if (WARMUP_S > 0) await run(WARMUP_S);
				await new Promise((r) => setTimeout(r, 500));

				const latencies: number[] = [];
				let ok = 0;
				const rowsBefore = await storedRows();
				const commitsBefore = await commits();
				const serverCpu = () => servers.reduce((t, c) => t + (cpuSeconds(c.pid!) ?? NaN), 0);
				const serverBefore = serverCpu();
				const lbBefore = lb ? (cpuSeconds(lb.pid!) ?? NaN) : 0;
				const callsBefore = processes === 1 ? syscalls(servers[0].pid!) : null;
				const pgBefore = cpuSnapshot(await backends());
				const selfBefore = process.cpuUsage();
				const result = await run(DURATION_S, (status, ms) => {
					latencies.push(ms);
					if (status === 200) ok++;
				});
				const selfUsed = process.cpuUsage(selfBefore);
				const serverUsed = serverCpu() - serverBefore;
				const lbUsed = lb ? (cpuSeconds(lb.pid!) ?? NaN) - lbBefore : null;
				const callsAfter = processes === 1 ? syscalls(servers[0].pid!) : null;
				const pgCpu = cpuBetween(pgBefore, cpuSnapshot(await backends()));
				const loadCpu = (selfUsed.user + selfUsed.system) / 1e6;
				latencies.sort((a, b) => a - b);
				await new Promise((r) => setTimeout(r, 1000)); // requests in flight when the clock stopped
				const commitsDuring = (await commits()) - commitsBefore; // backends report their counts within a second
				const rowsAfter = await storedRows();
				const stored = rowsAfter.n - rowsBefore.n;

				const total = Math.max(1, result.requests.total);
				const ms = (s: number) => `${((s * 1000) / total).toFixed(3)} ms`;
				const pct = (s: number) => `${((100 * s) / DURATION_S).toFixed(0)} % of one core`;
				const how = processes === 1 && !balanced ? 'one server process' : `${processes} server process${processes > 1 ? 'es' : ''} behind the local load balancer (scripts/bench-lb.mjs)`;
				console.log(`rating POSTs on PostgreSQL (${MODE} services), ${how}, ${COUNTERS} tablets, ${CONNECTIONS} connections, ${DURATION_S} s after a ${WARMUP_S} s warm-up`);
				console.log(`  requests: ${result.requests.total}, 200 OK: ${ok}, non-2xx: ${result.non2xx}, errors: ${result.errors}`);
				console.log(`  throughput: ${(ok / DURATION_S).toFixed(0)} ratings/s`);
				console.log(`  latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)}`);
				console.log(
					`  CPU per request: server${processes > 1 ? 's' : ''} ${ms(serverUsed)} (${pct(serverUsed)}), PostgreSQL backends ${ms(pgCpu)} (${pct(pgCpu)}), ` +
						(lbUsed !== null ? `load balancer ${ms(lbUsed)} (${pct(lbUsed)}), ` : '') +
						`load generator ${ms(loadCpu)} (${pct(loadCpu)})`
				);
				if (callsBefore && callsAfter) {
					const per = (n: number) => (n / total).toFixed(2);
					console.log(`  server system calls per request: ${per(callsAfter.writes - callsBefore.writes)} writes, ${per(callsAfter.reads - callsBefore.reads)} reads`);
				}
				console.log(`  database transactions (commits) per request: ${(commitsDuring / total).toFixed(2)}`);
				// Requests still in flight when autocannon stopped counting may add a few rows; never fewer.
				const groups = rowsAfter.groups - rowsBefore.groups;
				console.log(
					`  rows stored: ${stored}, of which counted: ${rowsAfter.counted - rowsBefore.counted} (${stored >= ok ? 'every 200 OK is stored' : 'LOST RATINGS'}), in ${groups} transactions (${(stored / Math.max(1, groups)).toFixed(1)} a transaction)`
				);

				if (processes === 1 && !balanced) {
					// The floor: the same server refusing a malformed credential (401 before any database
					// work). What a request costs the server in HTTP parsing, routing and hooks alone.
					const floorBefore = cpuSeconds(servers[0].pid!) ?? NaN;
					const floor = await new Promise<autocannon.Result>((resolve, reject) =>
						autocannon(
							{ url: target, connections: CONNECTIONS, duration: 5, method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer none' }, body: '{}' },
							(err, r) => (err ? reject(err) : resolve(r))
						)
					);
					const floorCpu = (cpuSeconds(servers[0].pid!) ?? NaN) - floorBefore;
					console.log(`  floor (401 before any database work): server ${((floorCpu * 1000) / Math.max(1, floor.requests.total)).toFixed(3)} ms CPU per request, ${(floor.requests.total / 5).toFixed(0)} requests/s`);
				}
				return {
					processes,
					balanced,
					ok,
					rps: ok / DURATION_S,
					p50: percentile(latencies, 50),
					p95: percentile(latencies, 95),
					p99: percentile(latencies, 99),
					serverMs: (serverUsed * 1000) / total,
					pgMs: (pgCpu * 1000) / total,
					lbMs: lbUsed === null ? null : (lbUsed * 1000) / total,
					stored: stored >= ok
				};
			} finally {
				lb?.kill('SIGTERM');
				for (const c of servers) c.kill('SIGTERM');
				await new Promise((r) => setTimeout(r, 1500));
			}
		};

		const figures: Figures[] = [];
		for (const n of PROCESSES) figures.push(await measure(n, PROCESSES.length > 1 || n > 1));
		if (figures.length > 1) {
			const [a, b] = figures;
			const row = (label: string, x: string, y: string, ratio: string) => `  ${label.padEnd(28)}${x.padStart(14)}${y.padStart(14)}${ratio.padStart(10)}`;
			const f1 = (v: number) => v.toFixed(1);
			const f3 = (v: number | null) => (v === null ? '–' : v.toFixed(3));
			const r = (x: number | null, y: number | null) => (x && y ? `×${(y / x).toFixed(2)}` : '–');
			console.log(`\nside by side (same machine, both behind the same local load balancer):`);
			console.log(row('', `${a.processes} process${a.processes > 1 ? 'es' : ''}`, `${b.processes} processes`, 'ratio'));
			console.log(row('ratings/s', a.rps.toFixed(0), b.rps.toFixed(0), r(a.rps, b.rps)));
			console.log(row('latency p50 ms', f1(a.p50), f1(b.p50), r(a.p50, b.p50)));
			console.log(row('latency p95 ms', f1(a.p95), f1(b.p95), r(a.p95, b.p95)));
			console.log(row('latency p99 ms', f1(a.p99), f1(b.p99), r(a.p99, b.p99)));
			console.log(row('server CPU ms a rating', f3(a.serverMs), f3(b.serverMs), r(a.serverMs, b.serverMs)));
			console.log(row('PostgreSQL CPU ms a rating', f3(a.pgMs), f3(b.pgMs), r(a.pgMs, b.pgMs)));
			console.log(row('balancer CPU ms a rating', f3(a.lbMs), f3(b.lbMs), r(a.lbMs, b.lbMs)));
			console.log(row('every 200 OK stored', String(a.stored), String(b.stored), ''));
			console.log(`  (${os.cpus().length} cores shared by the load generator, the balancer, the servers and PostgreSQL)`);
		}
	} finally {
		await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await admin.end();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
