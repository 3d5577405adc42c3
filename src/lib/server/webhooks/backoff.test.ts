import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, ceilingMs, DEFAULT_BACKOFF, schedule } from './backoff';

describe('webhook back-off', () => {
	it('doubles from the base up to the cap (defaults: 5 s, 10 min)', () => {
		// 5·2^(n−1) s: 5, 10, 20, 40, 80, 160, 320, then 640 > 600 so the cap
		expect(Array.from({ length: 9 }, (_, i) => ceilingMs(i + 1) / 1000)).toEqual([5, 10, 20, 40, 80, 160, 320, 600, 600]);
		expect(ceilingMs(10_000)).toBe(600_000); // no overflow for a subscriber down for weeks
	});

	it('waits between half the ceiling and the ceiling (equal jitter)', () => {
		expect(backoffMs(1, () => 0)).toBe(2_500);
		expect(backoffMs(1, () => 0.5)).toBe(3_750);
		expect(backoffMs(1, () => 0.999999)).toBe(5_000);
		expect(backoffMs(20, () => 0)).toBe(300_000);
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
				const d = backoffMs(n, () => r);
				expect(d).toBeGreaterThanOrEqual(ceilingMs(n) / 2 - 0.5);
				expect(d).toBeLessThanOrEqual(ceilingMs(n));
				expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
			})
		);
	});

	it('never shrinks from one retry to the next un-jittered, and a subscriber down for a day is probed 150 to 294 times', () => {
		const s = schedule(200);
		for (let i = 1; i < s.length; i++) expect(s[i].maxMs).toBeGreaterThanOrEqual(s[i - 1].maxMs);
		// Every wait at its maximum: the first 7 retries take (5+10+…+320) s = 635 s, then 600 s each:
		// 635 + 600·k ≥ 86,400 → k = 143, 150 probes. At the minimum (half): 317.5 + 300·k → k = 287, 294 probes.
		let t = 0;
		let probes = 0;
		while (t < 86_400_000) t += s[Math.min(probes++, 199)].maxMs;
		expect(probes).toBe(7 + Math.ceil((86_400_000 - 635_000) / 600_000));
	});

	it('refuses a retry number that is not a positive integer', () => {
		expect(() => ceilingMs(0)).toThrow(RangeError);
		expect(() => ceilingMs(1.5)).toThrow(RangeError);
	});
});
