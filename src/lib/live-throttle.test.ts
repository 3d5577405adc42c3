import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './live-throttle';

describe('live reload throttle', () => {
	beforeEach(() => vi.useFakeTimers({ now: 0 }));
	afterEach(() => vi.useRealTimers());

	it('runs the first trigger at once and folds a burst into one more run a second later', async () => {
		const runs: number[] = [];
		const t = throttle(() => void runs.push(Date.now()), 1000);
		t.trigger();
		await vi.advanceTimersByTimeAsync(0);
		expect(runs).toEqual([0]);
		for (let i = 0; i < 20; i++) {
			await vi.advanceTimersByTimeAsync(30);
			t.trigger();
		}
		expect(runs).toEqual([0]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(runs).toEqual([0, 1000]);
		// quiet afterwards: nothing more
		await vi.advanceTimersByTimeAsync(5000);
		expect(runs).toEqual([0, 1000]);
		// a lone event long after runs at once again
		t.trigger();
		await vi.advanceTimersByTimeAsync(0);
		expect(runs).toEqual([0, 1000, 6600]);
	});

	it('never overlaps a slow run, and runs once more if something arrived meanwhile', async () => {
		const spans: [number, number][] = [];
		const t = throttle(async () => {
			const start = Date.now();
			await new Promise((r) => setTimeout(r, 2500));
			spans.push([start, Date.now()]);
		}, 1000);
		t.trigger();
		await vi.advanceTimersByTimeAsync(1200);
		t.trigger();
		t.trigger();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(spans).toEqual([
			[0, 2500],
			[2500, 5000]
		]);
	});

	it('keeps going after a failed run, and stops for good when cancelled', async () => {
		let calls = 0;
		const t = throttle(() => {
			calls++;
			throw new Error('network');
		}, 1000);
		t.trigger();
		await vi.advanceTimersByTimeAsync(1500);
		t.trigger();
		await vi.advanceTimersByTimeAsync(0);
		expect(calls).toBe(2);
		t.trigger();
		t.cancel();
		await vi.advanceTimersByTimeAsync(5000);
		expect(calls).toBe(2);
	});
});
