import { shrunkRate, wilson } from '../scores/fairness';
import type { Flag } from '../flags/detectors';
import { rate, type OfficerFigures } from './queries';

/**
 * An officer's standing in the unit-head table: raw rates for reading, a fair score for ranking.
 * The fair score shrinks the officer's satisfaction rate towards the subtree's (a Beta prior worth
 * 20 ratings), so 3 lucky ratings cannot top the table; the 95 % Wilson interval says how sure
 * the figure is. Pure: every number the table shows is computed here.
 */
export const TREND_MIN_RATINGS = 10;

export type Standing = OfficerFigures & {
	participation: number | null;
	rate: number | null;
	fair: number | null;
	low: number | null;
	high: number | null;
	prevRate: number | null;
	/** Change of the satisfaction rate against the previous period, when both have enough ratings. */
	trend: number | null;
	flags: Flag[];
};

export function standings(rows: OfficerFigures[], flags: Flag[] = []): { unitRate: number | null; officers: Standing[] } {
	const total = rows.reduce((s, o) => s + o.ratings, 0);
	const unitRate = rate(rows.reduce((s, o) => s + o.satisfied, 0), total);
	const officers = rows.map((o) => {
		const interval = wilson(o.satisfied, o.ratings);
		const now = rate(o.satisfied, o.ratings);
		const before = rate(o.prevSatisfied, o.prevRatings);
		return {
			...o,
			participation: rate(o.ratings, o.services),
			rate: now,
			fair: unitRate === null || o.ratings === 0 ? null : shrunkRate(o.satisfied, o.ratings, unitRate),
			low: interval?.low ?? null,
			high: interval?.high ?? null,
			prevRate: before,
			trend: now !== null && before !== null && o.ratings >= TREND_MIN_RATINGS && o.prevRatings >= TREND_MIN_RATINGS ? now - before : null,
			flags: flags.filter((f) => f.officerId === o.id)
		};
	});
	return { unitRate, officers };
}
