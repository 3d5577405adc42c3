import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	countDossiers766,
	DEFAULT_SETTINGS_766,
	figures766,
	parseSettings766,
	points766,
	satisfactionRate766,
	settings766Schema,
	targetFor,
	EMPTY_PETITION_COUNTS
} from './satisfaction-766';

const flags = fc.record({ dissatisfied: fc.boolean(), petitioned: fc.boolean(), late: fc.boolean() });

describe('QĐ 766 satisfaction rate, per dossier', () => {
	it('subtracts a dossier once however many conditions it meets', () => {
		// 5 dossiers: one late and petitioned and dissatisfied, one late only, three clean.
		// Not satisfied = 2 (not 1 + 1 + 2 = 4): rate = (5 − 2) ÷ 5 = 0.6
		const c = countDossiers766([
			{ dissatisfied: true, petitioned: true, late: true },
			{ dissatisfied: false, petitioned: false, late: true },
			...Array.from({ length: 3 }, () => ({ dissatisfied: false, petitioned: false, late: false }))
		]);
		expect(c).toEqual({ handled: 5, dissatisfied: 1, petitioned: 1, late: 2, notSatisfied: 2 });
		expect(satisfactionRate766(c)).toBe(0.6);
	});

	it('property: the union never exceeds the dossiers handled, is at least each part and at most their sum; the rate is in [0, 1]', () => {
		fc.assert(
			fc.property(fc.array(flags, { minLength: 1, maxLength: 200 }), (ds) => {
				const c = countDossiers766(ds);
				expect(c.handled).toBe(ds.length);
				expect(c.notSatisfied).toBeLessThanOrEqual(c.handled);
				expect(c.notSatisfied).toBeGreaterThanOrEqual(Math.max(c.dissatisfied, c.petitioned, c.late));
				expect(c.notSatisfied).toBeLessThanOrEqual(c.dissatisfied + c.petitioned + c.late);
				const rate = satisfactionRate766(c)!;
				expect(rate).toBeGreaterThanOrEqual(0);
				expect(rate).toBeLessThanOrEqual(1);
				const p = points766(rate, targetFor(DEFAULT_SETTINGS_766, 2026), DEFAULT_SETTINGS_766)!;
				expect(p).toBeGreaterThanOrEqual(0);
				expect(p).toBeLessThanOrEqual(6);
			})
		);
	});

	it('has no rate and no points when no dossier was handled (never a default)', () => {
		expect(satisfactionRate766(countDossiers766([]))).toBeNull();
		expect(points766(null, 0.9, DEFAULT_SETTINGS_766)).toBeNull();
		const f = figures766(countDossiers766([]), EMPTY_PETITION_COUNTS, DEFAULT_SETTINGS_766, 2026);
		expect([f.rate, f.points, f.petitionsOnTimeRate, f.petitionSatisfactionRate]).toEqual([null, null, null, null]);
	});
});

describe('points against the Nghị quyết 76 targets', () => {
	it('takes 90 % up to 2025 and 95 % from 2026 by default', () => {
		expect(targetFor(DEFAULT_SETTINGS_766, 2025)).toBe(0.9);
		expect(targetFor(DEFAULT_SETTINGS_766, 2026)).toBe(0.95);
	});

	it('proportional (default): full points at or above the target, 6 × rate ÷ target below', () => {
		expect(points766(0.95, 0.95, DEFAULT_SETTINGS_766)).toBe(6);
		expect(points766(1, 0.95, DEFAULT_SETTINGS_766)).toBe(6);
		// 6 × 0.76 ÷ 0.95 = 4.8
		expect(points766(0.76, 0.95, DEFAULT_SETTINGS_766)).toBeCloseTo(4.8, 10);
		expect(points766(0, 0.95, DEFAULT_SETTINGS_766)).toBe(0);
	});

	it('threshold: full points or none', () => {
		const s = { ...DEFAULT_SETTINGS_766, rule: 'threshold' as const };
		expect(points766(0.95, 0.95, s)).toBe(6);
		expect(points766(0.9499, 0.95, s)).toBe(0);
	});

	it('settings: validated, defaults for what is missing, defaults (with a warning) for a broken row', () => {
		expect(parseSettings766(undefined)).toEqual(DEFAULT_SETTINGS_766);
		expect(parseSettings766({ rule: 'threshold' })).toEqual({ ...DEFAULT_SETTINGS_766, rule: 'threshold' });
		expect(settings766Schema.safeParse({ target2025: 0 }).success).toBe(false);
		expect(settings766Schema.safeParse({ target2030: 101 }).success).toBe(false);
		expect(settings766Schema.safeParse({ rule: 'sometimes' }).success).toBe(false);
		const warn = console.warn;
		console.warn = () => {};
		try {
			expect(parseSettings766({ maxPoints: -1 })).toEqual(DEFAULT_SETTINGS_766);
		} finally {
			console.warn = warn;
		}
	});
});

describe('the two petition rates', () => {
	it('on time over closed, satisfied over answered', () => {
		// 4 cases closed, 3 on time → 0.75; 2 citizens answered, 1 "resolved" → 0.5
		const f = figures766(countDossiers766([]), { closed: 4, closedOnTime: 3, answered: 2, satisfied: 1 }, DEFAULT_SETTINGS_766, 2026);
		expect([f.petitionsOnTimeRate, f.petitionSatisfactionRate]).toEqual([0.75, 0.5]);
		// closed cases but nobody answered: no satisfaction figure
		expect(figures766(countDossiers766([]), { closed: 2, closedOnTime: 2, answered: 0, satisfied: 0 }, DEFAULT_SETTINGS_766, 2026).petitionSatisfactionRate).toBeNull();
	});
});
