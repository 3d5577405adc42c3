import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { startProductionServer, type ProductionServer } from './production-server';
import { cookieHeader, postForm, signIn } from './limits-client';

/** The public URL the server is told it has, behind a TLS proxy (the test talks plain http to it). */
const ORIGIN = 'https://danhgia.example.test';

/**
 * Issue 19, finding 9: cookies were Secure only under NODE_ENV=production, there was no HSTS,
 * signed-in pages could be cached, and /lang followed `next=/\evil.example/` off the site. The
 * server runs without NODE_ENV, so Secure and HSTS can only come from its https ORIGIN.
 */
describe.each(testDatabaseKinds)('transport on the production server on %s', (kind) => {
	let server: ProductionServer;
	const from = { origin: ORIGIN };
	beforeAll(async () => {
		server = await startProductionServer(kind, { ORIGIN, NODE_ENV: '' });
	});
	afterAll(async () => server?.stop());

	it('sends HSTS and marks every cookie Secure when ORIGIN is https', async () => {
		const home = await fetch(`${server.base}/`);
		expect(home.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		const cookies = await signIn(server.base, 'thanhtra', server.password, from);
		const byName = Object.fromEntries(cookies.map((c) => [c.split('=')[0], c]));
		expect(Object.keys(byName).sort()).toEqual(['known_device', 'session']);
		for (const line of cookies) expect(line, line.split('=')[0]).toMatch(/;\s*Secure/i);
		const lang = await postForm(server.base, '/lang', 'lang=en&next=/', from);
		expect(lang.cookies).toHaveLength(1);
		expect(lang.cookies[0]).toMatch(/^lang=en;.*Secure/i);
		// a refused body carries the same headers
		const refused = await postForm(server.base, '/lang', 'x='.padEnd(70_000, 'x'), from);
		expect(refused.status).toBe(413);
		expect(refused.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
	});

	it('keeps signed-in pages out of every cache', async () => {
		const cookie = cookieHeader(await signIn(server.base, 'thanhtra', server.password, from));
		const get = (path: string) => fetch(server.base + path, { headers: { cookie }, redirect: 'manual' });
		const list = await get('/app/complaints');
		expect(list.status).toBe(200);
		expect(list.headers.get('cache-control')).toBe('no-store');
		const id = /href="\/app\/complaints\/(\d+)/.exec(await list.text())?.[1];
		expect(id, 'the demo has complaints').toBeTruthy();
		for (const path of [`/app/complaints/${id}`, `/app/complaints/${id}/__data.json`, '/app', '/phan-anh']) {
			const res = await get(path);
			expect(res.status, path).toBeLessThan(400);
			expect(res.headers.get('cache-control'), path).toMatch(/(^|[ ,])no-store\b/); // SvelteKit's data answers say `private, no-store`
		}
		// a signed-out reader's public page is left to the usual rules
		const signedOut = await fetch(`${server.base}/phan-anh`);
		expect(signedOut.headers.get('cache-control')).toBeNull();
	});

	it('never redirects off the site from the language switch, however `next` is written', async () => {
		// raw urlencoded bodies: each decodes to a `next` a browser would follow to evil.example
		const offSite = [
			'next=//evil.example/',
			'next=/\\evil.example/',
			'next=%2F%5Cevil.example%2F',
			'next=/%5Cevil.example',
			'next=\\\\evil.example',
			'next=https://evil.example/',
			'next=https%3A%2F%2Fevil.example%2F',
			'next=%2F%09%2Fevil.example',
			'next=%2F%0A%2Fevil.example',
			'next=%09%2F%2Fevil.example',
			'next=%2F%0D%0A%2Fevil.example',
			'next=javascript:alert(1)',
			'next=%2F%2F%2Fevil.example',
			'next=/.%5C%5Cevil.example'
		];
		for (const body of offSite) {
			const res = await postForm(server.base, '/lang', `lang=vi&${body}`, from);
			expect(res.status, body).toBe(303);
			const target = new URL(res.location!, `${ORIGIN}/app`);
			expect(target.origin, `${body} → ${res.location}`).toBe(ORIGIN);
			// eslint-disable-next-line no-control-regex
			expect(res.location, body).not.toMatch(/^\/\/|\\|[\u0000-\u001f]/);
		}
		const home = await postForm(server.base, '/lang', 'lang=vi&next=%2Fapp%2Fcomplaints%3Ftab%3Dnew', from);
		expect(home.location).toBe('/app/complaints?tab=new');
		// sign-in follows the same rule
		const login = await postForm(server.base, '/login?next=%2F%5Cevil.example', new URLSearchParams({ username: 'caicach', password: server.password }), from);
		expect(login.status).toBe(303);
		expect(login.location).toBe('/app');
	});
});
