import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { createIntegrationToken } from '../auth/credentials';
import { GET, POST } from '../../../routes/api/v1/units/+server';
import { endUnit } from './successors';

/**
 * `/api/v1/units` as HR or one-stop software calls it, through the route's own handlers: a token of
 * Khánh Hòa (56) reads and upserts its subtree, with the import's checks and the API's error shape.
 */
type Handler = (event: RequestEvent) => Promise<Response>;

function call(handler: unknown, token: string | null, body?: unknown, contentType = 'application/json') {
	const headers: Record<string, string> = {};
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = contentType;
	const request = new Request('http://localhost/api/v1/units', {
		method: body === undefined ? 'GET' : 'POST',
		headers,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	const event = { request, url: new URL(request.url), locals: { locale: 'vi' }, getClientAddress: () => '203.0.113.7' } as unknown as RequestEvent;
	return (handler as Handler)(event).catch((e: { status?: number; body?: unknown }) => {
		// error(401, …) from the guard is thrown, as SvelteKit does.
		if (e?.status) return new Response(JSON.stringify(e.body), { status: e.status });
		throw e;
	});
}

describe.each(testDatabaseKinds)('/api/v1/units on %s', (kind) => {
	let h: DatabaseHandle;
	let token: string;
	let tokenId: number;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const [admin] = await h.db.insert(s.users).values({ username: 'quantri', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		for (const [code, nameVi] of [
			['56', 'Tỉnh Khánh Hòa'],
			['79', 'Thành phố Hồ Chí Minh']
		]) {
			const [p] = await h.db.insert(s.units).values({ code, nameVi, level: 'province', path: '/0/' }).returning();
			await h.db.update(s.units).set({ path: `/${p.id}/` }).where(eq(s.units.id, p.id));
		}
		const [kh] = await h.db.select().from(s.units).where(eq(s.units.code, '56'));
		({ token, id: tokenId } = await createIntegrationToken(kh.id, 'Phần mềm một cửa', admin.id));
	});
	afterAll(async () => h?.close());

	const unit = async (code: string) => (await h.db.select().from(s.units).where(eq(s.units.code, code)))[0];

	it('creates a batch in any order (parents first), then finds nothing to change in the same batch', async () => {
		const batch = {
			items: [
				{ code: '56-CCT', nameVi: 'Chi cục Thuế khu vực', level: 'department', category: 'Chi cục', parentCode: '56-STC' },
				{ code: '56-STC', nameVi: 'Sở Tài chính', level: 'department', category: 'Sở', parentCode: '56' },
				{ code: '22366', nameVi: 'Phường Nha Trang', nameEn: 'Nha Trang Ward', level: 'commune', category: 'Phường', parentCode: '56', validFrom: '2025-07-01' }
			]
		};
		const first = await call(POST, token, batch);
		expect(first.status).toBe(200);
		expect(await first.json()).toMatchObject({ created: 3, updated: 0, unchanged: 0, refused: 0, errors: [] });
		expect((await unit('56-CCT')).parentId).toBe((await unit('56-STC')).id);
		expect((await unit('22366')).validFrom?.toISOString()).toBe('2025-06-30T17:00:00.000Z');
		const again = await call(POST, token, batch);
		expect(await again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
	});

	it('renames a unit by code, audited with the token', async () => {
		const res = await call(POST, token, { code: '22366', nameVi: 'Phường Nha Trang (mới)', level: 'commune', parentCode: '56' });
		expect(await res.json()).toMatchObject({ updated: 1, results: [{ index: 0, code: '22366', result: 'updated' }] });
		const u = await unit('22366');
		expect(u).toMatchObject({ nameVi: 'Phường Nha Trang (mới)', nameEn: 'Nha Trang Ward', category: 'Phường' }); // absent fields kept
		const [entry] = await h.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'unit.rename'));
		expect(entry).toMatchObject({ targetId: String(u.id), ip: '203.0.113.7' });
		expect(entry.detail).toMatchObject({ via: 'api', tokenId, changes: { nameVi: ['Phường Nha Trang', 'Phường Nha Trang (mới)'] } });
	});

	it('refuses a batch with bad items, naming each field, and writes nothing', async () => {
		const res = await call(POST, token, {
			items: [
				{ code: '22369', nameVi: 'Phường Bắc Nha Trang', level: 'commune', parentCode: '56' },
				{ code: '2237', nameVi: 'Phường Thiếu Số', level: 'commune', parentCode: '56' },
				{ code: '22372', nameVi: 'Phường Cấp Sai', level: 'ward', parentCode: '56' },
				{ code: '22375', nameVi: 'Xã Không Cha', level: 'commune', parentCode: '57' },
				{ code: '22369', nameVi: 'Phường Bắc Nha Trang lần hai', level: 'commune', parentCode: '56' },
				{ code: '22378', nameVi: 'Xã Ngày Sai', level: 'commune', parentCode: '56', validFrom: '2025-02-30' },
				{ code: '22381', nameVi: 'Xã Thừa Trường', level: 'commune', parentCode: '56', mayor: 'x' },
				{ code: '22384', level: 'commune', parentCode: '56' }
			]
		});
		expect(res.status).toBe(400);
		const body = await res.json();
		expect(body.error).toBe('validation');
		expect(Object.keys(body.fields).sort()).toEqual(
			['items[1].code', 'items[2].level', 'items[3].parentCode', 'items[4].code', 'items[5].validFrom', 'items[6].mayor', 'items[7].nameVi'].sort()
		);
		expect(body.fields['items[1].code']).toBe(
			'Mã chính thức phải gồm đúng 5 chữ số (giữ các số 0 ở đầu); “2237” không đúng. / An official code has exactly 5 digits (keep the leading zeros); “2237” does not.'
		);
		expect(await unit('22369')).toBeUndefined();
	});

	it('writes the valid items of a partial batch and lists the others', async () => {
		const res = await call(POST, token, {
			partial: true,
			items: [
				{ code: '22369', nameVi: 'Phường Bắc Nha Trang', level: 'commune', parentCode: '56' },
				{ code: '22372', nameVi: 'Phường Sai Cấp', level: 'commune', parentCode: 'KHONG-CO' }
			]
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ created: 1, refused: 1, errors: [{ index: 1, field: 'items[1].parentCode' }] });
		expect(await unit('22369')).toBeDefined();
	});

	it('keeps a token to its subtree: another province’s units and new provinces are refused with 403', async () => {
		const other = await call(POST, token, { items: [{ code: '26734', nameVi: 'Phường Sài Gòn', level: 'commune', parentCode: '79' }] });
		expect(other.status).toBe(403);
		expect((await other.json()).fields).toHaveProperty(['items[0].parentCode']);
		const rename = await call(POST, token, { code: '79', nameVi: 'Đổi tên tỉnh khác', level: 'province' });
		expect(rename.status).toBe(403);
		const province = await call(POST, token, { code: '58', nameVi: 'Tỉnh Ninh Thuận', level: 'province' });
		expect(province.status).toBe(403);
		expect(await unit('58')).toBeUndefined();
		expect((await unit('79')).nameVi).toBe('Thành phố Hồ Chí Minh');
	});

	it('answers the API’s errors for a bad body, too many items and no token', async () => {
		expect((await call(POST, token, 'code=1', 'application/x-www-form-urlencoded')).status).toBe(415);
		expect((await call(POST, token, '{not json')).status).toBe(400);
		const many = await call(POST, token, { items: Array.from({ length: 1001 }, (_, i) => ({ code: `X${i}`, nameVi: 'x', level: 'other', parentCode: '56' })) });
		expect(many.status).toBe(400);
		expect((await many.json()).fields).toEqual({ items: 'Tối đa 1000 đơn vị mỗi lần gửi. / At most 1000 units a request.' });
		expect((await call(POST, null, { items: [] })).status).toBe(401);
		expect((await call(GET, 'itg_1.wrong')).status).toBe(401);
	});

	it('lists the token’s subtree with parents, and an ended unit with its successors', async () => {
		const old = await unit('22369');
		expect(await endUnit(old.id, { day: '2025-07-01', successorCodes: ['22366'], kind: 'whole' }, { via: 'form' })).toMatchObject({ ok: true });
		const res = await call(GET, token);
		expect(res.status).toBe(200);
		const { units } = await res.json();
		expect(units.map((u: { code: string }) => u.code)).toEqual(['56', '56-STC', '56-CCT', '22366', '22369']);
		expect(units[3]).toEqual({
			code: '22366',
			nameVi: 'Phường Nha Trang (mới)',
			nameEn: 'Nha Trang Ward',
			level: 'commune',
			category: 'Phường',
			parentCode: '56',
			validFrom: '2025-07-01',
			dissolvedAt: null,
			successorCodes: []
		});
		expect(units[4]).toMatchObject({ code: '22369', dissolvedAt: '2025-06-30T17:00:00.000Z', successorCodes: ['22366'] });
	});
});
