import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { recordRating, RatingRejected } from '../ratings';
import { normalisePhone, recordWithContact } from './contact';

describe.each(testDatabaseKinds)('a rating with a phone number on %s', (kind) => {
	let h: DatabaseHandle;
	let c: Awaited<ReturnType<typeof seedCentre>>;
	const t0 = new Date('2026-11-23T02:00:00Z');
	const contacts = async () => Number((await h.rows<{ n: number | string }>(sql`select count(*) as n from citizen_contacts`))[0].n);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		c = await seedCentre(h.db, 1);
	});
	afterAll(async () => h?.close());

	it('keeps one number per rating however often it is sent, and links it', async () => {
		const e = await c.openService(c.counterIds[0], t0);
		const send = () =>
			recordWithContact('tab:contact-1', { phone: '0912 345 678', consentVersion: 'v1-2026' }, t0, (contactId) =>
				recordRating({ source: 'tablet', idempotencyKey: 'tab:contact-1', counterId: c.counterIds[0], serviceEventId: e.id, pressedAt: t0, level: 5, contactId })
			);
		const before = await contacts();
		const answers = [await send(), await send(), ...(await Promise.all([send(), send()]))];
		expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
		expect(await contacts()).toBe(before + 1);
		const [row] = await h.rows<{ phone: string }>(sql`select k.phone from ratings r join citizen_contacts k on k.id = r.contact_id where r.idempotency_key = 'tab:contact-1'`);
		expect(row.phone).toBe('0912345678');
	});

	it('leaves no number behind when the rating is refused', async () => {
		const before = await contacts();
		await expect(
			recordWithContact('tab:contact-2', { phone: '0912 000 111', consentVersion: 'v1-2026' }, t0, (contactId) =>
				recordRating({ source: 'tablet', idempotencyKey: 'tab:contact-2', counterId: c.counterIds[0], pressedAt: t0, level: 9, contactId })
			)
		).rejects.toBeInstanceOf(RatingRejected);
		expect(await contacts()).toBe(before);
	});

	it('normalises Vietnamese numbers and refuses what is not one', () => {
		expect(normalisePhone('+84 912 345 678')).toBe('0912345678');
		expect(normalisePhone('0912.345.678')).toBe('0912345678');
		expect(normalisePhone('12345')).toBeNull();
	});
});
