import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { officerService, slipService } from './dossier';
import { QR_DOSSIER_WINDOW_MS, recordQrRating, type QrRatingInput } from './rate';
import { qrToken, verifyQrToken, type QrKind } from './tokens';

const form = (level: number): QrRatingInput => ({ key: randomUUID(), level, reasonCodes: [], comment: '', phone: '' });

/** A slip rates the one service it was printed for, and only its own officer can print it. */
describe.each(testDatabaseKinds)('rating slips on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let colleague: number;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedCentre(h.db, 2);
		const [o] = await h.db.insert(s.officers).values({ staffNumber: 'CB002', fullName: 'Trần Văn Hùng' }).returning();
		colleague = o.id;
	});
	afterAll(async () => h?.close());

	it('is printed only for a service the officer gave, never another officer’s or an unknown one', async () => {
		const mine = await f.openService(f.counterIds[0], new Date(Date.now() - 60_000));
		const [theirs] = await h.db
			.insert(s.serviceEvents)
			.values({ dossierId: await f.dossier(), counterId: f.counterIds[1], officerId: colleague, unitId: f.unitId, stage: 'receiving', openedAt: new Date() })
			.returning();
		expect(await officerService(f.officerId, mine.id, h)).toEqual({ serviceEventId: mine.id, dossierId: mine.dossierId });
		expect(await officerService(f.officerId, theirs.id, h)).toBeNull();
		expect(await officerService(colleague, mine.id, h)).toBeNull();
		expect(await officerService(f.officerId, 999_999, h)).toBeNull();
	});

	it('signs the service: the token names it, cannot be altered, and is no dossier or counter token', async () => {
		const token = await qrToken('service', 42);
		expect(token).toMatch(/^s16\.[A-Za-z0-9_-]{16}$/);
		expect(await verifyQrToken(token, 'service')).toBe(42);
		expect(await verifyQrToken(token, 'dossier')).toBeNull();
		expect(await verifyQrToken(token.replace(/^s16/, 's17'), 'service')).toBeNull();
		expect(await verifyQrToken(token.replace(/^s/, 'd'), 'dossier')).toBeNull();
		// Slips printed before this change name a dossier: they still verify (to show its status).
		const old = await (qrToken as (k: QrKind, id: number) => Promise<string>)('dossier', 42);
		expect(await verifyQrToken(old, 'dossier')).toBe(42);
		expect(await verifyQrToken(old, 'service')).toBeNull();
	});

	it('rates its service once, within the QR window, and a second rating of that dossier’s stage is stored uncounted', async () => {
		const opened = new Date(Date.now() - 3 * 86_400_000);
		const e = await f.openService(f.counterIds[0], opened, new Date(opened.getTime() + 600_000));
		const slip = (await slipService(e.id, h))!;
		expect(slip).toMatchObject({ serviceEventId: e.id, dossierId: e.dossierId, stage: 'receiving', officerName: 'Nguyễn Thị Lan', staffNumber: 'CB001', rated: false });
		const target = { serviceEventId: slip.serviceEventId, counterId: slip.counterId, windowMs: QR_DOSSIER_WINDOW_MS };
		expect(await recordQrRating(form(1), target)).toEqual({ ok: true, counted: true });
		expect(await recordQrRating(form(5), target)).toEqual({ ok: true, counted: false });
		expect((await slipService(e.id, h))!.rated).toBe(true);
		expect(await slipService(999_999, h)).toBeNull();
	});
});
