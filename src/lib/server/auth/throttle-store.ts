import { lt, sql } from 'drizzle-orm';
import { db } from '../db';
import { signInAttempts } from '../db/schema';
import type { JobSpec } from '../ops/jobs';
import { DEFAULT_SCHEDULE_S, type AttemptStore } from './throttle';

type Entry = { key: string; failures: number; nextAllowedAt: Date };

/**
 * The throttling decision over the keys' current entries (pure): how long the slowest key must
 * still wait, or 0 and the entries after one more attempt under every key.
 */
export function decideReserve(
	entries: readonly Entry[],
	now: number,
	scheduleS: readonly number[] = DEFAULT_SCHEDULE_S
): { waitMs: number; next: Entry[] } {
	const waitMs = Math.max(0, ...entries.map((e) => e.nextAllowedAt.getTime() - now));
	if (waitMs > 0) return { waitMs, next: [] };
	const next = entries.map((e) => {
		const failures = e.failures + 1;
		const delayS = scheduleS[Math.min(failures - 1, scheduleS.length - 1)];
		return { key: e.key, failures, nextAllowedAt: new Date(now + delayS * 1000) };
	});
	return { waitMs: 0, next };
}

/**
 * Sign-in attempts in the database, so every app process counts the same guesses. One
 * transaction per attempt: the keys' rows are created if missing, locked in key order (two
 * attempts sharing a key queue; no deadlock), decided, and written back, so concurrent guesses
 * across processes pass one at a time as the schedule allows.
 */
export class DatabaseAttemptStore implements AttemptStore {
	constructor(private readonly scheduleS: readonly number[] = DEFAULT_SCHEDULE_S) {}

	async reserve(keys: readonly string[], now: number): Promise<number> {
		const sorted = [...new Set(keys)].sort();
		return db.transaction(async (tx) => {
			await tx
				.insert(signInAttempts)
				.values(sorted.map((key) => ({ key, failures: 0, nextAllowedAt: new Date(0) })))
				.onConflictDoNothing();
			const entries = await tx
				.select({
					key: signInAttempts.key,
					failures: signInAttempts.failures,
					nextAllowedAt: signInAttempts.nextAllowedAt
				})
				.from(signInAttempts)
				.where(sql`${signInAttempts.key} in ${sorted}`)
				.orderBy(signInAttempts.key)
				.for('update');
			const { waitMs, next } = decideReserve(entries, now, this.scheduleS);
			for (const e of next)
				await tx
					.update(signInAttempts)
					.set({ failures: e.failures, nextAllowedAt: e.nextAllowedAt, updatedAt: new Date(now) })
					.where(sql`${signInAttempts.key} = ${e.key}`);
			return waitMs;
		});
	}

	async reset(keys: readonly string[]): Promise<void> {
		await db.delete(signInAttempts).where(sql`${signInAttempts.key} in ${[...keys]}`);
	}
}

/** Drops attempts nobody made for a day (hourly, ops/jobs.ts). */
export const PRUNE_SIGN_IN_ATTEMPTS: JobSpec = {
	name: 'auth.sign-in-attempts-prune',
	everyMs: 3_600_000,
	run: async () =>
		(
			await db
				.delete(signInAttempts)
				.where(lt(signInAttempts.updatedAt, new Date(Date.now() - 86_400_000)))
				.returning({ key: signInAttempts.key })
		).length
};
