import { describe, expect, it } from 'vitest';
import { HEAT_STEPS, heatGrid, heatStep } from './heatmap';

function contrast(a: string, b: string): number {
	const lum = (hex: string) => {
		const [r, g, b] = [1, 3, 5]
			.map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
			.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
		return 0.2126 * r + 0.7152 * g + 0.0722 * b;
	};
	const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

describe('heatmap grid', () => {
	it('lays out seven weekday rows over the office day and scales counts between the smallest and largest', () => {
		const grid = heatGrid(
			[
				{ weekday: 1, hour: 8, count: 10 },
				{ weekday: 1, hour: 9, count: 30 },
				{ weekday: 3, hour: 14, count: 20 },
				{ weekday: 7, hour: 8, count: 0 }
			],
			false
		);
		expect(grid.hours).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
		expect(grid.rows.map((r) => r.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		const monday = grid.rows[0].cells;
		expect(monday.find((c) => c.hour === 8)).toEqual({
			hour: 8,
			count: 10,
			value: null,
			intensity: 0
		});
		expect(monday.find((c) => c.hour === 9)!.intensity).toBe(1);
		expect(grid.rows[2].cells.find((c) => c.hour === 14)!.intensity).toBe(0.5);
		// no ratings: no colour, whatever value a row carries
		expect(grid.rows[6].cells.find((c) => c.hour === 8)!.intensity).toBeNull();
		expect(grid.rows[1].cells.every((c) => c.intensity === null && c.count === 0)).toBe(true);
	});

	it('widens the hours to ratings outside the office day, and scales by the rate when asked', () => {
		const grid = heatGrid(
			[
				{ weekday: 6, hour: 19, count: 4, value: 0.5 },
				{ weekday: 2, hour: 10, count: 100, value: 0.9 },
				{ weekday: 2, hour: 11, count: 50, value: 0.7 }
			],
			true
		);
		expect(grid.hours.at(0)).toBe(7);
		expect(grid.hours.at(-1)).toBe(19);
		expect(grid.rows[1].cells.find((c) => c.hour === 10)!.intensity).toBeCloseTo(1);
		expect(grid.rows[1].cells.find((c) => c.hour === 11)!.intensity).toBeCloseTo(0.5);
		expect(grid.rows[5].cells.find((c) => c.hour === 19)!.intensity).toBe(0);
	});

	it('keeps only the hours asked for, and gives a lone value full intensity', () => {
		const grid = heatGrid([{ weekday: 4, hour: 9, count: 3 }], false, [8, 9]);
		expect(grid.hours).toEqual([8, 9]);
		expect(grid.rows[3].cells).toEqual([
			{ hour: 8, count: 0, value: null, intensity: null },
			{ hour: 9, count: 3, value: null, intensity: 1 }
		]);
	});

	it('steps from light to dark, every step readable at 4.5:1', () => {
		expect([0, 0.19, 0.2, 0.5, 0.79, 0.8, 1].map(heatStep)).toEqual([0, 0, 1, 2, 3, 4, 4]);
		expect(heatStep(null)).toBeNull();
		for (const s of HEAT_STEPS) expect(contrast(s.background, s.ink)).toBeGreaterThanOrEqual(4.5);
	});
});

describe('heatmap of rates', () => {
	it('leaves rates over too few ratings uncoloured and out of the scale', () => {
		const grid = heatGrid(
			[
				{ weekday: 1, hour: 17, count: 2, value: 1 },
				{ weekday: 1, hour: 9, count: 800, value: 0.92 },
				{ weekday: 1, hour: 10, count: 700, value: 0.88 }
			],
			true,
			undefined,
			30
		);
		const monday = grid.rows[0].cells;
		expect(monday.find((c) => c.hour === 17)).toEqual({
			hour: 17,
			count: 2,
			value: 1,
			intensity: null
		});
		expect(monday.find((c) => c.hour === 9)!.intensity).toBeCloseTo(1);
		expect(monday.find((c) => c.hour === 10)!.intensity).toBeCloseTo(0);
	});
});
