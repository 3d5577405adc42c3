import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { decideReserve } from '../auth/throttle-store';
import { EVENTS_CHANNEL, pack, shareEventsThroughPostgres, subscribe, unpack } from '../events/bus';
import { addReadinessCheck, missingMigrations, readiness, removeReadinessCheck } from './health';
import { runJob, slotOf, type JobSpec } from './jobs';
import { createLogger, scrub } from './log';
import { metricsAllowed } from './metrics-access';

describe('log', () => {
	function capture() {
		const lines: string[] = [];
		const stream = new Writable({
			write(chunk, _enc, done) {
				lines.push(String(chunk));
				done();
			}
		});
		return { logger: createLogger(stream, 'info'), text: () => lines.join('') };
	}

	it('masks phone numbers and tokens in messages and fields, by name and by shape', () => {
		const { logger, text } = capture();
		const token = 'dev_12.Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA';
		logger.info(
			{
				phone: '0912 345 678',
				contact: { phone: '0987654321' },
				headers: { authorization: `Bearer ${token}` }
			},
			'call back to 0355512345 failed'
		);
		logger.error(
			{ error: `insert failed: Key (phone)=(+84912345678) already exists; token ${token}` },
			'query failed'
		);
		logger.warn(
			{ reqId: 'kiem-tra-42', path: '/api/v1/device/ratings' },
			`auth header Bearer ${token}`
		);
		const out = text();
		for (const secret of [
			'912345678',
			'0912 345 678',
			'0987654321',
			'0355512345',
			token,
			'Zm9vYmFy'
		])
			expect(out).not.toContain(secret);
		expect(out).toContain('"reqId":"kiem-tra-42"');
		expect(out).toContain('/api/v1/device/ratings');
		expect(
			out
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l).level)
		).toEqual(['info', 'error', 'warn']);
	});

	it('leaves ordinary figures and ids alone', () => {
		expect(scrub('stored 1234 ratings for counter 17 in 2026-12-03')).toBe(
			'stored 1234 ratings for counter 17 in 2026-12-03'
		);
		expect(scrub('gọi 0912.345.678')).toBe('gọi [phone]');
	});
});

describe('metrics access', () => {
	const base = { token: undefined, authorization: null, address: '127.0.0.1', forwarded: false };
	it('without a token: this machine only, never through a proxy', () => {
		expect(metricsAllowed(base)).toBe(true);
		expect(metricsAllowed({ ...base, address: '::1' })).toBe(true);
		expect(metricsAllowed({ ...base, address: '10.0.0.5' })).toBe(false);
		expect(metricsAllowed({ ...base, forwarded: true })).toBe(false);
	});
	it('with a token: the bearer token, from anywhere', () => {
		const token = 'metrics-token-0123456789';
		expect(metricsAllowed({ ...base, token })).toBe(false);
		expect(
			metricsAllowed({ ...base, token, address: '10.0.0.5', authorization: `Bearer ${token}` })
		).toBe(true);
		expect(metricsAllowed({ ...base, token, authorization: `Bearer ${token}x` })).toBe(false);
	});
});

describe('readiness', () => {
	it('names the migrations a database lacks', () => {
		expect(missingMigrations([1, 2, 3], [1, 2, 3])).toEqual([]);
		expect(missingMigrations([1, 2, 3], [1, 2])).toEqual([3]);
		expect(missingMigrations([1, 2], [1, 2, 3])).toEqual([]); // a newer release's migration: this one still works (rolling upgrade)
	});

	it('is unready while a check fails or does not answer in time, and ready when all pass', async () => {
		let answer: 'ok' | 'fail' | 'hang' = 'ok';
		addReadinessCheck('test', async () => {
			if (answer === 'hang') await new Promise(() => {});
			return answer === 'ok' ? { ok: true } : { ok: false, detail: 'lag 12 s' };
		});
		try {
			expect(await readiness(50)).toMatchObject({ ready: true, checks: { test: { ok: true } } });
			answer = 'fail';
			expect(await readiness(50)).toMatchObject({
				ready: false,
				checks: { test: { ok: false, detail: 'lag 12 s' } }
			});
			answer = 'hang';
			expect(await readiness(50)).toMatchObject({ ready: false, checks: { test: { ok: false } } });
		} finally {
			removeReadinessCheck('test');
		}
		expect((await readiness(50)).ready).toBe(false); // nothing registered: still starting
	});
});

describe('sign-in throttling decision', () => {
	const now = Date.parse('2026-12-03T10:00:00Z');
	it('reserves under every key or none, by the slowest key', () => {
		const free = { key: 'address:1', failures: 0, nextAllowedAt: new Date(0) };
		const waiting = { key: 'account:a', failures: 3, nextAllowedAt: new Date(now + 1500) };
		expect(decideReserve([free, waiting], now)).toEqual({ waitMs: 1500, next: [] });
		const r = decideReserve(
			[free, { ...waiting, nextAllowedAt: new Date(now - 1) }],
			now,
			[0, 1, 2, 4]
		);
		expect(r.waitMs).toBe(0);
		expect(r.next).toEqual([
			{ key: 'address:1', failures: 1, nextAllowedAt: new Date(now) },
			{ key: 'account:a', failures: 4, nextAllowedAt: new Date(now + 4000) }
		]);
	});
});

describe('events on the wire', () => {
	it('packs a burst into notifications under PostgreSQL’s 8000-byte limit and skips its own', () => {
		const events = Array.from(
			{ length: 500 },
			(_, i) =>
				[
					'rating.recorded',
					{ ratingId: i, counterId: 1, unitId: 2, serviceEventId: 3, counted: true }
				] as ['rating.recorded', unknown]
		);
		const payloads = pack('me', events);
		expect(payloads.length).toBeGreaterThan(1);
		for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
		expect(payloads.flatMap((p) => unpack(p, 'other'))).toEqual(events);
		expect(payloads.flatMap((p) => unpack(p, 'me'))).toEqual([]);
		expect(
			unpack('{"o":"x","e":[["drop.tables",{}],["device.status",{"deviceId":1}]]}', 'me')
		).toEqual([['device.status', { deviceId: 1 }]]);
		expect(unpack('not json', 'me')).toEqual([]);
	});

	it.skipIf(!process.env.TEST_DATABASE_URL)(
		'hands another process’s NOTIFY to this process’s subscribers',
		async () => {
			const url = process.env.TEST_DATABASE_URL!;
			const stop = await shareEventsThroughPostgres(url);
			const other = postgres(url, { max: 1, onnotice: () => {} });
			const heard: number[] = [];
			const off = subscribe('device.status', (e) => heard.push(e.deviceId));
			try {
				await other.notify(
					EVENTS_CHANNEL,
					JSON.stringify({ o: 'another-process', e: [['device.status', { deviceId: 41 }]] })
				);
				await vi.waitFor(() => expect(heard).toEqual([41]), { timeout: 5000 });
			} finally {
				off();
				await stop();
				await other.end();
			}
		}
	);
});

describe.each(testDatabaseKinds)('scheduled jobs on %s', (kind) => {
	let h: DatabaseHandle;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
	});
	afterAll(async () => h?.close());
	const HOUR = 3_600_000;
	const t = Date.parse('2026-12-03T10:20:00Z');

	it('runs once per period: a second attempt in the same hour finds it claimed; the next hour runs again', async () => {
		let runs = 0;
		const job: JobSpec = { name: 'test.count', everyMs: HOUR, run: async () => ++runs };
		expect(await runJob(h, job, t)).toBe('ran');
		expect(await runJob(h, job, t + 30 * 60_000)).toBe('claimed_elsewhere');
		expect(await runJob(h, job, t + HOUR)).toBe('ran');
		expect(runs).toBe(2);
		const rows = await h.rows<{ slot: string | Date; outcome: string; detail: string }>(
			sql`select slot, outcome, detail from job_runs where job = 'test.count' order by slot`
		);
		expect(rows.map((r) => [new Date(r.slot).toISOString(), r.outcome, r.detail])).toEqual([
			[slotOf(t, HOUR).toISOString(), 'done', '1'],
			[slotOf(t + HOUR, HOUR).toISOString(), 'done', '2']
		]);
	});

	it('records a failed run with the error’s name and code only', async () => {
		const job: JobSpec = {
			name: 'test.fail',
			everyMs: HOUR,
			run: async () =>
				Promise.reject(Object.assign(new Error('0912345678 is taken'), { code: '23505' }))
		};
		expect(await runJob(h, job, t)).toBe('failed');
		const [row] = await h.rows<{ outcome: string; detail: string }>(
			sql`select outcome, detail from job_runs where job = 'test.fail'`
		);
		expect(row).toEqual({ outcome: 'failed', detail: 'Error (23505)' });
	});

	it.skipIf(kind !== 'postgres')(
		'does nothing while another process holds the job’s lock',
		async () => {
			const holder = await h.bulk!.reserve();
			try {
				await holder`select pg_advisory_lock(hashtext('hl.job:test.locked'))`;
				const job: JobSpec = { name: 'test.locked', everyMs: HOUR, run: async () => 'ran' };
				expect(await runJob(h, job, t)).toBe('locked_elsewhere');
				await holder`select pg_advisory_unlock(hashtext('hl.job:test.locked'))`;
				expect(await runJob(h, job, t)).toBe('ran');
			} finally {
				holder.release();
			}
		}
	);
});
