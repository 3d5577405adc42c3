import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { E2E_PASSWORD } from '../playwright.config';
import sharp from 'sharp';
import { discoverEndpoints } from './routes';
import { ACCOUNTS, MATRIX, WHO, type Ids, type Who } from './support/access-cases';
import { BASE, classify, probe } from './support/probe';

/** The matrix itself (every page, action and endpoint × every kind of user): tests/support/access-cases.ts. */

async function contextFor(who: Who): Promise<APIRequestContext> {
	const ctx = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE, accept: 'text/html' } });
	if (who !== 'anon') {
		const res = await ctx.post('/login', { form: { username: ACCOUNTS[who], password: E2E_PASSWORD }, maxRedirects: 0 });
		expect(res.status(), `sign in as ${who}`).toBe(303);
	}
	return ctx;
}

const firstId = (html: string, prefix: string, except: number[] = []) =>
	[...html.matchAll(new RegExp(`href="${prefix}(\\d+)[?"]`, 'g'))].map((m) => Number(m[1])).find((n) => !except.includes(n));

test('every route has an entry in the access matrix, and every entry is a route', () => {
	const discovered = discoverEndpoints().map((e) => e.key);
	expect(discovered.filter((k) => !(k in MATRIX)), 'routes missing from the matrix').toEqual([]);
	expect(Object.keys(MATRIX).filter((k) => !discovered.includes(k)), 'matrix entries with no route').toEqual([]);
});

test('every role gets exactly the access the matrix says, and no cross-unit read or write', async () => {
	test.setTimeout(180_000);
	// Discover the ids the matrix talks about through the app itself.
	const head = await contextFor('head');
	const ownUnit = firstId(await (await head.get('/app')).text(), '/app/units/')!;
	const officerCtx = await contextFor('officer');
	const officerHome = await officerCtx.get('/app', { maxRedirects: 0 });
	const ownOfficer = Number(/\/app\/officers\/(\d+)/.exec(officerHome.headers()['location'] ?? '')?.[1]);
	// the officer's unit must be the head's own unit for the "colleague" case to be meaningful
	const ownUnitHtml = await (await head.get(`/app/units/${ownUnit}`)).text();
	expect(ownUnitHtml, 'canbo1 works in lanhdao1’s unit').toMatch(new RegExp(`href="/app/officers/${ownOfficer}[?"]`));
	const colleague = firstId(ownUnitHtml, '/app/officers/', [ownOfficer])!;
	const second = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { origin: BASE, accept: 'text/html' } });
	await second.post('/login', { form: { username: 'lanhdao2', password: E2E_PASSWORD }, maxRedirects: 0 });
	const otherUnit = firstId(await (await second.get('/app')).text(), '/app/units/')!;
	const otherOfficer = firstId(await (await second.get(`/app/units/${otherUnit}`)).text(), '/app/officers/')!;
	// one public complaint in each unit, found again through each head's queue
	const citizen = await contextFor('anon');
	for (const unitId of [ownUnit, otherUnit]) {
		const sent = await citizen.post('/phan-anh', { form: { unitId: String(unitId), description: 'Phản ánh thử của ma trận quyền truy cập', via: 'web' }, maxRedirects: 0 });
		expect(sent.status(), 'public complaint').toBeLessThan(400);
	}
	await citizen.dispose();
	const ownComplaint = firstId(await (await head.get('/app/complaints?tab=unassigned&channel=web')).text(), '/app/complaints/')!;
	const otherComplaint = firstId(await (await second.get('/app/complaints?tab=unassigned&channel=web')).text(), '/app/complaints/')!;
	// An inspector whose scope is lanhdao1's unit only, made as an administrator would.
	const admin = await contextFor('admin');
	// a centre of lanhdao1's subtree, one outside it, and a procedure, as the centre and procedure lists link them
	const centreIds = (html: string) => [...html.matchAll(/href="\/app\/admin\/centres\/(\d+)"/g)].map((m) => Number(m[1]));
	const ownCentres = centreIds(await (await head.get('/app/admin/centres')).text());
	const ownCentre = ownCentres[0];
	const otherCentre = centreIds(await (await admin.get('/app/admin/centres')).text()).find((id) => !ownCentres.includes(id))!;
	const procedure = firstId(await (await admin.get('/app/admin/procedures')).text(), '/app/admin/procedures/')!;
	const ids: Ids = { ownUnit, otherUnit, ownOfficer, colleague, otherOfficer, ownComplaint, otherComplaint, ownCentre, otherCentre, procedure };
	const made = await admin.post('/app/admin/users?/create', {
		form: { username: 'thanhtra1', displayName: 'Thanh tra phường Nha Trang', password: E2E_PASSWORD },
		maxRedirects: 0
	});
	expect(made.status()).toBe(200);
	const usersHtml = await (await admin.get('/app/admin/users')).text();
	const userId = /thanhtra1<\/span>[\s\S]*?name="userId" value="(\d+)"/.exec(usersHtml)?.[1];
	expect(userId, 'the new inspector is listed').toBeTruthy();
	const granted = await admin.post('/app/admin/users?/grant', { form: { userId: userId!, role: 'inspector', unitId: String(ownUnit) }, maxRedirects: 0 });
	expect(granted.status()).toBe(200);
	// a photo for both officers, so the photo route answers 200 where it may (404 where it may not)
	const png = await sharp({ create: { width: 60, height: 80, channels: 3, background: '#2a6f97' } }).png().toBuffer();
	for (const officerId of [ownOfficer, otherOfficer]) {
		const up = await admin.post(`/app/admin/officers/${officerId}?/photo`, { multipart: { photo: { name: 'anh.png', mimeType: 'image/png', buffer: png } }, maxRedirects: 0 });
		expect(up.status(), 'photo upload').toBe(200);
	}
	await admin.dispose();
	expect(Object.values(ids).every((n) => Number.isInteger(n) && n > 0), JSON.stringify(ids)).toBe(true);
	await Promise.all([head.dispose(), officerCtx.dispose(), second.dispose()]);

	const endpoints = new Map(discoverEndpoints().map((e) => [e.key, e]));
	const failures: string[] = [];
	let checked = 0;
	for (const who of WHO) {
		const ctx = await contextFor(who);
		for (const [key, cases] of Object.entries(MATRIX)) {
			const endpoint = endpoints.get(key)!;
			for (const c of cases) {
				const url = c.url(ids) + (endpoint.kind === 'action' && endpoint.action !== 'default' ? `?/${endpoint.action}` : '');
				const res = await probe(ctx, endpoint.method, url, endpoint.kind);
				const got = classify(res.status, res.location);
				checked++;
				if (got !== c.expect[who]) failures.push(`${who} ${key} (${c.label}) ${url}: expected ${c.expect[who]}, got ${got} (${res.status})`);
			}
		}
		// last: signing out works for everyone and ends the session
		const out = await ctx.post('/logout', { form: {}, maxRedirects: 0 });
		expect(out.status()).toBe(303);
		if (who !== 'anon') expect((await ctx.get('/app', { maxRedirects: 0 })).headers()['location']).toMatch(/^\/login/);
		await ctx.dispose();
	}
	expect(failures).toEqual([]);
	expect(checked).toBeGreaterThan(150);
});
