import { describe, expect, it } from 'vitest';
import { fittedAxis, GRADE_STYLE, GRADES, gradeAgainstTarget, runningMonth, shortfall } from './glance';

describe('distance to target', () => {
	it('grades 96 % and 76 % against 95 % differently, on a graded scale', () => {
		expect(gradeAgainstTarget(0.96, 0.95)).toBe('met');
		expect(gradeAgainstTarget(0.95, 0.95)).toBe('met');
		expect(gradeAgainstTarget(0.94, 0.95)).toBe('close');
		expect(gradeAgainstTarget(0.93, 0.95)).toBe('close');
		expect(gradeAgainstTarget(0.92, 0.95)).toBe('below');
		expect(gradeAgainstTarget(0.9, 0.95)).toBe('below');
		expect(gradeAgainstTarget(0.88, 0.95)).toBe('far');
		expect(gradeAgainstTarget(0.85, 0.95)).toBe('far');
		expect(gradeAgainstTarget(0.76, 0.95)).toBe('veryFar');
		expect(gradeAgainstTarget(null, 0.95)).toBe('none');
	});

	it('moves monotonically away from "met" as the value falls', () => {
		let last = 0;
		for (let v = 1; v >= 0; v -= 0.001) {
			const g = gradeAgainstTarget(v, 0.9);
			const step = GRADES.indexOf(g as (typeof GRADES)[number]);
			expect(step).toBeGreaterThanOrEqual(last);
			last = step;
		}
		expect(last).toBe(GRADES.length - 1);
	});

	it('gives every grade its own colour and icon, so colour is never the only cue', () => {
		const styles = Object.values(GRADE_STYLE);
		expect(new Set(styles.map((s) => s.colour)).size).toBe(styles.length);
		expect(new Set(styles.map((s) => s.icon)).size).toBe(styles.length);
	});

	it('says how many points are missing, and none once met', () => {
		expect(shortfall(0.9, 0.95)).toBeCloseTo(0.05, 10);
		expect(shortfall(0.97, 0.95)).toBe(0);
		expect(shortfall(null, 0.95)).toBeNull();
	});
});

describe('fitted value axis', () => {
	it('shows the spread of rates between 88 % and 96 % instead of 0–100 %', () => {
		expect(fittedAxis([0.88, 0.91, 0.96])).toEqual({ min: 0.8, max: 1 });
		expect(fittedAxis([0.7, 0.76])).toEqual({ min: 0.6, max: 0.85 });
	});

	it('stays within 0–100 % and keeps a minimum span', () => {
		const a = fittedAxis([0.02, 0.03]);
		expect(a.min).toBe(0);
		expect(a.max).toBeCloseTo(0.2, 10);
		const b = fittedAxis([0.99, 1]);
		expect(b.max).toBe(1);
		expect(b.max - b.min).toBeGreaterThanOrEqual(0.2 - 1e-9);
	});

	it('holds every value it was given', () => {
		for (const values of [[0.5], [0.123, 0.456], [0, 1], [0.999, 0.001, 0.5]]) {
			const { min, max } = fittedAxis(values);
			for (const v of values) {
				expect(v).toBeGreaterThanOrEqual(min);
				expect(v).toBeLessThanOrEqual(max);
			}
		}
	});

	it('falls back to 0–100 % without data, ignoring gaps', () => {
		expect(fittedAxis([])).toEqual({ min: 0, max: 1 });
		expect(fittedAxis([null, null])).toEqual({ min: 0, max: 1 });
		expect(fittedAxis([null, 0.9, null]).min).toBeGreaterThan(0);
	});
});

describe('the running month', () => {
	it('marks this month as partial, up to today, with the share of it elapsed', () => {
		expect(runningMonth('2026-12', '2026-12-03')).toEqual({ through: '2026-12-03', elapsed: 3 / 31, daysInMonth: 31 });
		expect(runningMonth('2028-02', '2028-02-29')).toEqual({ through: '2028-02-29', elapsed: 1, daysInMonth: 29 });
	});

	it('leaves a finished month whole', () => {
		expect(runningMonth('2026-11', '2026-12-03')).toBeNull();
		expect(runningMonth('2025-12', '2026-12-03')).toBeNull();
	});
});
