import { describe, expect, it } from 'vitest';
import type { OfficerFigures } from './queries';
import { standings } from './standings';

const officer = (id: number, services: number, ratings: number, satisfied: number, prevRatings = 0, prevSatisfied = 0): OfficerFigures => ({
	id,
	fullName: `Cán bộ ${id}`,
	staffNumber: `CB${id}`,
	positionVi: null,
	positionEn: null,
	unitId: 1,
	unitNameVi: 'Phường Nha Trang',
	unitNameEn: null,
	services,
	ratings,
	satisfied,
	neutral: 0,
	dissatisfied: ratings - satisfied,
	prevRatings,
	prevSatisfied,
	openComplaints: 0
});

describe('officer standings', () => {
	// A unit of three: 3/3 satisfied (lucky), 190/200 and 87/140. Unit: 280 of 343 = 0.816326…
	const table = [officer(1, 4, 3, 3), officer(2, 250, 200, 190, 100, 80), officer(3, 150, 140, 87, 9, 9)];
	const { unitRate, officers } = standings(table);
	const [lucky, strong, weak] = officers;

	it('computes the unit rate over all counted ratings', () => {
		expect(unitRate).toBeCloseTo(280 / 343, 12);
	});

	it('does not let 3 ratings top the table: the fair score shrinks them towards the unit', () => {
		// (3 + 20 × 280/343) / (3 + 20) = 0.840255…; (190 + 20 × 280/343) / 220 = 0.937843…
		expect(lucky.rate).toBe(1);
		expect(lucky.fair).toBeCloseTo((3 + (20 * 280) / 343) / 23, 12);
		expect(strong.fair).toBeCloseTo((190 + (20 * 280) / 343) / 220, 12);
		expect(strong.fair!).toBeGreaterThan(lucky.fair!);
		// Wilson 95 % for 3/3: [0.4385, 1]: wide, as it should be.
		expect(lucky.low).toBeCloseTo(0.43849, 4);
		expect(lucky.high).toBe(1);
	});

	it('computes participation and the trend only with enough ratings in both periods', () => {
		expect(strong.participation).toBeCloseTo(0.8, 12);
		expect(lucky.participation).toBeCloseTo(0.75, 12);
		expect(strong.trend).toBeCloseTo(0.95 - 0.8, 12);
		expect(weak.trend).toBeNull(); // 9 ratings before: too few to compare
		expect(lucky.trend).toBeNull();
	});

	it('gives no rate, fair score or participation where there is nothing to divide', () => {
		const { unitRate: none, officers: [idle] } = standings([officer(9, 0, 0, 0)]);
		expect(none).toBeNull();
		expect([idle.rate, idle.fair, idle.low, idle.participation, idle.trend]).toEqual([null, null, null, null, null]);
	});

	it('attaches each officer’s flags', () => {
		const flag = { kind: 'low_score' as const, subject: { type: 'officer' as const, id: 3 }, officerId: 3, counterId: null, deviceId: null, evidence: {}, examples: [] };
		const { officers: withFlags } = standings(table, [flag]);
		expect(withFlags.map((o) => o.flags.length)).toEqual([0, 0, 1]);
	});
});
