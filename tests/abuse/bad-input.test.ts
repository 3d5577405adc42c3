import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { answerToDeclaredBody, Client, integrationToken, logFrom, postOnNewConnection } from './dates-client';
import { startProductionServer, type ProductionServer } from './production-server';

/**
 * Issue 19 finding 8: bad input was answered 500 with a stack trace in the log (and drizzle's
 * errors logged every query parameter, citizens' words included). Each case here is answered 4xx
 * with a message, and the server's log shows no stack, no "Internal error" and nothing that was sent.
 */

/** A citizen's words: they must never reach the log. */
const SECRET = 'Cán bộ đòi tiền, số tôi 0912345678';
const STACK = /\n\s+at |Internal error/;

describe.each(testDatabaseKinds)('bad input on %s', (kind) => {
	let server: ProductionServer;
	let token: string;
	let admin: Client;
	const api = (path: string, body: string) =>
		fetch(`${server.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(30_000) });

	beforeAll(async () => {
		server = await startProductionServer(kind);
		token = await integrationToken(server);
		admin = await new Client(server).signIn('admin');
	});
	afterAll(async () => server?.stop());

	/** Runs a request and checks what it made the server log. */
	async function quietly<T>(run: () => Promise<T>): Promise<T> {
		const log = logFrom(server);
		const out = await run();
		expect(log()).not.toMatch(STACK);
		for (const piece of ['0912345678', 'đòi tiền']) expect(log()).not.toContain(piece);
		return out;
	}

	it('refuses NUL and lone surrogates in JSON with 400 naming the field', async () => {
		for (const [text, what] of [
			[`{"code":"HS-1","unitCode":"KH\\u0000${SECRET}","procedureCode":"P","channel":"counter","receivedAt":"2026-03-02T08:00:00+07:00"}`, 'NUL'],
			[`{"code":"HS-1","unitCode":"\\ud800${SECRET}","procedureCode":"P","channel":"counter","receivedAt":"2026-03-02T08:00:00+07:00"}`, 'lone surrogate']
		]) {
			const res = await quietly(() => api('/api/v1/dossiers', text));
			expect(res.status, what).toBe(400);
			expect(await res.json(), what).toMatchObject({ error: 'invalid_text', fields: { unitCode: expect.stringContaining('NUL') } });
		}
	});

	it('refuses NUL in a public form and in a signed-in form with 400 naming the field', async () => {
		const page = await new Client(server).page('/phan-anh');
		const unitId = /name="unitId"[\s\S]*?<option value="(\d+)"/.exec(page)![1];
		const reason = /name="reasons" value="([^"]+)"/.exec(page)![1];
		const complaint = new URLSearchParams({ unitId, reasons: reason, description: `${SECRET}\0 và không trả hồ sơ`, via: 'web' });
		const citizen = await quietly(() => new Client(server).action('/phan-anh', 'default', complaint));
		expect(citizen).toMatchObject({ status: 400, type: 'error' });
		expect(citizen.text).toContain('description');
		// SvelteKit reserves the name `default`: asking for it by name is a client's mistake too
		const reserved = await quietly(() => new Client(server).request('/phan-anh?/default', { method: 'POST', body: complaint, headers: { accept: 'application/json' } }));
		expect(reserved.status).toBe(400);

		const notice = new URLSearchParams({ year: '2026', document: 'Thông báo 1/TB-BNV', issuer: 'Bộ Nội vụ', issued: '2025-10-01', 'off.0.from': '2026-10-10', 'off.0.nameVi': `Ngày ${SECRET}\0` });
		const saved = await quietly(() => admin.action('/app/admin/calendar', 'enter', notice));
		expect(saved).toMatchObject({ status: 400, type: 'error' });
		expect(saved.text).toContain('off.0.nameVi');
	});

	it('refuses NUL in a URL before a route reads it (it reached SQL, and the log got the query parameters)', async () => {
		const res = await quietly(() => fetch(`${server.base}/api/v1/stats/units/${encodeURIComponent(SECRET)}%00/officers`, { headers: { authorization: `Bearer ${token}` } }));
		expect(res.status).toBe(400);
		const page = await quietly(() => admin.request(`/app/flags?from=${encodeURIComponent(SECRET)}%00`));
		expect(page.status).toBe(400);
	});

	it('answers a period like from=-1 with 400 on the API and the default period on the page', async () => {
		const res = await quietly(() => fetch(`${server.base}/api/v1/stats/units?from=-1&to=2026-01-01`, { headers: { authorization: `Bearer ${token}` } }));
		expect(res.status).toBe(400);
		expect(((await res.json()) as { message: string }).message).toMatch(/from.*to/);
		expect((await quietly(() => admin.request('/app/flags?from=-1&to=2026-01-01'))).status).toBe(200);
	});

	it('refuses 500,000 unknown JSON keys by size before parsing, and names 20 of 80,000 and counts the rest (the list overflowed the stack)', async () => {
		const item: Record<string, unknown> = { code: 'HS-1', unitCode: 'KH', procedureCode: 'P', channel: 'counter', receivedAt: '2026-03-02T08:00:00+07:00' };
		for (let i = 0; i < 500_000; i++) item[`k${i}`] = 1;
		const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		const post = () => quietly(() => postOnNewConnection(`${server.base}/api/v1/dossiers`, headers, JSON.stringify(item)));
		// over the API's 1 MB body limit: refused by its length, before the body is read
		const declared = await quietly(() => answerToDeclaredBody(`${server.base}/api/v1/dossiers`, headers, Buffer.byteLength(JSON.stringify(item))));
		expect(declared.status).toBe(413);
		// under it, the keys are parsed: 20 named, the rest counted
		for (let i = 80_000; i < 500_000; i++) delete item[`k${i}`];
		const res = await post();
		expect(res.status).toBe(400);
		const body = JSON.parse(res.text) as { fields: Record<string, string> };
		expect(Object.keys(body.fields)).toHaveLength(21);
		expect(body.fields['(body)']).toContain('79980');
	});

	it('answers a body over the size limit 413 and a body that is not a form 415, with a message, without logging them', async () => {
		const big = await quietly(() =>
			new Client(server).request('/login', { method: 'POST', body: `username=${'x'.repeat(13 * 1024 * 1024)}`, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' } }).catch(() => null)
		);
		// a server may also close the connection on an oversized body; if it answers, it is a 413 with a message
		if (big) {
			expect(big.status).toBe(413);
			expect(await big.text()).toMatch(/quá lớn|too large/i);
		}
		for (const type of ['application/octet-stream', 'text/plain', 'application/json']) {
			const res = await quietly(() => new Client(server).request('/login', { method: 'POST', body: 'username=a&password=b', headers: { 'content-type': type, accept: 'application/json' } }));
			expect(res.status, type).toBe(415);
			expect(((await res.json()) as { error: { message: string } }).error.message, type).toMatch(/không|not/);
		}
	});
});

describe('a demo too small for the generator', () => {
	it('stops start-up with a message naming DEMO_OFFICERS, before the generator runs', async () => {
		const failed = await startProductionServer('pglite', { DEMO_OFFICERS: '10' }).then(
			async (server) => (await server.stop(), null),
			(e: Error) => e.message
		);
		expect(failed).toContain('DEMO_OFFICERS');
		expect(failed).not.toContain('the demo needs at least');
		expect(failed).not.toContain('Loading the demo province');
	});
});
