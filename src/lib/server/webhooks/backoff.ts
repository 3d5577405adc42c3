/**
 * When a failed delivery is tried again: exponential back-off with "equal jitter". Attempt n
 * (1 = the first retry) waits d/2 + random·d/2, where d = min(cap, base·2^(n−1)): always at
 * least half the un-jittered delay (a subscriber is never hammered), never more than the cap,
 * and retries from many events spread out instead of arriving together.
 *
 * With the defaults (base 5 s, cap 10 min) the un-jittered delays are 5, 10, 20, 40, 80, 160,
 * 320 s, then 600 s for every later attempt: a subscriber that is down is probed at most every
 * ten minutes, and when it comes back its whole backlog follows the first success (worker.ts).
 */
export type BackoffSettings = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 5_000, capMs: 600_000 };

/** The un-jittered delay before retry n (n ≥ 1). */
export function ceilingMs(n: number, s: BackoffSettings = DEFAULT_BACKOFF): number {
	if (!Number.isInteger(n) || n < 1) throw new RangeError(`retry number must be a positive integer, got ${n}`);
	// 2^(n−1) overflows to Infinity long after the cap is reached; min() keeps it finite
	return Math.min(s.capMs, s.baseMs * 2 ** Math.min(n - 1, 60));
}

/** The delay before retry n, with `random` in [0, 1) (Math.random in production). */
export function backoffMs(n: number, random: () => number = Math.random, s: BackoffSettings = DEFAULT_BACKOFF): number {
	const d = ceilingMs(n, s);
	const r = Math.min(Math.max(random(), 0), 1);
	return Math.round(d / 2 + (r * d) / 2);
}

/** The range each of the first `count` retries may wait, for documentation and the settings page. */
export function schedule(count: number, s: BackoffSettings = DEFAULT_BACKOFF): { retry: number; minMs: number; maxMs: number }[] {
	return Array.from({ length: count }, (_, i) => {
		const d = ceilingMs(i + 1, s);
		return { retry: i + 1, minMs: Math.round(d / 2), maxMs: d };
	});
}
