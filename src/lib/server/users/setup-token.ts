import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db';
import { settings } from '../db/schema';
import { activeAdministrators, lockAdministrators } from './administrators';

/**
 * The one-time code /setup asks for: made at each start-up while no active administrator
 * exists and printed in the start-up banner, so only whoever reads the server's console (or
 * its log) can create the first administrator. The database keeps only its SHA-256 hash and an
 * expiry, in `settings`, so every process of a deployment checks the same code; the newest
 * start's code replaces the one before. Spent by a successful set-up.
 */
export const SETUP_TOKEN_KEY = 'setup.token';
export const SETUP_TOKEN_TTL_MS = 24 * 3_600_000;

const Stored = z.object({ hash: z.string(), expiresAt: z.iso.datetime() });
const hashOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

/** At start-up: a fresh code while no active administrator exists, else none (and an old one is removed). */
export async function issueSetupToken(q: Db, now = new Date()): Promise<string | null> {
	return q.transaction(async (tx) => {
		await lockAdministrators(tx);
		if ((await activeAdministrators(tx)) > 0) {
			await tx.delete(settings).where(eq(settings.key, SETUP_TOKEN_KEY));
			return null;
		}
		const bytes = new Uint8Array(20);
		crypto.getRandomValues(bytes);
		const token = encodeBase32LowerCaseNoPadding(bytes);
		const value = { hash: hashOf(token), expiresAt: new Date(now.getTime() + SETUP_TOKEN_TTL_MS).toISOString() };
		await tx
			.insert(settings)
			.values({ key: SETUP_TOKEN_KEY, value, updatedAt: now })
			.onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
		return token;
	});
}

/** Whether `token` is the stored code and has not expired (compared in constant time). */
export async function setupTokenMatches(q: Db, token: string, now = new Date()): Promise<boolean> {
	const [row] = await q.select({ value: settings.value }).from(settings).where(eq(settings.key, SETUP_TOKEN_KEY));
	const stored = Stored.safeParse(row?.value);
	if (!stored.success || Date.parse(stored.data.expiresAt) <= now.getTime()) return false;
	const a = new TextEncoder().encode(stored.data.hash);
	const b = new TextEncoder().encode(hashOf(token));
	return a.length === b.length && constantTimeEqual(a, b);
}

/** The code is spent: called in the set-up transaction that created the administrator. */
export async function forgetSetupToken(tx: Db): Promise<void> {
	await tx.delete(settings).where(eq(settings.key, SETUP_TOKEN_KEY));
}
