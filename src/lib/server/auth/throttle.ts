/**
 * Growing delays after attempts, as on lucia-auth.com's throttling page: after the n-th
 * consecutive attempt the key must wait SCHEDULE[n-1] seconds before the next one. A success
 * resets the key.
 */
export const DEFAULT_SCHEDULE_S = [0, 1, 2, 4, 8, 16, 30, 60, 180, 300];

type Entry = { failures: number; nextAllowedAt: number };

export class Throttler {
	private entries = new Map<string, Entry>();

	constructor(
		private readonly scheduleS: readonly number[] = DEFAULT_SCHEDULE_S,
		private readonly maxEntries = 100_000
	) {}

	/** Milliseconds the key must still wait (0 = may try now). */
	waitMs(key: string, now = Date.now()): number {
		const e = this.entries.get(key);
		return e ? Math.max(0, e.nextAllowedAt - now) : 0;
	}

	recordFailure(key: string, now = Date.now()): void {
		const e = this.entries.get(key) ?? { failures: 0, nextAllowedAt: 0 };
		e.failures += 1;
		const delayS = this.scheduleS[Math.min(e.failures - 1, this.scheduleS.length - 1)];
		e.nextAllowedAt = now + delayS * 1000;
		this.entries.delete(key);
		this.entries.set(key, e);
		if (this.entries.size > this.maxEntries) {
			// Evict the oldest entry (Map keeps insertion order): memory stays bounded under a flood.
			const oldest = this.entries.keys().next().value;
			if (oldest !== undefined) this.entries.delete(oldest);
		}
	}

	reset(key: string): void {
		this.entries.delete(key);
	}

	clear(): void {
		this.entries.clear();
	}
}

/**
 * Where sign-in attempts are counted. An attempt is reserved BEFORE the expensive check (the
 * database, argon2) and counts as a failure until a success resets it, so however many guesses
 * arrive at once, only the ones the schedule allows are evaluated. Memory now (one process per
 * deployment); a store on a database table can take its place when several processes share the
 * work (issue 13): `reserve` must then be one atomic statement over all its keys.
 */
export interface AttemptStore {
	/** Reserves one attempt under every key, or under none: 0 when reserved, else how many ms the slowest key must still wait. */
	reserve(keys: readonly string[], now: number): Promise<number>;
	/** Forgets the keys' attempts (a success). */
	reset(keys: readonly string[]): Promise<void>;
}

export class MemoryAttemptStore implements AttemptStore {
	private readonly throttler: Throttler;

	constructor(scheduleS: readonly number[] = DEFAULT_SCHEDULE_S, maxEntries?: number) {
		this.throttler = new Throttler(scheduleS, maxEntries);
	}

	// No await between the check and the record: in one process they happen as one step.
	async reserve(keys: readonly string[], now: number): Promise<number> {
		const wait = Math.max(0, ...keys.map((k) => this.throttler.waitMs(k, now)));
		if (wait > 0) return wait;
		for (const k of keys) this.throttler.recordFailure(k, now);
		return 0;
	}

	async reset(keys: readonly string[]): Promise<void> {
		for (const k of keys) this.throttler.reset(k);
	}

	clear(): void {
		this.throttler.clear();
	}
}
