import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialCdf, lowScoreFlags, shrunkRate, wilson } from './fairness';

describe('fair scores', () => {
	it('computes the Wilson interval as worked by hand', () => {
		// 8 of 10: p = .8, z = 1.96 → centre (.8 + .19208)/1.38415 = .71679, spread 1.96·√(.016 + .0096040)/1.38415 = .22660
		const w = wilson(8, 10)!;
		expect(w.low).toBeCloseTo(0.4902, 4);
		expect(w.high).toBeCloseTo(0.9433, 4);
		expect(wilson(0, 0)).toBeNull();
		// 3 of 3 is not a perfect officer: the lower bound stays far from 1
		expect(wilson(3, 3)!.low).toBeCloseTo(0.4385, 4);
		// 270 of 300 (90 %) has a tight interval
		expect(wilson(270, 300)!.low).toBeCloseTo(0.8612, 3);
	});

	it('shrinks small samples towards the unit and leaves large ones alone', () => {
		expect(shrunkRate(3, 3, 0.9, 20)).toBeCloseTo((3 + 18) / 23, 10);
		expect(shrunkRate(0, 3, 0.9, 20)).toBeCloseTo(18 / 23, 10); // 3 bad ratings: still near the unit
		expect(shrunkRate(600, 1000, 0.9, 20)).toBeCloseTo(618 / 1020, 10);
	});

	it('computes binomial tails exactly', () => {
		// P(X ≤ 1 | n = 3, p = .5) = (1 + 3)/8
		expect(binomialCdf(1, 3, 0.5)).toBeCloseTo(0.5, 12);
		// P(X ≤ 0 | n = 10, p = .9) = .1^10
		expect(binomialCdf(0, 10, 0.9)).toBeCloseTo(1e-10, 20);
		expect(binomialCdf(10, 10, 0.3)).toBe(1);
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (n, p) => {
				let prev = 0;
				for (let k = 0; k <= n; k++) {
					const c = binomialCdf(k, n, p);
					expect(c).toBeGreaterThanOrEqual(prev - 1e-12);
					prev = c;
				}
				expect(prev).toBeCloseTo(1, 9);
			})
		);
	});
});

describe('the low-scoring officer flag', () => {
	const clean = (id: number, n: number, rate: number) => ({ officerId: id, ratings: n, satisfied: Math.round(n * rate) });

	it('flags an officer credibly below the rest of the unit', () => {
		// 62 % over 140 against peers at 91 %: P(X ≤ 87 | 140, .81) ≈ 1e-8, far below 1 %
		const flags = lowScoreFlags([{ officerId: 1, ratings: 140, satisfied: 87 }, clean(2, 300, 0.91), clean(3, 300, 0.91)]);
		expect(flags.map((f) => f.officerId)).toEqual([1]);
		expect(flags[0].peerRate).toBeCloseTo(546 / 600, 10);
		expect(flags[0].pValue).toBeLessThan(1e-6);
		expect(flags[0].pValue).toBeCloseTo(binomialCdf(87, 140, 546 / 600 - 0.1), 15);
	});

	it('does not flag small samples, however bad, nor a merely unlucky officer', () => {
		expect(lowScoreFlags([{ officerId: 1, ratings: 5, satisfied: 0 }, clean(2, 300, 0.9)])).toEqual([]);
		// 26 of 30 (86.7 %) against 90 %: P(X ≤ 26 | 30, .9) ≈ .353, nowhere near 1 %
		expect(lowScoreFlags([{ officerId: 1, ratings: 30, satisfied: 26 }, clean(2, 300, 0.9)])).toEqual([]);
		// better than peers: never flagged
		expect(lowScoreFlags([clean(1, 100, 0.99), clean(2, 100, 0.5)]).map((f) => f.officerId)).toEqual([2]);
		// certainly but only slightly below (86 % against 92 %, 1,000 ratings each): normal variation, no flag
		expect(lowScoreFlags([clean(1, 1000, 0.86), clean(2, 1000, 0.92), clean(3, 1000, 0.92)])).toEqual([]);
		// 70 % against 92 % over 200 ratings: flagged
		expect(lowScoreFlags([clean(1, 200, 0.7), clean(2, 1000, 0.92)]).map((f) => f.officerId)).toEqual([1]);
	});

	it('never flags anyone when everyone performs alike (random clean units)', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 30, max: 400 }), { minLength: 2, maxLength: 12 }), fc.double({ min: 0.6, max: 0.98, noNaN: true }), (sizes, rate) => {
				const officers = sizes.map((n, i) => clean(i + 1, n, rate));
				expect(lowScoreFlags(officers)).toEqual([]);
			})
		);
	});
});
