import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegrationToken } from '$lib/server/auth/credentials';
import { useDatabase } from '$lib/server/db';
import type { DatabaseHandle } from '$lib/server/db/client';
import * as s from '$lib/server/db/schema';
import { openTestDatabase, testDatabaseKinds } from '$lib/server/db/testing';
import { recordRatings } from '$lib/server/ratings';
import { seedCentre } from '$lib/server/ratings/test-fixtures';
import { GET } from './+server';

/** GET /api/v1/dossiers/{code}/ratings through its handler: what the one-stop software's screen shows, and only in the token's scope. */

type Handler = (event: never) => Promise<Response>;

describe.each(testDatabaseKinds)('ratings of a dossier on %s', (kind) => {
	let h: DatabaseHandle;
	let code: string;
	let unrated: string;
	const tokens: Record<'own' | 'child' | 'otherProvince', string> = { own: '', child: '', otherProvince: '' };

	async function call(token: string, dossierCode: string) {
		const url = new URL(`http://localhost/api/v1/dossiers/${dossierCode}/ratings`);
		const request = new Request(url, { headers: { authorization: `Bearer ${token}` } });
		try {
			return await (GET as unknown as Handler)({ request, url, params: { code: dossierCode }, locals: { user: null, locale: 'vi' } } as never);
		} catch (e) {
			// SvelteKit's error() throws an HttpError: its status is the answer
			return new Response(null, { status: (e as { status: number }).status });
		}
	}

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const c = await seedCentre(h.db, 2);
		const [unit] = await h.db.select().from(s.units).where(eq(s.units.id, c.unitId));
		const [child] = await h.db.insert(s.units).values({ code: 'PX-TDP1', nameVi: 'Tổ dân phố 1', level: 'commune', parentId: unit.id, path: '/0/' }).returning();
		await h.db.update(s.units).set({ path: `${unit.path}${child.id}/` }).where(eq(s.units.id, child.id));
		const [other] = await h.db.insert(s.units).values({ code: '01', nameVi: 'Thành phố Hà Nội', level: 'province', path: '/0/' }).returning();
		await h.db.update(s.units).set({ path: `/${other.id}/` }).where(eq(s.units.id, other.id));
		const [user] = await h.db.insert(s.users).values({ username: 'admin.r', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		tokens.own = (await createIntegrationToken(unit.id, 'Một cửa phường', user.id)).token;
		tokens.child = (await createIntegrationToken(child.id, 'Tổ dân phố', user.id)).token;
		tokens.otherProvince = (await createIntegrationToken(other.id, 'Hà Nội', user.id)).token;

		// One dossier, two services: receiving (rated twice: the second press is a repeat) and
		// returning (rated dissatisfied, then excluded by a reviewer as a device fault).
		const dossierId = await c.dossier();
		[{ code }] = await h.db.select({ code: s.dossiers.code }).from(s.dossiers).where(eq(s.dossiers.id, dossierId));
		const t = new Date('2026-03-02T01:00:00Z');
		const recv = await c.openService(c.counterIds[0], t, new Date(t.getTime() + 600_000), 'receiving', dossierId);
		const ret = await c.openService(c.counterIds[1], new Date(t.getTime() + 86_400_000), new Date(t.getTime() + 86_400_000 + 600_000), 'returning', dossierId);
		const press = (k: string, e: typeof recv, at: number, level: number) => ({ source: 'tablet' as const, idempotencyKey: k, counterId: e.counterId, serviceEventId: e.id, pressedAt: new Date(at), level });
		const [, , third] = await recordRatings(
			[press('tab:r1', recv, t.getTime() + 60_000, 1), press('tab:r2', recv, t.getTime() + 70_000, 2), press('tab:r3', ret, t.getTime() + 86_460_000, 5)],
			{ receivedAt: new Date(t.getTime() + 90_000_000), publish: false }
		);
		await h.db.insert(s.ratingExclusions).values({ ratingId: third.ratingId, reason: 'device_fault', note: 'Hộp nút bấm lỗi', excludedBy: user.id, excludedAt: new Date('2026-03-04T02:00:00Z') });
		const emptyId = await c.dossier();
		[{ code: unrated }] = await h.db.select({ code: s.dossiers.code }).from(s.dossiers).where(eq(s.dossiers.id, emptyId));
		// a rating of another dossier must not appear
		const elsewhere = await c.openService(c.counterIds[0], new Date(t.getTime() + 3_600_000), new Date(t.getTime() + 4_200_000));
		await recordRatings([press('tab:r4', elsewhere, t.getTime() + 3_660_000, 1)], { publish: false });
	});
	afterAll(async () => h?.close());

	it('lists each rating with stage, officer, level, class, whether it counts and why, oldest first', async () => {
		const res = await call(tokens.own, code);
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.dossierCode).toBe(code);
		expect(body.ratings).toEqual([
			expect.objectContaining({ stage: 'receiving', officerStaffNumber: 'CB001', unitCode: 'PX', level: 1, levelCount: 5, class: 'satisfied', labelVi: 'Rất hài lòng', counted: true, notCountedReason: null, exclusion: null, source: 'tablet', pressedAt: '2026-03-02T01:01:00.000Z' }),
			expect.objectContaining({ stage: 'receiving', level: 2, class: 'satisfied', counted: false, notCountedReason: expect.any(String), exclusion: null, pressedAt: '2026-03-02T01:01:10.000Z' }),
			expect.objectContaining({ stage: 'returning', level: 5, class: 'dissatisfied', counted: false, notCountedReason: null, exclusion: { reason: 'device_fault', at: '2026-03-04T02:00:00.000Z' } })
		]);
		// the reviewer's note is free text: not sent
		expect(JSON.stringify(body)).not.toContain('Hộp nút bấm lỗi');
		expect(JSON.stringify(body)).not.toContain('Nguyễn Thị Lan');
	});

	it('answers 404 to a token of another unit (below the dossier’s unit, or another province) and for an unknown code; 401 without a token', async () => {
		expect((await call(tokens.child, code)).status).toBe(404);
		expect((await call(tokens.otherProvince, code)).status).toBe(404);
		expect((await call(tokens.own, 'KHONG-CO')).status).toBe(404);
		expect((await call(tokens.own, 'bad code!')).status).toBe(404);
		expect((await call('itg_1.forged', code)).status).toBe(401);
		// a dossier in scope with no rating: an empty list, not a 404
		const empty = await call(tokens.own, unrated);
		expect(empty.status).toBe(200);
		expect(await empty.json()).toEqual({ dossierCode: unrated, ratings: [] });
	});
});
