import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationToken } from '$lib/server/auth/credentials';
import { useDatabase } from '$lib/server/db';
import type { DatabaseHandle } from '$lib/server/db/client';
import * as s from '$lib/server/db/schema';
import { openTestDatabase, testDatabaseKinds } from '$lib/server/db/testing';
import { GET, POST } from './+server';

/** /api/v1/centres through its handlers: a ward's token keeps its own centres and counters in sync, and sees only them. */

type Handler = (event: never) => Promise<Response>;

describe.each(testDatabaseKinds)('centres API on %s', (kind) => {
	let h: DatabaseHandle;
	let wardToken: string;
	let provinceToken: string;

	async function call(method: 'GET' | 'POST', token: string, body?: unknown, query = '') {
		const url = new URL(`http://localhost/api/v1/centres${query}`);
		const headers: Record<string, string> = { authorization: `Bearer ${token}` };
		if (method === 'POST') headers['content-type'] = 'application/json';
		const request = new Request(url, { method, headers, body: method === 'POST' ? JSON.stringify(body) : undefined });
		const handler = (method === 'POST' ? POST : GET) as unknown as Handler;
		return handler({ request, url, params: {}, locals: { user: null, locale: 'vi' } } as never);
	}

	const nhaTrang = (counters: unknown[]) => ({ code: 'NT-MC', unitCode: '22366', nameVi: 'Trung tâm PVHCC phường Nha Trang', kind: 'commune_centre', counters });

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const [province] = await h.db.insert(s.units).values({ code: '56', nameVi: 'Tỉnh Khánh Hòa', level: 'province', path: '/0/' }).returning();
		await h.db.update(s.units).set({ path: `/${province.id}/` }).where(eq(s.units.id, province.id));
		const wards: number[] = [];
		for (const code of ['22366', '22369']) {
			const [u] = await h.db.insert(s.units).values({ code, nameVi: `Phường ${code}`, level: 'commune', parentId: province.id, path: '/0/' }).returning();
			await h.db.update(s.units).set({ path: `/${province.id}/${u.id}/` }).where(eq(s.units.id, u.id));
			wards.push(u.id);
		}
		await h.db.insert(s.fields).values({ code: 'HT', nameVi: 'Hộ tịch' });
		const [user] = await h.db.insert(s.users).values({ username: 'admin.t', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		wardToken = (await createIntegrationToken(wards[0], 'Một cửa phường', user.id)).token;
		provinceToken = (await createIntegrationToken(province.id, 'Một cửa tỉnh', user.id)).token;
	});
	afterAll(async () => h?.close());

	it('upserts a centre with its counters, idempotently, and retires a counter by active: false', async () => {
		const counters = [
			{ code: 'Q01', nameVi: 'Quầy 01', fields: ['HT'] },
			{ code: 'Q02', nameVi: 'Quầy 02' }
		];
		const first = await call('POST', wardToken, nhaTrang(counters));
		expect(first.status).toBe(200);
		expect(await first.json()).toMatchObject({ created: 1, results: [{ code: 'NT-MC', result: 'created', counters: [{ result: 'created' }, { result: 'created' }] }] });
		expect(await (await call('POST', wardToken, { items: [nhaTrang(counters)] })).json()).toMatchObject({ unchanged: 1 });
		expect(await h.rows(sql`select action, detail from audit_log`)).toEqual([{ action: 'centre.sync', detail: { created: 1, updated: 0, codes: ['NT-MC'] } }]);
		const retired = await (await call('POST', wardToken, nhaTrang([{ code: 'Q02', nameVi: 'Quầy 02', active: false }]))).json();
		expect(retired.results[0].counters).toEqual([expect.objectContaining({ code: 'Q02', result: 'updated' })]);
		const list = await (await call('GET', wardToken)).json();
		expect(list).toMatchObject({ total: 1 });
		expect(list.items[0]).toEqual({
			code: 'NT-MC',
			unitCode: '22366',
			nameVi: 'Trung tâm PVHCC phường Nha Trang',
			nameEn: null,
			address: null,
			kind: 'commune_centre',
			active: true,
			counters: [
				{ code: 'Q01', nameVi: 'Quầy 01', nameEn: null, active: true, fields: ['HT'] },
				{ code: 'Q02', nameVi: 'Quầy 02', nameEn: null, active: false, fields: [] }
			]
		});
	});

	it('refuses a unit outside the token’s subtree with 403 and names nested fields on 400', async () => {
		const outside = await call('POST', wardToken, { code: 'BNT-MC', unitCode: '22369', nameVi: 'Bắc Nha Trang' });
		expect(outside.status).toBe(403);
		expect((await outside.json()).fields).toHaveProperty('unitCode');
		const bad = await call('POST', wardToken, { items: [nhaTrang([{ code: 'Q 9', nameVi: 'x' }]), nhaTrang([{ code: 'Q03', nameVi: 'Quầy 03' }, { code: 'Q01', nameVi: 'Quầy 01', fields: ['Đất đai'] }])] });
		expect(bad.status).toBe(400);
		expect(Object.keys((await bad.json()).fields)).toEqual(['items[0].counters[0].code', 'items[1].counters[1].fields']);
		// the province sees every centre; the ward's own list stays its own
		await call('POST', provinceToken, { code: 'BNT-MC', unitCode: '22369', nameVi: 'Bắc Nha Trang' });
		expect((await (await call('GET', provinceToken)).json()).total).toBe(2);
		expect((await (await call('GET', wardToken)).json()).items.map((c: { code: string }) => c.code)).toEqual(['NT-MC']);
	});
});
