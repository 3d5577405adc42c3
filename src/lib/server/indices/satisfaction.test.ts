import { describe, expect, it } from 'vitest';
import { onTimeRate, ratingSatisfactionRate, sipas, SIPAS_FACTORS, type SipasFactor } from './satisfaction';

describe('share of satisfied ratings and on-time rate', () => {
	it('divides satisfied by counted ratings', () => {
		// 45 of 50 counted ratings satisfied: 90 %
		expect(ratingSatisfactionRate(45, 50)).toBe(0.9);
		expect(ratingSatisfactionRate(0, 12)).toBe(0);
	});

	it('has no figure without counted ratings or completed dossiers', () => {
		expect(ratingSatisfactionRate(0, 0)).toBeNull();
		expect(onTimeRate(0, 0)).toBeNull();
		// 47 of 50 completed by the due time
		expect(onTimeRate(47, 50)).toBe(0.94);
	});
});

describe('SIPAS five factors', () => {
	const all = new Set<SipasFactor>(SIPAS_FACTORS);

	it('rates each factor on its own answers and averages the factors that have answers', () => {
		const r = sipas(
			[
				{ factor: 'access', answers: 10, satisfied: 9 },
				{ factor: 'procedure', answers: 8, satisfied: 6 },
				{ factor: 'officer', answers: 40, satisfied: 36 },
				{ factor: 'result', answers: 10, satisfied: 8 }
			],
			all
		);
		expect(r.factors.map((f) => [f.factor, f.answers, f.rate])).toEqual([
			['access', 10, 0.9],
			['procedure', 8, 0.75],
			['officer', 40, 0.9],
			['result', 10, 0.8],
			['feedback', 0, null] // asked, never answered: no data, not 100 %
		]);
		// (0.9 + 0.75 + 0.9 + 0.8) / 4
		expect(r.overall).toBeCloseTo(0.8375, 10);
		expect(r.withData).toBe(4);
	});

	it('shows "no data" for factors the deployment does not ask, even if stray answers exist', () => {
		const r = sipas([{ factor: 'access', answers: 5, satisfied: 5 }, { factor: 'officer', answers: 4, satisfied: 1 }], new Set<SipasFactor>(['officer']));
		expect(r.factors.find((f) => f.factor === 'access')).toEqual({ factor: 'access', asked: false, answers: 0, rate: null });
		expect([r.overall, r.withData]).toEqual([0.25, 1]);
	});

	it('has no overall index when nothing is asked or answered', () => {
		expect(sipas([], all)).toMatchObject({ overall: null, withData: 0 });
		expect(sipas([], new Set()).factors.every((f) => !f.asked && f.rate === null)).toBe(true);
	});
});
