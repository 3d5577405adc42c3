import { describe, expect, it } from 'vitest';
import { Throttler } from './throttle';

describe('Throttler', () => {
	it('grows the delay with each failure and resets on success', () => {
		const t = new Throttler([0, 1, 2, 4]);
		const now = 1_000_000;
		expect(t.waitMs('a', now)).toBe(0);
		t.recordFailure('a', now);
		expect(t.waitMs('a', now)).toBe(0);
		t.recordFailure('a', now);
		expect(t.waitMs('a', now)).toBe(1000);
		t.recordFailure('a', now);
		expect(t.waitMs('a', now)).toBe(2000);
		t.recordFailure('a', now);
		t.recordFailure('a', now);
		expect(t.waitMs('a', now)).toBe(4000); // capped at the last step
		expect(t.waitMs('a', now + 4000)).toBe(0);
		expect(t.waitMs('b', now)).toBe(0); // other keys unaffected
		t.reset('a');
		expect(t.waitMs('a', now)).toBe(0);
	});

	it('stays bounded under a flood of keys', () => {
		const t = new Throttler([0, 5], 100);
		for (let i = 0; i < 1000; i++) t.recordFailure('k' + i, 0);
		t.recordFailure('k999', 0);
		expect(t.waitMs('k999', 0)).toBe(5000);
		expect(t.waitMs('k0', 0)).toBe(0);
	});
});
