import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buttonToLevel } from './levels';

describe('button to scale level', () => {
	it('maps one to one when the box has as many buttons as the scale has levels', () => {
		for (const n of [3, 4, 5]) for (let b = 1; b <= n; b++) expect(buttonToLevel(b, n, n)).toBe(b);
	});
	it('keeps the ends and spreads the middle otherwise', () => {
		expect([1, 2, 3].map((b) => buttonToLevel(b, 3, 5))).toEqual([1, 3, 5]);
		expect([1, 2, 3, 4, 5].map((b) => buttonToLevel(b, 5, 3))).toEqual([1, 2, 2, 3, 3]);
		expect([1, 2, 3, 4].map((b) => buttonToLevel(b, 4, 5))).toEqual([1, 2, 4, 5]);
	});
	it('refuses buttons the box does not have', () => {
		expect(buttonToLevel(0, 5, 5)).toBeNull();
		expect(buttonToLevel(6, 5, 5)).toBeNull();
		expect(buttonToLevel(1.5, 5, 5)).toBeNull();
	});
	it('is monotonic and stays on the scale', () => {
		fc.assert(
			fc.property(fc.integer({ min: 3, max: 5 }), fc.integer({ min: 3, max: 5 }), (buttons, levels) => {
				let last = 0;
				for (let b = 1; b <= buttons; b++) {
					const l = buttonToLevel(b, buttons, levels)!;
					expect(l).toBeGreaterThanOrEqual(Math.max(1, last));
					expect(l).toBeLessThanOrEqual(levels);
					last = l;
				}
				expect(buttonToLevel(1, buttons, levels)).toBe(1);
				expect(buttonToLevel(buttons, buttons, levels)).toBe(levels);
			})
		);
	});
});
