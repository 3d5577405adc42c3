/**
 * Growing delays after failures, as on lucia-auth.com's throttling page: after the n-th
 * consecutive failure the key must wait SCHEDULE[n-1] seconds before the next attempt. A
 * success resets the key. Kept in memory: one app process per deployment (see README).
 */
export const DEFAULT_SCHEDULE_S = [0, 1, 2, 4, 8, 16, 30, 60, 180, 300];

type Entry = { failures: number; nextAllowedAt: number };

export class Throttler {
	private entries = new Map<string, Entry>();

	constructor(
		private readonly scheduleS: number[] = DEFAULT_SCHEDULE_S,
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
}
