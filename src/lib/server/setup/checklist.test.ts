import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { boxPressKey, recordRating } from '../ratings/record';
import { ensureDefaultScale } from '../ratings/scale';
import { firstRunChecklist, type ChecklistItem } from './checklist';

describe.each(testDatabaseKinds)('the first-run checklist on %s', (kind) => {
	let h: DatabaseHandle;
	const done = async () => {
		const c = await firstRunChecklist();
		return { complete: c.complete, done: c.items.filter((i) => i.done).map((i) => i.key) };
	};
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
	});
	afterAll(async () => h?.close());

	it('follows an install from nothing to its first counted rating, each step linking to its page', async () => {
		const empty = await firstRunChecklist();
		expect(empty.complete).toBe(false);
		expect(empty.items.every((i) => !i.done && i.links.length > 0 && i.links.every((l) => l.startsWith('/app/')))).toBe(true);
		expect(empty.items.find((i) => i.key === 'units')?.links).toEqual(['/app/admin/units']);

		await ensureDefaultScale(h.db);
		expect(await done()).toEqual({ complete: false, done: ['scale'] });

		const [province] = await h.db.insert(s.units).values({ code: '56', nameVi: 'Tỉnh Khánh Hòa', level: 'province', path: '/0/' }).returning();
		await h.db.update(s.units).set({ path: `/${province.id}/` }).where(eq(s.units.id, province.id));
		const [commune] = await h.db
			.insert(s.units)
			.values({ code: '22366', nameVi: 'Phường Nha Trang', level: 'commune', parentId: province.id, path: '/0/' })
			.returning();
		await h.db.update(s.units).set({ path: `/${province.id}/${commune.id}/` }).where(eq(s.units.id, commune.id));
		expect((await done()).done).toEqual(['province', 'units', 'scale']);

		const [centre] = await h.db.insert(s.serviceCentres).values({ unitId: commune.id, code: 'TT', nameVi: 'Bộ phận Một cửa phường' }).returning();
		const [counter] = await h.db.insert(s.counters).values({ centreId: centre.id, code: 'Q1', nameVi: 'Quầy 1', active: false }).returning();
		// an inactive counter is not a counter to rate at
		expect((await done()).done).toEqual(['province', 'units', 'centre', 'scale']);
		await h.db.update(s.counters).set({ active: true }).where(eq(s.counters.id, counter.id));
		const [officer] = await h.db.insert(s.officers).values({ staffNumber: 'CB001', fullName: 'Nguyễn Thị Lan' }).returning();
		const [field] = await h.db.insert(s.fields).values({ code: 'HT', nameVi: 'Hộ tịch' }).returning();
		const [procedure] = await h.db
			.insert(s.procedures)
			.values({ code: '1.004227', nameVi: 'Đăng ký khai sinh', fieldId: field.id, handlingDays: 0, mode: 'one_stop' })
			.returning();
		const [box] = await h.db.insert(s.devices).values({ uid: 'BOX-1', kind: 'button_box', buttons: 3 }).returning();
		// a box not bound to a counter yet: its presses are stored but the step is not done
		await recordRating({ source: 'button_box', idempotencyKey: boxPressKey('BOX-1', 1, 1), deviceId: box.id, pressedAt: new Date(), button: 1, buttons: 3 }, { db: h.db, publish: false });
		const before: ChecklistItem[] = ['province', 'units', 'centre', 'counter', 'officers', 'procedures', 'scale'];
		expect(await done()).toEqual({ complete: false, done: before });

		await h.db.insert(s.deviceBindings).values({ deviceId: box.id, counterId: counter.id, boundAt: new Date(Date.now() - 60_000) });
		expect(await done()).toEqual({ complete: false, done: [...before, 'device'] });

		const [dossier] = await h.db
			.insert(s.dossiers)
			.values({ provinceId: province.id, unitId: commune.id, code: 'HS-1', procedureId: procedure.id, channel: 'counter', receivedAt: new Date(), dueAt: new Date() })
			.returning();
		await h.db.insert(s.serviceEvents).values({ dossierId: dossier.id, counterId: counter.id, officerId: officer.id, unitId: commune.id, stage: 'receiving', openedAt: new Date(Date.now() - 30_000) });
		const rated = await recordRating({ source: 'button_box', idempotencyKey: boxPressKey('BOX-1', 1, 2), deviceId: box.id, pressedAt: new Date(), button: 1, buttons: 3 }, { db: h.db, publish: false });
		expect(rated.counted).toBe(true);
		expect(await done()).toEqual({ complete: true, done: [...before, 'device', 'rating'] });
	});
});
