import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationToken } from '$lib/server/auth/credentials';
import { useDatabase } from '$lib/server/db';
import type { DatabaseHandle } from '$lib/server/db/client';
import * as s from '$lib/server/db/schema';
import { openTestDatabase, testDatabaseKinds } from '$lib/server/db/testing';
import { GET, POST } from './+server';

/**
 * /api/v1/procedures through its handlers with real integration tokens: the province's token
 * writes the catalogue (idempotent, the import's checks, batches up to 1000), a ward's token only
 * reads it and sees its own units.
 */

type Handler = (event: never) => Promise<Response>;

describe.each(testDatabaseKinds)('procedures API on %s', (kind) => {
	let h: DatabaseHandle;
	let provinceToken: string;
	let wardToken: string;

	async function call(handler: Handler, token: string | null, init: { body?: unknown; query?: string; contentType?: string } = {}) {
		const headers: Record<string, string> = {};
		if (token) headers.authorization = `Bearer ${token}`;
		const method = handler === (POST as unknown as Handler) ? 'POST' : 'GET';
		if (method === 'POST') headers['content-type'] = init.contentType ?? 'application/json';
		const url = new URL(`http://localhost/api/v1/procedures${init.query ?? ''}`);
		const request = new Request(url, { method, headers, body: method === 'POST' ? (typeof init.body === 'string' ? init.body : JSON.stringify(init.body)) : undefined });
		try {
			return await handler({ request, url, params: {}, locals: { user: null, locale: 'vi' } } as never);
		} catch (e) {
			const thrown = e as { status?: number; body?: { message?: string } };
			if (typeof thrown.status !== 'number') throw e;
			return new Response(JSON.stringify(thrown.body ?? {}), { status: thrown.status });
		}
	}
	const post = (token: string | null, body: unknown, contentType?: string) => call(POST as unknown as Handler, token, { body, contentType });
	const get = (token: string | null, query = '') => call(GET as unknown as Handler, token, { query });

	const birth = (extra: Record<string, unknown> = {}) => ({
		code: '1.001193',
		nameVi: 'Đăng ký khai sinh',
		field: 'Hộ tịch',
		levelVi: 'Cấp Xã',
		handlingTime: 'Trong ngày',
		onlineLevel: 2,
		unitCodes: ['22366', '22369'],
		...extra
	});

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
		const [user] = await h.db.insert(s.users).values({ username: 'admin.t', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		provinceToken = (await createIntegrationToken(province.id, 'Một cửa tỉnh', user.id)).token;
		wardToken = (await createIntegrationToken(wards[0], 'Một cửa phường', user.id)).token;
	});
	afterAll(async () => h?.close());

	it('needs a token, and JSON', async () => {
		expect((await post(null, birth())).status).toBe(401);
		expect((await get(`${provinceToken}x`)).status).toBe(401);
		expect((await post(provinceToken, 'code=1', 'application/x-www-form-urlencoded')).status).toBe(415);
		expect((await post(provinceToken, '{"items":', 'application/json')).status).toBe(400);
	});

	it('upserts by code with the province’s token, and a repeat is unchanged', async () => {
		const hours = { code: '2.000635', nameVi: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch', handlingHours: 4, postedAtDesk: true, publishedOnline: null };
		const first = await post(provinceToken, { items: [birth(), hours] });
		expect(first.status).toBe(200);
		expect(await first.json()).toMatchObject({ created: 2, updated: 0, unchanged: 0, refused: 0, errors: [] });
		const again = await post(provinceToken, { items: [birth(), hours] });
		expect(await again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
		// audited once, for the write that changed something, with the token as the actor
		const audited = await h.rows<{ action: string; target_type: string; detail: { created: number; codes: string[] } }>(
			sql`select action, target_type, detail from audit_log where action = 'procedure.sync'`
		);
		expect(audited).toEqual([{ action: 'procedure.sync', target_type: 'integration_token', detail: { created: 2, updated: 0, codes: ['1.001193', '2.000635'] } }]);
		// one item without an envelope; null sets "not known"
		const single = await post(provinceToken, birth({ onlineLevel: null }));
		expect(await single.json()).toMatchObject({ updated: 1, results: [{ index: 0, code: '1.001193', result: 'updated' }] });
		const list = await (await get(provinceToken)).json();
		expect(list).toMatchObject({ total: 2, offset: 0 });
		expect(list.items).toEqual([
			{
				code: '1.001193',
				shortCode: null,
				nameVi: 'Đăng ký khai sinh',
				nameEn: null,
				field: 'Hộ tịch',
				fieldCode: 'HO-TICH',
				levelVi: 'Cấp Xã',
				handlingDays: 0,
				handlingHours: null,
				mode: 'one_stop',
				onlineLevel: null,
				postedAtDesk: null,
				publishedOnline: null,
				active: true,
				unitCodes: ['22366', '22369']
			},
			expect.objectContaining({ code: '2.000635', handlingDays: 1, handlingHours: 4, postedAtDesk: true, publishedOnline: null, unitCodes: [] })
		]);
		// what GET gives can be sent back as it is read (days beside hours)
		const { shortCode: _s, fieldCode: _f, ...readBack } = list.items[1];
		expect(await (await post(provinceToken, readBack)).json()).toMatchObject({ unchanged: 1 });
	});

	it('refuses a bad batch whole, naming each item’s field, or writes the valid items when partial', async () => {
		const items = [
			birth({ code: '1.000001' }),
			birth({ code: '1.000002', handlingTime: '15 ngày' }),
			birth({ code: '1.000003', levelVi: 'Cấp Thôn' }),
			birth({ code: '1.000004', unitCodes: ['99999'] }),
			birth({ code: '1.000001' }),
			birth({ code: '1.00005' }),
			birth({ code: '1.000006', handlingTime: undefined, handlingDays: 5, handlingHours: 4 })
		];
		const refused = await post(provinceToken, { items });
		expect(refused.status).toBe(400);
		const body = await refused.json();
		expect(body.error).toBe('validation');
		expect(Object.keys(body.fields)).toEqual(['items[1].handlingTime', 'items[2].levelVi', 'items[3].unitCodes', 'items[4].code', 'items[5].code', 'items[6].handlingTime']);
		expect(body.fields['items[3].unitCodes']).toBe('Không có đơn vị mã “99999”. / No unit with code “99999”.');
		expect((await h.rows(sql`select 1 from procedures where code like '1.00000%'`)).length).toBe(0);
		const partial = await (await post(provinceToken, { items, partial: true })).json();
		expect(partial).toMatchObject({ created: 1, refused: 6 });
		expect(partial.errors.map((e: { field: string }) => e.field)).toContain('items[4].code');
	});

	it('takes at most 1000 items', async () => {
		const items = Array.from({ length: 1001 }, (_, i) => birth({ code: `1.${String(100000 + i).padStart(6, '0')}` }));
		const res = await post(provinceToken, { items });
		expect(res.status).toBe(400);
		expect((await res.json()).fields).toEqual({ items: 'Tối đa 1000 thủ tục mỗi lần gửi. / At most 1000 procedures per request.' });
		const ok = await post(provinceToken, { items: items.slice(0, 1000) });
		expect(await ok.json()).toMatchObject({ created: 1000 });
	});

	it('lets a ward’s token read the catalogue with its own units only, and not write it', async () => {
		const res = await post(wardToken, birth({ nameVi: 'Đổi tên' }));
		expect(res.status).toBe(403);
		const list = await (await get(wardToken, '?code=1.001193')).json();
		expect(list.items.map((p: { unitCodes: string[] }) => p.unitCodes)).toEqual([['22366']]);
		expect((await get(wardToken, '?limit=5000')).status).toBe(400);
		expect((await (await get(wardToken, '?limit=10&offset=5')).json()).items).toHaveLength(10);
	});
});
