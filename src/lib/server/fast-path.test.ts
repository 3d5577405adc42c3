import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './db/client';
import { useDatabase } from './db';
import * as s from './db/schema';
import { openTestDatabase, testDatabaseKinds } from './db/testing';
import { seedCentre } from './ratings/test-fixtures';
import { createPairingCode, pairTablet } from './auth/credentials';
import { FAST_PATH, publishFastPath, ratingFastPath, serverFastPath } from './fast-path';
import { SECURITY_HEADERS } from './security-headers';
import { TABLET_RATING_MAX_BYTES } from './kiosk/tablet-rating';

/**
 * The production server's rating fast path, on a real HTTP server: what it takes, what it
 * leaves to SvelteKit (here a stand-in answering 404 "sveltekit"), and every kind of bad request.
 */
describe.each(testDatabaseKinds)('the rating fast path on %s', (kind) => {
	let h: DatabaseHandle;
	let c: Awaited<ReturnType<typeof seedCentre>>;
	let server: http.Server;
	let base: string;
	let credential: string;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		c = await seedCentre(h.db, 2);
		const [user] = await h.db.insert(s.users).values({ username: 'fast', displayName: 'Fast', passwordHash: 'x' }).returning();
		const { code } = await createPairingCode(c.counterIds[0], user.id);
		const paired = await pairTablet(code, 'fast path test');
		if (!paired.ok) throw new Error('pairing failed');
		credential = paired.credential;
		server = http.createServer((req, res) => {
			if (!ratingFastPath(req, res)) res.writeHead(404).end('sveltekit');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((resolve) => server?.close(resolve));
		await h?.close();
	});

	const post = (body: unknown, headers: Record<string, string> = {}, path = '/api/v1/device/ratings') =>
		fetch(base + path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}`, ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
	const rows = async (key: string) =>
		h.rows<{ id: number; officer_id: number; dossier_id: number; stage: string; comment: string | null; level: number }>(
			sql`select id, officer_id, dossier_id, stage, comment, level from ratings where idempotency_key = ${'tab:' + key}`
		);
	/**
	 * A chunked POST written piece by piece, as a slow or hostile client sends it; resolves with
	 * the status. Writing stops once an answer came (a refused body is not read to its end).
	 */
	const postChunks = (chunks: (string | Buffer)[]) =>
		new Promise<number>((resolve, reject) => {
			let answered = false;
			const req = http.request(base + '/api/v1/device/ratings', {
				method: 'POST',
				headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${credential}`, 'transfer-encoding': 'chunked' }
			});
			req.on('response', (res) => {
				answered = true;
				res.resume();
				resolve(res.statusCode!);
			});
			req.on('error', (e) => answered || reject(e));
			const next = (i: number): void => {
				if (answered) return;
				if (i === chunks.length - 1) return void req.end(chunks[i]);
				req.write(chunks[i]);
				setTimeout(() => next(i + 1), 5);
			};
			next(0);
		});
	const count = async () => Number((await h.rows<{ n: number | string }>(sql`select count(*) as n from ratings`))[0].n);

	it('stores a rating against the service, answers repeats identically, with the security headers', async () => {
		const e = await c.openService(c.counterIds[0], new Date(Date.now() - 60_000));
		const body = { key: 'fast-0001-aaaa', level: 4, ageMs: 0, serviceEventId: e.id, reasonCodes: ['waiting_time'], comment: 'Chờ hơi lâu ở quầy Hộ tịch' };
		const first = await post(body);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('application/json');
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(first.headers.get(name)).toBe(value);
		const answer = await first.json();
		expect(answer).toMatchObject({ counted: true, notCountedReason: null });
		const repeats = await Promise.all([post(body), post(body), post(body)]);
		for (const r of repeats) expect(await r.json()).toEqual(answer);
		const stored = await rows('fast-0001-aaaa');
		expect(stored).toHaveLength(1);
		const row = stored[0];
		expect([Number(row.id), Number(row.officer_id), Number(row.dossier_id), row.stage, Number(row.level), row.comment]).toEqual([
			answer.ratingId, c.officerId, e.dossierId, 'receiving', 4, 'Chờ hơi lâu ở quầy Hộ tịch'
		]);
	});

	it('keeps a Vietnamese comment whole when a character is split between two chunks of the body', async () => {
		const [open] = await h.rows<{ id: number }>(sql`select id from service_events where counter_id = ${c.counterIds[0]} and closed_at is null`);
		await c.closeService(Number(open.id), new Date(Date.now() - 40_000));
		const e = await c.openService(c.counterIds[0], new Date(Date.now() - 30_000));
		const text = JSON.stringify({ key: 'fast-0002-bbbb', level: 5, ageMs: 0, serviceEventId: e.id, comment: 'Cán bộ Nguyễn Thị Lan hướng dẫn tận tình' });
		const bytes = Buffer.from(text, 'utf8');
		const cut = bytes.indexOf(Buffer.from('ễ', 'utf8')) + 1; // inside the three bytes of ễ
		const status = await postChunks([bytes.subarray(0, cut), bytes.subarray(cut)]);
		expect(status).toBe(200);
		expect((await rows('fast-0002-bbbb'))[0].comment).toBe('Cán bộ Nguyễn Thị Lan hướng dẫn tận tình');
	});

	it('takes only POSTs to the ratings path (a query string allowed); everything else goes to SvelteKit', async () => {
		expect((await post({ key: 'fast-0003-cccc', level: 3, ageMs: 0 }, {}, '/api/v1/device/ratings?from=test')).status).toBe(200);
		for (const [method, path] of [
			['GET', '/api/v1/device/ratings'],
			['POST', '/api/v1/device/ratings/'],
			['POST', '/api/v1/device/prompt'],
			['POST', '/api/v1/device/ratingsx']
		]) {
			const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${credential}` }, body: method === 'GET' ? undefined : '{}' });
			expect([res.status, await res.text()]).toEqual([404, 'sveltekit']);
		}
	});

	it('refuses bad requests with the API error shape and stores nothing', async () => {
		const before = await count();
		const other = await c.openService(c.counterIds[1], new Date(Date.now() - 60_000));
		const cases: [Promise<Response>, number, string, string?][] = [
			[post({ key: 'fast-bad-0001', level: 3, ageMs: 0 }, { authorization: 'Bearer dev_1.forged' }), 401, 'unauthorised'],
			[post({ key: 'fast-bad-0002', level: 3, ageMs: 0 }, { authorization: '' }), 401, 'unauthorised'],
			[post('level=3', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
			[post('{"key": "fast-bad-0003", "level": 3,'), 400, 'invalid_json'],
			[post({ key: 'fast-bad-0004', level: 7, ageMs: 0 }), 400, 'validation', 'level'],
			[post({ key: 'x', level: 3, ageMs: 0 }), 400, 'validation', 'key'],
			[post({ key: 'fast-bad-0005', level: 3, ageMs: 0, serviceEventId: other.id }), 422, 'event_not_at_counter']
		];
		for (const [response, status, error, field] of cases) {
			const res = await response;
			const body = await res.json();
			expect([res.status, body.error]).toEqual([status, error]);
			expect(typeof body.message).toBe('string');
			if (field) expect(Object.keys(body.fields)).toContain(field);
		}
		expect(await count()).toBe(before);
	});

	it('refuses a body over the limit, declared or streamed, and goes on serving', async () => {
		const before = await count();
		const huge = JSON.stringify({ key: 'fast-big-0001', level: 3, ageMs: 0, comment: 'x'.repeat(TABLET_RATING_MAX_BYTES) });
		const declared = await post(huge);
		expect([declared.status, (await declared.json()).error]).toEqual([413, 'too_large']);
		expect(declared.headers.get('connection')).toBe('close'); // the rest of the body is not read
		const streamed = await postChunks(Array.from({ length: 20 }, () => 'x'.repeat(8192)));
		expect(streamed).toBe(413);
		expect(await count()).toBe(before);
		expect((await post({ key: 'fast-0004-dddd', level: 2, ageMs: 0 })).status).toBe(200);
	});

	it('accepts a body that starts with a byte-order mark, as Request.text() does', async () => {
		const res = await post('\uFEFF' + JSON.stringify({ key: 'fast-0005-eeee', level: 1, ageMs: 0 }));
		expect(res.status).toBe(200);
	});

	it('is published under the name scripts/serve.js reads', () => {
		publishFastPath();
		expect(FAST_PATH).toBe(Symbol.for('hai-long.fast-path'));
		expect((globalThis as Record<symbol, unknown>)[FAST_PATH]).toBe(serverFastPath);
		expect(fs.readFileSync('scripts/serve.js', 'utf8')).toContain("globalThis[Symbol.for('hai-long.fast-path')]");
	});
});
