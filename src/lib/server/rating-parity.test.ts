import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './db/client';
import { useDatabase } from './db';
import * as s from './db/schema';
import { openTestDatabase, testDatabaseKinds } from './db/testing';
import { seedCentre } from './ratings/test-fixtures';
import { createPairingCode, pairTablet } from './auth/credentials';
import { ratingFastPath } from './fast-path';
import { TABLET_RATING_MAX_BYTES } from './kiosk/tablet-rating';
import { POST } from '../../routes/api/v1/device/ratings/+server';

/**
 * One request pipeline: the same requests through the production server's fast path and through
 * the SvelteKit route (served as adapter-node serves it: getRequest, the route, setResponse) get
 * the same status and the same body, byte for byte, for a good rating, a bad credential, bodies
 * over the limit (declared, streamed, unauthenticated), malformed JSON and a body that trickles in.
 */
describe.each(testDatabaseKinds)('the rating fast path and the SvelteKit route agree on %s', (kind) => {
	let h: DatabaseHandle;
	let credential: string;
	const servers: http.Server[] = [];
	const base = { fast: '', route: '' };

	async function listen(handler: http.RequestListener): Promise<string> {
		const server = http.createServer(handler);
		servers.push(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const c = await seedCentre(h.db, 1);
		const [user] = await h.db.insert(s.users).values({ username: 'parity', displayName: 'Parity', passwordHash: 'x' }).returning();
		const { code } = await createPairingCode(c.counterIds[0], user.id);
		const paired = await pairTablet(code, 'parity test');
		if (!paired.ok) throw new Error('pairing failed');
		credential = paired.credential;
		base.fast = await listen((req, res) => {
			if (!ratingFastPath(req, res)) res.writeHead(404).end();
		});
		base.route = await listen(async (req, res) => {
			// adapter-node's limit is 12 MB (scripts/serve.js): the route must not rely on it
			const request = await getRequest({ request: req, base: 'http://127.0.0.1', bodySizeLimit: 12 * 1024 * 1024 });
			// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the route reads only the request
			await setResponse(res, await POST({ request } as any));
		});
	});
	afterAll(async () => {
		await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
		await h?.close();
	});

	type Case = { headers?: Record<string, string>; chunks: (string | Buffer)[]; gapMs?: number; chunked?: boolean };

	/** Sends a request as written (each chunk with `gapMs` between), and reads the answer; writing stops once it came. */
	const send = (url: string, c: Case) =>
		new Promise<{ status: number; body: string }>((resolve, reject) => {
			let answered = false;
			const total = c.chunks.reduce((n, x) => n + Buffer.byteLength(x), 0);
			const req = http.request(url + '/api/v1/device/ratings', {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					authorization: `Bearer ${credential}`,
					...(c.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(total) }),
					...c.headers
				}
			});
			req.on('response', (res) => {
				answered = true;
				const parts: Buffer[] = [];
				res.on('data', (d: Buffer) => parts.push(d));
				res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString() }));
			});
			req.on('error', (e) => answered || reject(e));
			const next = (i: number): void => {
				if (answered || req.destroyed) return;
				if (i === c.chunks.length - 1) return void req.end(c.chunks[i]);
				req.write(c.chunks[i]);
				setTimeout(() => next(i + 1), c.gapMs ?? 0);
			};
			next(0);
		});

	/** The same case through both; the fast path first (a good rating is stored there, the route answers the repeat). */
	async function both(c: Case) {
		const fast = await send(base.fast, c);
		const route = await send(base.route, c);
		expect(route).toEqual(fast);
		return fast;
	}

	const rating = (key: string, extra: object = {}) => JSON.stringify({ key, level: 4, ageMs: 0, ...extra });
	const over = 'x'.repeat(TABLET_RATING_MAX_BYTES);

	it('a good rating: 200 and the same answer (the route answers the stored repeat)', async () => {
		const r = await both({ chunks: [rating('parity-good-0001')] });
		expect(r.status).toBe(200);
		expect(JSON.parse(r.body)).toMatchObject({ ratingId: expect.any(Number) });
	});

	it('a bad credential: 401', async () => {
		expect((await both({ headers: { authorization: 'Bearer dev_1.forged' }, chunks: [rating('parity-bad-0001')] })).status).toBe(401);
		expect((await both({ headers: { authorization: '' }, chunks: [rating('parity-bad-0002')] })).status).toBe(401);
	});

	it('a body over 64 KB: 413, declared or streamed, with a good or a bad credential', async () => {
		const big = rating('parity-big-0001', { comment: over });
		expect((await both({ chunks: [big] })).status).toBe(413);
		expect((await both({ headers: { authorization: 'Bearer dev_1.forged' }, chunks: [big] })).status).toBe(413);
		const streamed = Array.from({ length: 20 }, () => 'x'.repeat(8192));
		expect((await both({ chunks: streamed, chunked: true })).status).toBe(413);
		expect((await both({ headers: { authorization: 'Bearer dev_1.forged' }, chunks: streamed, chunked: true })).status).toBe(413);
	});

	it('malformed JSON, a bad field, another media type: 400, 400, 415', async () => {
		const bad = await both({ chunks: ['{"key": "parity-bad-0003", "level": 3,'] });
		expect([bad.status, JSON.parse(bad.body).error]).toEqual([400, 'invalid_json']);
		const field = await both({ chunks: [rating('parity-bad-0004', { level: 9 })] });
		expect([field.status, Object.keys(JSON.parse(field.body).fields)]).toEqual([400, ['level']]);
		expect((await both({ headers: { 'content-type': 'text/plain' }, chunks: ['level=3'] })).status).toBe(415);
	});

	it('a body that trickles in, a UTF-8 character split between chunks: 200 and the same answer', async () => {
		const bytes = Buffer.from(rating('parity-slow-0001', { comment: 'Cán bộ hướng dẫn tận tình' }), 'utf8');
		const cut = bytes.indexOf(Buffer.from('ư', 'utf8')) + 1;
		const r = await both({ chunks: [bytes.subarray(0, 10), bytes.subarray(10, cut), bytes.subarray(cut)], gapMs: 50, chunked: true });
		expect(r.status).toBe(200);
	});
});
