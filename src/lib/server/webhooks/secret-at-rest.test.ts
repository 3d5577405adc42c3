import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { sealPlainSecrets } from './outbox';
import { isSealed, openSecret } from './secret-box';
import { createSubscriber, rotateSecret } from './store';

/** The webhook_subscribers.secret column holds the signing secret sealed, never the secret itself, on both databases. */
describe.each(testDatabaseKinds)('webhook secrets at rest on %s', (kind) => {
	let h: DatabaseHandle;
	let userId: number;
	const key = randomBytes(32);
	const stored = async (id: number) => (await h.rows<{ secret: string }>(sql`select secret from webhook_subscribers where id = ${id}`))[0].secret;

	beforeAll(async () => {
		vi.stubEnv('WEBHOOK_SECRET_KEY', key.toString('base64'));
		h = await openTestDatabase(kind);
		useDatabase(h);
		const [u] = await h.db.insert(s.users).values({ username: 'quantri', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		userId = u.id;
	});
	afterAll(async () => {
		vi.unstubAllEnvs();
		await h?.close();
	});

	it('stores a new or rotated secret sealed with WEBHOOK_SECRET_KEY', async () => {
		const made = await createSubscriber({ name: 'Một cửa tỉnh', url: 'https://motcua.example.gov.vn/hooks', events: ['rating.stored'] }, userId);
		const first = await stored(made.id);
		expect(first).not.toContain(made.secret);
		expect(first).not.toContain(made.secret.slice(6, 26));
		expect(isSealed(first)).toBe(true);
		expect(openSecret(first, key)).toBe(made.secret);

		const rotated = (await rotateSecret(made.id))!;
		const second = await stored(made.id);
		expect(second).not.toContain(rotated);
		expect(openSecret(second, key)).toBe(rotated);
		const everything = JSON.stringify(await h.rows(sql`select * from webhook_subscribers`));
		for (const secret of [made.secret, rotated]) expect(everything).not.toContain(secret);
	});

	it('seals the secrets stored in clear before the upgrade, once', async () => {
		const [legacy] = await h.db
			.insert(s.webhookSubscribers)
			.values({ name: 'Cũ', url: 'https://old.example.gov.vn/hooks', events: ['complaint.opened'], secret: 'whsec_legacy-clear-value' })
			.returning({ id: s.webhookSubscribers.id });
		expect(await sealPlainSecrets(h, key)).toBe(1);
		const now = await stored(legacy.id);
		expect(now).not.toContain('legacy-clear-value');
		expect(openSecret(now, key)).toBe('whsec_legacy-clear-value');
		expect(await sealPlainSecrets(h, key)).toBe(0);
		expect(await stored(legacy.id)).toBe(now);
	});
});
