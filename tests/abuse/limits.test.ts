import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { DEFAULT_SCHEDULE_S } from '../../src/lib/server/auth/throttle';
import { startProductionServer, type ProductionServer } from './production-server';
import { postAction, postForm, rawPost, residentMb } from './limits-client';

const TEN_MB = 10 * 1024 * 1024;
const FORM = 'application/x-www-form-urlencoded';

/** How many attempts the sign-in schedule lets one address make in `elapsedMs` from its first. */
function attemptsAllowedWithin(elapsedMs: number): number {
	let allowed = 1;
	let at = 0;
	for (const waitS of DEFAULT_SCHEDULE_S) {
		at += waitS * 1000;
		if (at > elapsedMs) break;
		allowed++;
	}
	return allowed;
}

/**
 * Issue 19, findings 4 and 5: large public form posts stalled everyone (a 12 MB limit on every
 * route, /phan-anh parsing before its rate limit), and concurrent guesses passed the sign-in
 * throttle. Each client uses its own address (ADDRESS_HEADER), as clients on a network would.
 */
describe.each(testDatabaseKinds)('body limits and throttling on the production server on %s', (kind) => {
	let server: ProductionServer;
	beforeAll(async () => {
		server = await startProductionServer(kind, { ADDRESS_HEADER: 'x-forwarded-for' });
	});
	afterAll(async () => server?.stop());

	it('refuses a 10 MB public form post from its Content-Length, before reading it', { timeout: 20_000 }, async () => {
		const answer = await rawPost(`${server.base}/phan-anh`, {
			headers: { 'content-type': FORM, origin: server.base, 'x-forwarded-for': '10.4.0.1' },
			total: TEN_MB,
			pattern: 'a=1&',
			sendAtMost: 64 * 1024
		});
		// answered while 99 % of the declared body was never sent
		expect(answer.status).toBe(413);
		expect(answer.body).toBe('Nội dung gửi lên quá lớn (tối đa 64 KB). / The request body is too large (at most 64 KB).');
		expect(answer.headers['x-content-type-options']).toBe('nosniff');
		expect(server.output()).not.toMatch(/Internal error|Payload Too Large|unhandled/);
	});

	it('keeps its memory when four 10 MB posts of 700,000 fields arrive at once', async () => {
		const before = residentMb(server.pid);
		const posts = Array.from({ length: 4 }, (_, i) =>
			rawPost(`${server.base}/phan-anh`, {
				headers: { 'content-type': FORM, origin: server.base, 'x-forwarded-for': `10.4.1.${i}` },
				total: TEN_MB,
				pattern: 'description=x&'
			})
		);
		const answers = await Promise.all(posts);
		// the old server parsed every one of them (the issue saw +380 MB for one)
		expect(residentMb(server.pid) - before).toBeLessThan(50);
		expect(answers.map((a) => a.status)).toEqual([413, 413, 413, 413]);
		const page = await fetch(`${server.base}/login`);
		expect(page.status).toBe(200);
	});

	it('refuses a form of too many fields and a body without a length on public routes', async () => {
		const manyFields = await postForm(server.base, '/lang', Array.from({ length: 2000 }, (_, i) => `f${i}=`).join('&') + '&lang=en&next=/', {
			address: '10.4.2.1'
		});
		expect(manyFields.status).toBe(413);
		expect(manyFields.text).toBe('Biểu mẫu có quá nhiều trường (tối đa 1000). / The form has too many fields (at most 1000).');
		expect(manyFields.cookies).toEqual([]);
		const chunked = await rawPost(`${server.base}/login`, {
			headers: { 'content-type': FORM, origin: server.base, 'x-forwarded-for': '10.4.2.2' },
			total: 2048,
			pattern: 'username=a&',
			chunked: true
		});
		expect(chunked.status).toBe(411);
		// the API answers in its own shape
		const api = await fetch(`${server.base}/api/v1/dossiers`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
			body: JSON.stringify({ items: [], pad: 'x'.repeat(1024 * 1024) })
		});
		expect(api.status).toBe(413);
		expect(await api.json()).toMatchObject({ error: 'too_large', message: expect.stringContaining('1 MB') });
		expect(server.output()).not.toMatch(/Internal error|Payload Too Large|unhandled/);
	});

	it('takes the public complaint limit before the body is parsed', async () => {
		const html = await (await fetch(`${server.base}/phan-anh`)).text();
		const unitId = /<option value="(\d+)"/.exec(html)?.[1];
		expect(unitId).toBeTruthy();
		const address = '10.4.3.1';
		const complaint = (i: number) =>
			postAction(server.base, '/phan-anh', new URLSearchParams({ unitId: unitId!, description: `Phản ánh thử số ${i} của bộ kiểm thử`, via: 'web' }), { address });
		// a post that creates nothing gives its place back
		expect((await postForm(server.base, '/phan-anh', 'description=ngắn', { address })).status).toBe(400);
		const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => complaint(i)));
		expect(answers.filter((status) => status === 200)).toHaveLength(10);
		expect(answers.filter((status) => status === 429)).toHaveLength(20);
		// over the limit, even a post that could not be parsed is answered 429, unread
		const unreadable = await postForm(server.base, '/phan-anh', '%%%&&&', { address });
		expect(unreadable.status).toBe(429);
		// another address is not affected
		expect((await postForm(server.base, '/phan-anh', 'description=ngắn', { address: '10.4.3.2' })).status).toBe(400);
	});

	it('evaluates at most the allowed number of 200 concurrent wrong-password guesses from one address', async () => {
		const address = '10.5.0.1';
		const started = Date.now();
		const guesses = Array.from({ length: 200 }, (_, i) =>
			postAction(server.base, '/login', new URLSearchParams({ username: i % 2 ? 'canbo1' : `doan${i}`, password: `sai-mat-khau-${i}` }), { address })
		);
		const answers = await Promise.all(guesses);
		const elapsed = Date.now() - started;
		// 400 = the password was checked (and wrong); 429 = refused before any check
		const evaluated = answers.filter((status) => status === 400).length;
		expect(answers.filter((status) => status === 429).length).toBe(200 - evaluated);
		expect(evaluated).toBeGreaterThanOrEqual(1);
		expect(evaluated).toBeLessThanOrEqual(attemptsAllowedWithin(elapsed));
		if (server.sql) {
			const [row] = await server.sql<{ n: string }[]>`select count(*) as n from audit_log where action = 'sign_in.failure' and ip = ${address}`;
			expect(Number(row.n)).toBe(evaluated);
		}
		// the real user, from another address with their device cookie or after the wait, is not locked out
		const other = await postForm(server.base, '/login', new URLSearchParams({ username: 'thanhtra', password: server.password }), { address: '10.5.0.2' });
		expect(other.status).toBe(303);
	});
});
