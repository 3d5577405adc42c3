import { describe, expect, it } from 'vitest';
import { MemoryAttemptStore, Throttler } from './throttle';

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

describe('MemoryAttemptStore', () => {
	it('lets through only the attempts the schedule allows, however many arrive at once', async () => {
		const store = new MemoryAttemptStore([0, 1, 2, 4]);
		const now = 1_000_000;
		const answers = await Promise.all(Array.from({ length: 200 }, () => store.reserve(['address:a'], now)));
		// the first attempt, and the second after a 0 s wait; every other one waits a second
		expect(answers.filter((w) => w === 0)).toHaveLength(2);
		expect(answers.filter((w) => w === 1000)).toHaveLength(198);
		expect(await store.reserve(['address:a'], now + 1000)).toBe(0);
		expect(await store.reserve(['address:a'], now + 1000)).toBe(2000);
	});

	it('reserves under every key or none, and a success resets them', async () => {
		const store = new MemoryAttemptStore([0, 5]);
		const now = 0;
		expect(await store.reserve(['address:a', 'account:x'], now)).toBe(0);
		expect(await store.reserve(['address:b', 'account:x'], now)).toBe(0);
		// account:x must wait 5 s: address:c is not charged for the refused attempt
		expect(await store.reserve(['address:c', 'account:x'], now)).toBe(5000);
		expect(await store.reserve(['address:c'], now)).toBe(0);
		expect(await store.reserve(['address:c'], now)).toBe(0);
		expect(await store.reserve(['address:c'], now)).toBe(5000);
		await store.reset(['address:b', 'account:x']);
		expect(await store.reserve(['address:b', 'account:x'], now)).toBe(0);
	});
});
