import { expect, request, test } from '@playwright/test';
import { E2E_PASSWORD } from '../playwright.config';

const BASE = `http://localhost:${process.env.E2E_PORT ?? 4173}`;
const EVIL = 'https://evil.example';

async function signedIn(username: string) {
	const ctx = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE, accept: 'text/html' } });
	const res = await ctx.post('/login', { form: { username, password: E2E_PASSWORD }, maxRedirects: 0 });
	expect(res.status()).toBe(303);
	return ctx;
}

test('cross-site form posts are refused, whatever the case of the content type', async () => {
	const ctx = await signedIn('admin');
	for (const type of ['application/x-www-form-urlencoded', 'MULTIPART/FORM-DATA; boundary=x', 'Text/Plain']) {
		const res = await ctx.fetch('/app/admin/users?/create', {
			method: 'POST',
			headers: { origin: EVIL, 'content-type': type },
			data: type.startsWith('MULTIPART') ? '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nevil\r\n--x--\r\n' : 'username=evil&displayName=Evil&password=very-long-password',
			maxRedirects: 0
		});
		expect(res.status(), type).toBe(403);
	}
	// a same-origin post reaches the action (and fails validation on its own terms)
	const ok = await ctx.post('/app/admin/users?/create', { form: { username: 'x' }, maxRedirects: 0 });
	expect(ok.status()).toBe(400);
	await ctx.dispose();
});

test('JSON endpoints refuse cookie-carrying requests from a foreign or missing origin', async () => {
	const ctx = await signedIn('admin');
	for (const headers of [
		{ origin: EVIL, 'content-type': 'application/json' },
		{ origin: EVIL, 'content-type': 'APPLICATION/JSON' },
		{ 'content-type': 'application/json', origin: '' }
	]) {
		const res = await ctx.fetch('/api/v1/devices/pair', { method: 'POST', headers, data: { code: 'ABCD-EFGH' }, maxRedirects: 0 });
		expect(res.status(), JSON.stringify(headers)).toBe(403);
		expect((await res.json()).error).toBe('cross_origin');
	}
	await ctx.dispose();
});

test('pages carry the security headers and a self-only content security policy', async () => {
	const ctx = await request.newContext({ baseURL: BASE });
	const res = await ctx.get('/login');
	const h = res.headers();
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('same-origin');
	expect(h['x-frame-options']).toBe('DENY');
	const csp = h['content-security-policy'];
	expect(csp).toContain("default-src 'self'");
	expect(csp).toContain("frame-ancestors 'none'");
	expect(csp).not.toMatch(/https?:\/\//);
	await ctx.dispose();
});

test('a session cookie is HttpOnly, SameSite=Lax, Path=/, and dies on sign-out', async () => {
	const ctx = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE, accept: 'text/html' } });
	const res = await ctx.post('/login', { form: { username: 'caicach', password: E2E_PASSWORD }, maxRedirects: 0 });
	const setCookie = res.headersArray().filter((x) => x.name.toLowerCase() === 'set-cookie').map((x) => x.value);
	const session = setCookie.find((c) => c.startsWith('session='))!;
	expect(session).toMatch(/HttpOnly/i);
	expect(session).toMatch(/SameSite=Lax/i);
	expect(session).toMatch(/Path=\//);
	const token = /session=([^;]+)/.exec(session)![1];
	await ctx.post('/logout', { form: {}, maxRedirects: 0 });
	// replaying the old cookie after sign-out redirects to sign-in
	const replay = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { cookie: `session=${token}` } });
	expect((await replay.get('/app', { maxRedirects: 0 })).headers()['location']).toMatch(/^\/login/);
	await Promise.all([ctx.dispose(), replay.dispose()]);
});

test('the production server survives what makes a handler throw, and its rating fast path answers like the API', async () => {
	const ctx = await request.newContext({ baseURL: BASE });
	// sirv throws on an inverted byte range after writing its headers: that request is cut off
	// (adapter-node's polka caught it too), and the server goes on; uncaught, it ended the process
	await ctx.get('/favicon.svg', { headers: { range: 'bytes=5-2' } }).catch(() => null);
	expect((await ctx.get('/favicon.svg')).status()).toBe(200);

	// POST /api/v1/device/ratings is answered before SvelteKit, with the API's shape and headers
	const forged = await ctx.post('/api/v1/device/ratings', {
		headers: { authorization: 'Bearer dev_1.forged', 'content-type': 'application/json' },
		data: { key: 'e2e-forged-0001', level: 1, ageMs: 0 }
	});
	expect(forged.status()).toBe(401);
	expect((await forged.json()).error).toBe('unauthorised');
	expect(forged.headers()['x-content-type-options']).toBe('nosniff');
	expect(forged.headers()['x-frame-options']).toBe('DENY');
	await ctx.dispose();
});
