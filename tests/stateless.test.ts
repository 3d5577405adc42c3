import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationToken, createPairingCode, pairTablet } from '../src/lib/server/auth/credentials';
import { hashPassword } from '../src/lib/server/auth/password';
import { openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import * as s from '../src/lib/server/db/schema';
import { DATA_AGE_HEADER } from '../src/lib/server/exports/response';
import { seedCentre } from '../src/lib/server/ratings/test-fixtures';
import { pgBinariesForTests, startPgCluster, type PgCluster } from './support/pg-cluster';

/**
 * Issue 18 items 1 to 3: two app processes (the built server, `node scripts/serve.js`) on a
 * PostgreSQL primary of their own, with its streaming standby as their read replica
 * (DATABASE_READ_URL), both started by tests/support/pg-cluster.ts from the PostgreSQL binaries
 * on the machine. Process A reaches the primary through a TCP proxy (socat) the test can stop,
 * to take the database away from it; B connects directly. Needs a build; skipped only outside CI
 * when the PostgreSQL binaries are missing (under CI=true that fails):
 *
 *   nice -n 10 npx vite build
 *   nice -n 10 npx vitest run tests/stateless.test.ts
 */
const binaries = pgBinariesForTests();
/** Short, so a dashboard read goes back to the standby soon after a write. */
const READ_MAX_LAG_S = '2';
const BUILD = path.resolve('build/handler.js');
const PORT_A = 4310;
const PORT_B = 4311;
const PROXY_PORT = 4301;
const PASSWORD = 'hai-may-chu-1';
const TABLETS = 50;
/** Phone numbers a citizen leaves on a tablet: they must appear in no log line. */
const PHONES = ['0912345678', '0987654321', '0355512345'];

const WEBHOOK_KEY = randomBytes(32).toString('base64');

type Server = { child: ChildProcess; port: number; base: string; out: string[]; exited: boolean };

function startServer(port: number, databaseUrl: string, readUrl: string, log: string[]): Promise<Server> {
	const child = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			DATABASE_URL: databaseUrl,
			DATABASE_READ_URL: readUrl,
			DATABASE_READ_MAX_LAG_S: READ_MAX_LAG_S,
			DEMO: '0',
			NODE_ENV: 'production',
			// production requires the key that seals webhook secrets (webhooks/secret-box.ts); both processes share it
			WEBHOOK_SECRET_KEY: WEBHOOK_KEY,
			LOG_LEVEL: 'debug',
			JOBS_FIRST_DELAY_SECONDS: '1'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const server: Server = { child, port, base: `http://127.0.0.1:${port}`, out: log, exited: false };
	child.on('exit', () => (server.exited = true));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`server on ${port} did not start in 120 s:\n${log.join('')}`)),
			120_000
		);
		const take = (chunk: Buffer) => {
			log.push(chunk.toString());
			if (chunk.toString().includes('Listening on')) {
				clearTimeout(timer);
				resolve(server);
			}
		};
		child.stdout!.on('data', take);
		child.stderr!.on('data', take);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server on ${port} exited with ${code}:\n${log.join('')}`));
		});
	});
}

async function stopServer(server: Server | undefined, signal: NodeJS.Signals = 'SIGTERM') {
	if (!server || server.exited) return;
	const gone = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill(signal);
	const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
	await gone;
	clearTimeout(timer);
}

/** A TCP proxy in front of PostgreSQL, in its own process group (its forked children go with it). */
function startProxy(target: URL): ChildProcess {
	return spawn(
		'socat',
		[
			`TCP-LISTEN:${PROXY_PORT},fork,reuseaddr,bind=127.0.0.1`,
			`TCP:${target.hostname}:${target.port || 5432}`
		],
		{
			stdio: 'ignore',
			detached: true
		}
	);
}
function stopProxy(proxy: ChildProcess | undefined) {
	if (proxy?.pid && proxy.exitCode === null) {
		try {
			process.kill(-proxy.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether something accepts TCP connections on the port (the proxy, once socat listens). */
const accepts = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port }, () => {
			socket.destroy();
			resolve(true);
		});
		socket.on('error', () => resolve(false));
	});

async function signIn(
	base: string,
	username: string,
	password: string
): Promise<{ status: number; cookie: string }> {
	const res = await fetch(`${base}/login`, {
		method: 'POST',
		headers: {
			origin: base,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html'
		},
		body: new URLSearchParams({ username, password }).toString(),
		redirect: 'manual'
	});
	await res.text();
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	return { status: res.status, cookie };
}

async function readyStatus(base: string): Promise<number | null> {
	try {
		const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(4000) });
		await res.text();
		return res.status;
	} catch {
		return null;
	}
}

describe.skipIf(!binaries)('two app processes on one PostgreSQL primary, reading its standby', () => {
	let cluster: PgCluster;
	let sql: postgres.Sql;
	let directUrl: string;
	let readUrl: string;
	let proxiedUrl: string;
	let proxy: ChildProcess | undefined;
	let a: Server | undefined;
	let b: Server | undefined;
	const logA: string[] = [];
	const logB: string[] = [];
	type Tablet = { credential: string; serviceEventId: number };
	const tablets: Tablet[] = [];
	const tokens: string[] = [];
	/** An integration token for the dashboards' JSON (/api/v1/stats/units). */
	let integration: string;

	beforeAll(async () => {
		if (!fs.existsSync(BUILD))
			throw new Error('build/handler.js is missing: run `vite build` first');
		cluster = await startPgCluster(binaries!, { standbys: 1, ports: [5600, 5649] });
		await cluster.createDatabase('app');
		directUrl = cluster.primary.url('app');
		readUrl = cluster.standbys[0].url('app');
		const p = new URL(directUrl);
		p.hostname = '127.0.0.1';
		p.port = String(PROXY_PORT);
		proxiedUrl = p.toString();

		// a centre with 50 counters, a tablet paired at each with a service open, and an administrator
		const h = await openDatabase({ kind: 'postgres', url: directUrl });
		await h.migrate(path.resolve('drizzle'));
		useDatabase(h);
		const centre = await seedCentre(h.db, TABLETS);
		const [user] = await h.db
			.insert(s.users)
			.values({
				username: 'quantri',
				displayName: 'Quản trị',
				passwordHash: await hashPassword(PASSWORD)
			})
			.returning();
		await h.db.insert(s.userRoles).values({ userId: user.id, role: 'admin', unitId: null });
		integration = (await createIntegrationToken(centre.unitId, 'bảng điều khiển tỉnh', user.id)).token;
		tokens.push(integration);
		for (const counterId of centre.counterIds) {
			const { code } = await createPairingCode(counterId, user.id);
			const paired = await pairTablet(code, 'thử');
			if (!paired.ok) throw new Error('pairing failed');
			const ev = await centre.openService(counterId, new Date(Date.now() - 60_000));
			tablets.push({ credential: paired.credential, serviceEventId: ev.id });
			tokens.push(paired.credential);
		}
		await h.close();
		sql = postgres(directUrl, { max: 2, onnotice: () => {} });

		proxy = startProxy(new URL(directUrl));
		for (const deadline = Date.now() + 10_000; !(await accepts(PROXY_PORT)); await sleep(50)) {
			if (Date.now() > deadline) throw new Error('the socat proxy never listened');
		}
		await cluster.waitForReplay();
		[a, b] = await Promise.all([
			startServer(PORT_A, proxiedUrl, readUrl, logA),
			startServer(PORT_B, directUrl, readUrl, logB)
		]);
	}, 300_000);

	afterAll(async () => {
		await Promise.all([stopServer(a), stopServer(b)]);
		stopProxy(proxy);
		await sql?.end();
		await cluster?.stop();
	});

	const rate = (server: Server, tablet: Tablet, key: string, extra: Record<string, unknown> = {}) =>
		fetch(`${server.base}/api/v1/device/ratings`, {
			method: 'POST',
			headers: { authorization: `Bearer ${tablet.credential}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				key,
				serviceEventId: tablet.serviceEventId,
				level: 2,
				ageMs: 0,
				...extra
			}),
			signal: AbortSignal.timeout(10_000)
		});

	it('answers /healthz and /readyz on both, and echoes the request id', async () => {
		for (const server of [a!, b!]) {
			const live = await fetch(`${server.base}/healthz`, {
				headers: { 'x-request-id': 'kiem-tra-42' }
			});
			expect(live.status).toBe(200);
			expect(live.headers.get('x-request-id')).toBe('kiem-tra-42');
			const ready = await fetch(`${server.base}/readyz`);
			expect(ready.status).toBe(200);
			expect(await ready.json()).toMatchObject({
				ready: true,
				checks: { database: { ok: true }, migrations: { ok: true } }
			});
		}
		const fresh = await fetch(`${a!.base}/healthz`);
		expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
		// the request's log line carries its id
		await expect
			.poll(() => logA.join('').includes('"reqId":"kiem-tra-42"'), { timeout: 5000 })
			.toBe(true);
	});

	it('a rating posted to A reaches a live page served by B within 2 s', async () => {
		const { status, cookie } = await signIn(b!.base, 'quantri', PASSWORD);
		expect(status).toBe(303);
		tokens.push(...cookie.split('; ').map((c) => c.slice(c.indexOf('=') + 1)));
		const stream = await fetch(`${b!.base}/app/live`, {
			headers: { cookie, accept: 'text/event-stream' }
		});
		expect(stream.status).toBe(200);
		const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
		let seen = '';
		const until = async (needle: string, ms: number) => {
			const deadline = Date.now() + ms;
			while (!seen.includes(needle)) {
				const left = deadline - Date.now();
				if (left <= 0) return false;
				const chunk = await Promise.race([reader.read(), sleep(left).then(() => null)]);
				if (chunk === null || chunk.done) return seen.includes(needle);
				seen += chunk.value;
			}
			return true;
		};
		expect(await until('event: ready', 10_000)).toBe(true);
		const res = await rate(a!, tablets[0], randomUUID());
		expect(res.status).toBe(200);
		const sent = Date.now();
		expect(
			await until('event: rating', 2000),
			`B's live stream after ${Date.now() - sent} ms:\n${seen}`
		).toBe(true);
		await reader.cancel();
	});

	it('throttles sign-in across both processes: guesses at once to A and B are evaluated as one schedule', async () => {
		const before =
			await sql`select count(*)::int as n from audit_log where action = 'sign_in.failure'`;
		// the schedule lets two attempts through and then makes the address wait a second
		const guesses = await Promise.all(
			Array.from({ length: 6 }, (_, i) => signIn((i % 2 ? b! : a!).base, `doan-${i}`, `sai-${i}`))
		);
		const after =
			await sql`select count(*)::int as n from audit_log where action = 'sign_in.failure'`;
		expect(guesses.filter((g) => g.status === 400)).toHaveLength(2);
		expect(guesses.filter((g) => g.status === 429)).toHaveLength(4);
		expect(after[0].n - before[0].n).toBe(2);
		await sql`delete from sign_in_attempts`; // the address is free again for the tests below
	});

	it('50 tablets posting to both while B is killed and restarted: every rating answered stored is stored exactly once', async () => {
		const told: string[] = [];
		const failures: string[] = [];
		let running = true;
		let n = 0;
		const tablet = async (t: Tablet, i: number) => {
			let target = i % 2 ? 'b' : 'a';
			while (running) {
				const key = randomUUID();
				const extra =
					n++ % 40 === 0
						? {
								level: 5,
								reasonCodes: ['attitude'],
								contact: {
									phone: PHONES[n % PHONES.length],
									consent: true,
									consentVersion: 'v1-2026'
								}
							}
						: {};
				// a tablet keeps its key and retries, at the other server, until it is told stored
				for (let attempt = 0; ; attempt++) {
					const server = target === 'a' ? a! : b!;
					try {
						const res = await rate(server, t, key, extra);
						const body = (await res.json()) as { status?: string };
						if (res.status === 200) {
							told.push(key);
							break;
						}
						if (res.status < 500) {
							failures.push(`${res.status} ${JSON.stringify(body)}`);
							break;
						}
					} catch {
						// connection refused or reset: the server died
					}
					target = target === 'a' ? 'b' : 'a';
					await sleep(50 * Math.min(attempt + 1, 10));
				}
			}
		};
		const load = Promise.all(tablets.map((t, i) => tablet(t, i)));
		await sleep(1500);
		await stopServer(b, 'SIGKILL');
		await sleep(1500);
		b = await startServer(PORT_B, directUrl, readUrl, logB);
		await sleep(2000);
		running = false;
		await load;

		expect(failures).toEqual([]);
		expect(told.length).toBeGreaterThan(TABLETS);
		const keys = told.map((k) => `tab:${k}`);
		const stored =
			await sql`select idempotency_key, count(*)::int as n from ratings where idempotency_key = any(${keys}) group by 1`;
		expect(stored.length).toBe(new Set(keys).size);
		expect(stored.every((r) => r.n === 1)).toBe(true);
		// the dissatisfied ones with a phone went through the complaint queue; nothing is left in it
		await expect
			.poll(async () => (await sql`select count(*)::int as n from complaint_rating_queue`)[0].n, {
				timeout: 10_000
			})
			.toBe(0);
	}, 120_000);

	it('runs the hourly jobs in one process per hour, however many are up or restarted', async () => {
		await expect
			.poll(
				async () =>
					(
						await sql`select count(*)::int as n from job_runs where job = 'complaints.late-dossiers' and outcome = 'done'`
					)[0].n,
				{ timeout: 10_000 }
			)
			.toBeGreaterThan(0);
		// three process starts (A, B, B again after the kill), each ticking every job a second after it started
		const runs =
			await sql`select job, count(distinct date_trunc('hour', started_at))::int as hours, count(*)::int as n from job_runs group by job order by job`;
		expect(runs.map((r) => r.job)).toEqual([
			'auth.sign-in-attempts-prune',
			'complaints.late-dossiers',
			'complaints.retention-erasure'
		]);
		// what the processes say they ran: one run per job and clock hour in all three processes' logs together
		const ran = (job: string) =>
			[
				...(logA.join('') + logB.join('')).matchAll(
					new RegExp(`"job":"${job.replace('.', '\\.')}"[^\\n]*"msg":"job ran"`, 'g')
				)
			].length;
		for (const r of runs) {
			expect(r.n, r.job).toBe(r.hours);
			expect(ran(r.job), r.job).toBe(r.hours);
		}
	});

	it('/readyz on A goes unready within 5 s of its database going away, and ready again when it is back; no rating answered stored while away is lost', async () => {
		expect(await readyStatus(a!.base)).toBe(200);
		stopProxy(proxy);
		const away = Date.now();
		let status: number | null = 200;
		while (status === 200 && Date.now() - away < 10_000) {
			await sleep(200);
			status = await readyStatus(a!.base);
		}
		expect(status).toBe(503);
		expect(Date.now() - away).toBeLessThan(5000);
		// a tablet posting now is not told stored
		const key = randomUUID();
		const refused = await rate(a!, tablets[1], key).then(
			(r) => r.status,
			() => null
		);
		expect(refused === null || refused >= 500).toBe(true);

		proxy = startProxy(new URL(directUrl));
		await expect.poll(() => readyStatus(a!.base), { timeout: 30_000, interval: 250 }).toBe(200);
		// it retries with its key once the server is ready: stored once
		const retried = await rate(a!, tablets[1], key);
		expect(retried.status).toBe(200);
		const [row] =
			await sql`select count(*)::int as n from ratings where idempotency_key = ${'tab:' + key}`;
		expect(row.n).toBe(1);
	}, 60_000);

	/** The dashboards' figures per unit as another system reads them, and how old they may be (null: read on the primary). */
	const unitStats = async (server: Server) => {
		const res = await fetch(`${server.base}/api/v1/stats/units`, {
			headers: { authorization: `Bearer ${integration}` }
		});
		expect(res.status).toBe(200);
		return { age: res.headers.get(DATA_AGE_HEADER), body: (await res.json()) as unknown };
	};
	const figuresOf = (body: unknown) => {
		const { ratings, satisfied } = (body as { units: { subtree: { ratings: number; satisfied: number } }[] }).units[0]
			.subtree;
		return { ratings, satisfied };
	};
	let fromStandby: unknown;

	it('a dashboard read from the standby matches the primary once the standby has replayed', async () => {
		await cluster.waitForReplay();
		// B reads the standby once its measured lag is within the limit (an idle primary's last write may age it meanwhile)
		let read = await unitStats(b!);
		const deadline = Date.now() + 15_000;
		while (read.age === null && Date.now() < deadline) {
			await sleep(500);
			await cluster.waitForReplay();
			read = await unitStats(b!);
		}
		expect(read.age, 'the figures came from the standby (x-data-max-age-seconds)').not.toBeNull();
		// the same figures on the primary: the daily roll-up the dashboards sum (one rating per service: its latest)
		const [primary] =
			await sql`select coalesce(sum(ratings), 0)::int as ratings, coalesce(sum(satisfied), 0)::int as satisfied from rollup_unit_day`;
		expect(primary.ratings).toBe(TABLETS);
		expect(figuresOf(read.body)).toEqual(primary);
		fromStandby = read.body;
	});

	it('with the standby stopped, both processes answer the dashboards from the primary, with the same figures', async () => {
		expect(fromStandby, 'the standby read above').toBeDefined();
		cluster.standbys[0].stop();
		for (const server of [a!, b!]) {
			const read = await unitStats(server);
			expect(read.age, 'read on the primary: no data-age header').toBeNull();
			expect(read.body).toEqual(fromStandby);
		}
		// still ready: the primary answers; /readyz says the standby is not used
		await expect
			.poll(async () => {
				const ready = await fetch(`${b!.base}/readyz`);
				return `${ready.status} ${await ready.text()}`;
			}, { timeout: 10_000 })
			.toMatch(/^200 .*reading the primary/);
	});

	it('serves /metrics from localhost with the ratings stored, and logs JSON lines without a phone number or a token', async () => {
		const metrics = await (await fetch(`${a!.base}/metrics`)).text();
		expect(metrics).toMatch(/hl_ratings_stored_total\{source="tablet"\} [1-9]/);
		expect(metrics).toMatch(/hl_rating_batch_size_count [1-9]/);
		expect(metrics).toMatch(/hl_db_connections\{state="(idle|active)"\} [1-9]/);
		const forwarded = await fetch(`${a!.base}/metrics`, {
			headers: { 'x-forwarded-for': '203.0.113.9' }
		});
		expect(forwarded.status).toBe(403);

		const output = logA.join('') + logB.join('');
		const lines = output.split('\n').filter((l) => l.startsWith('{'));
		expect(lines.length).toBeGreaterThan(10);
		for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
		for (const phone of PHONES) expect(output).not.toContain(phone);
		for (const token of tokens.filter((t) => t.length >= 16)) expect(output).not.toContain(token);
	});
});
