import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localTime } from '../calendar/working-days';
import {
	DEFAULT_RANK_RULE,
	dossierGrid,
	emptyTallies,
	OFFICER_INDICATORS,
	rankOf,
	scoreDossier,
	summariseGrid,
	tallyDossier,
	timeliness,
	TT01_INDICATORS,
	type DossierFacts
} from './tt01';

/** Due 15 Oct 2026 at 17:00 Vietnam time, as the deadline convention sets it. */
const due = localTime('2026-10-15', 17);
const asOf = localTime('2026-11-10', 9);

/** A: early, one agency, no extra visit, posted and online, submitted online, no complaint. */
const early: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-13', 10),
	extraVisits: 0,
	agenciesCount: 1,
	channel: 'online',
	procedure: { postedAtDesk: true, publishedOnline: true, onlineLevel: 2 },
	complaints: []
};

/** B: completed on the due day, two agencies, one extra visit, posted only, at the counter, one upheld complaint handled on time. */
const onTheDay: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-15', 9),
	extraVisits: 1,
	agenciesCount: 2,
	channel: 'counter',
	procedure: { postedAtDesk: true, publishedOnline: false, onlineLevel: 1 },
	complaints: [{ upheld: true, lateDossierCase: false, dueAt: localTime('2026-11-05', 17), closedAt: localTime('2026-11-02', 10) }]
};

/** C: late, nothing known about visits or agencies, not disclosed, not online, two complaints (one closed late, one open and not yet due). */
const late: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-16', 8),
	extraVisits: null,
	agenciesCount: null,
	channel: 'postal',
	procedure: { postedAtDesk: false, publishedOnline: false, onlineLevel: 0 },
	complaints: [
		{ upheld: false, lateDossierCase: false, dueAt: localTime('2026-10-30', 17), closedAt: localTime('2026-11-03', 9) },
		{ upheld: false, lateDossierCase: false, dueAt: localTime('2026-11-20', 17), closedAt: null }
	]
};

describe('Thông tư 01/2018 points of one dossier', () => {
	it('scores an early, fully documented dossier 2 on every indicator the data supports, and indicator 5 "no data"', () => {
		expect(scoreDossier(early, asOf)).toEqual([2, 2, 2, 2, null, 2, 2, 2, 2]);
		const grid = dossierGrid(early, asOf);
		// 8 indicators scored: 16 of 16, which is 18 on the 18-point scale
		expect([grid.scored, grid.total, grid.max, grid.score18, grid.rank]).toEqual([8, 16, 16, 18, 'excellent']);
	});

	it('scores a dossier completed on the due day with an upheld complaint', () => {
		// 1: on the due day → 1; 2: two agencies → no data; 3: one extra visit → 1; 4: two agencies → 1;
		// 6: posted, not online → 1; 7: upheld complaint → 0; 8: the one complaint handled on time → 2;
		// 9: offered online, came to the counter → 1
		expect(scoreDossier(onTheDay, asOf)).toEqual([1, null, 1, 1, null, 1, 0, 2, 1]);
		const grid = dossierGrid(onTheDay, asOf);
		// 7 of 9 scored: 7 of 14 → 9 of 18 → Khá (9 is Khá's lowest score)
		expect([grid.scored, grid.total, grid.max, grid.score18, grid.rank]).toEqual([7, 7, 14, 9, 'fair']);
	});

	it('scores a late dossier and leaves it unranked when too few indicators have data', () => {
		// 7: late, no upheld complaint → 0; 8: 1 of 2 complaints on time (50 %) → 0
		expect(scoreDossier(late, asOf)).toEqual([0, null, null, null, null, 0, 0, 0, 0]);
		const grid = dossierGrid(late, asOf);
		expect([grid.scored, grid.total, grid.max, grid.score18, grid.rank]).toEqual([5, 0, 10, 0, null]);
		// with the minimum lowered to 5 the same grid is ranked Yếu
		expect(dossierGrid(late, asOf, { ...DEFAULT_RANK_RULE, minIndicators: 5 }).rank).toBe('poor');
	});

	it('never turns a missing fact into points', () => {
		const unknown: DossierFacts = { ...early, extraVisits: null, agenciesCount: null };
		const scores = scoreDossier(unknown, asOf);
		expect(scores.slice(0, 5)).toEqual([2, null, null, null, null]);
		// indicators 1, 6, 7, 8 and 9 remain: 10 of 10, but 5 indicators are too few for a rank
		expect([dossierGrid(unknown, asOf).scored, dossierGrid(unknown, asOf).total, dossierGrid(unknown, asOf).rank]).toEqual([5, 10, null]);
	});

	it('decides timeliness by Vietnam calendar day against the due time', () => {
		expect(timeliness(due, localTime('2026-10-14', 23, 59), asOf)).toBe('early');
		expect(timeliness(due, localTime('2026-10-15', 0, 1), asOf)).toBe('on_time');
		expect(timeliness(due, due, asOf)).toBe('on_time');
		expect(timeliness(due, new Date(due.getTime() + 1000), asOf)).toBe('late');
		// still open: late once the due time has passed, undecided before
		expect(timeliness(due, null, localTime('2026-10-15', 18))).toBe('late');
		expect(timeliness(due, null, localTime('2026-10-15', 16))).toBeNull();
		expect(scoreDossier({ ...early, completedAt: null }, localTime('2026-10-10', 9)).slice(0, 2)).toEqual([null, null]);
		expect(scoreDossier({ ...early, completedAt: null }, asOf)[0]).toBe(0);
	});

	it('counts extra visits and agencies 0/1/more and 1/2/more', () => {
		const at = (extraVisits: number, agenciesCount: number) => scoreDossier({ ...early, extraVisits, agenciesCount }, asOf);
		expect([0, 1, 2, 5].map((v) => at(v, 1)[2])).toEqual([2, 1, 0, 0]);
		expect([1, 2, 3, 4].map((a) => at(0, a)[3])).toEqual([2, 1, 0, 0]);
	});

	it('handles complaints: 90 % on time is 1 point, the automatic late-dossier case is not about conduct', () => {
		const c = (onTime: boolean) => ({ upheld: false, lateDossierCase: false, dueAt: due, closedAt: new Date(due.getTime() + (onTime ? -1 : 1)) });
		const nine = [...Array.from({ length: 9 }, () => c(true)), c(false)];
		expect(scoreDossier({ ...early, complaints: nine }, asOf)[7]).toBe(1);
		const eight = [...Array.from({ length: 8 }, () => c(true)), c(false), c(false)];
		expect(scoreDossier({ ...early, complaints: eight }, asOf)[7]).toBe(0);
		const lateCase = [{ upheld: true, lateDossierCase: true, dueAt: due, closedAt: due }];
		expect(scoreDossier({ ...early, complaints: lateCase }, asOf)[6]).toBe(2);
		// an open complaint already past its due time is handled late
		const overdue = [{ upheld: false, lateDossierCase: false, dueAt: localTime('2026-11-01', 17), closedAt: null }];
		expect(scoreDossier({ ...early, complaints: overdue }, asOf)[7]).toBe(0);
	});

	it('gives indicators 6 and 9 "no data" when the procedure facts are unknown, never full marks or zero', () => {
		const unknown = { postedAtDesk: null, publishedOnline: null, onlineLevel: null };
		const atCounter = scoreDossier({ ...onTheDay, procedure: unknown }, asOf);
		expect([atCounter[5], atCounter[8]]).toEqual([null, null]);
		// one of the two disclosure facts unknown: the indicator could be 1 or 2, so no data
		expect(scoreDossier({ ...onTheDay, procedure: { ...onTheDay.procedure, publishedOnline: null } }, asOf)[5]).toBeNull();
		expect(scoreDossier({ ...late, procedure: { ...late.procedure, postedAtDesk: null } }, asOf)[5]).toBeNull();
		// submitted online: the dossier itself shows the procedure is offered online
		expect(scoreDossier({ ...early, procedure: unknown }, asOf)[8]).toBe(2);
		const grid = dossierGrid({ ...onTheDay, procedure: unknown }, asOf);
		expect([grid.scored, grid.total, grid.max]).toEqual([5, 5, 10]);
	});

	it('keeps every point within its rules (property)', () => {
		const facts = fc.record({
			completedOffsetHours: fc.option(fc.integer({ min: -200, max: 200 }), { nil: null }),
			extraVisits: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
			agenciesCount: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
			channel: fc.constantFrom('counter' as const, 'online' as const, 'postal' as const),
			posted: fc.option(fc.boolean(), { nil: null }),
			online: fc.option(fc.boolean(), { nil: null }),
			onlineLevel: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
			upheld: fc.array(fc.boolean(), { maxLength: 4 })
		});
		fc.assert(
			fc.property(facts, (f) => {
				const d: DossierFacts = {
					dueAt: due,
					completedAt: f.completedOffsetHours === null ? null : new Date(due.getTime() + f.completedOffsetHours * 3_600_000),
					extraVisits: f.extraVisits,
					agenciesCount: f.agenciesCount,
					channel: f.channel,
					procedure: { postedAtDesk: f.posted, publishedOnline: f.online, onlineLevel: f.onlineLevel },
					complaints: f.upheld.map((upheld) => ({ upheld, lateDossierCase: false, dueAt: due, closedAt: due }))
				};
				const s = scoreDossier(d, asOf);
				expect(s).toHaveLength(9);
				for (const p of s) expect([0, 1, 2, null]).toContain(p);
				expect(s[4]).toBeNull();
				expect(s[1] === null || s[1] === s[0]).toBe(true);
				if (s[6] !== null && s[0] !== null) expect(s[6]).toBeLessThanOrEqual(s[0]);
				expect(s[5] === null).toBe(f.posted === null || f.online === null);
				expect(s[8] === null).toBe(f.channel !== 'online' && f.onlineLevel === null);
				const g = dossierGrid(d, asOf);
				expect(g.score18).not.toBeNull();
				expect(g.score18!).toBeGreaterThanOrEqual(0);
				expect(g.score18!).toBeLessThanOrEqual(18);
				expect(g.max).toBe(2 * s.filter((p) => p !== null).length);
			})
		);
	});
});

describe('ranks', () => {
	it('puts exactly 15 in Xuất sắc by default and in Tốt when "> 15" is chosen', () => {
		expect(rankOf(15)).toBe('excellent');
		expect(rankOf(15, { ...DEFAULT_RANK_RULE, excellentStrict: true })).toBe('good');
		expect(rankOf(15.01, { ...DEFAULT_RANK_RULE, excellentStrict: true })).toBe('excellent');
		expect(rankOf(14.99)).toBe('good');
	});

	it('reads each band from its lowest score', () => {
		expect([18, 12, 11.99, 9, 8.99, 6, 5.99, 0].map((s) => rankOf(s))).toEqual([
			'excellent',
			'good',
			'fair',
			'fair',
			'average',
			'average',
			'poor',
			'poor'
		]);
		const custom = { ...DEFAULT_RANK_RULE, excellent: 16, good: 13, fair: 10, average: 7 };
		expect([16, 15.5, 13, 10, 7, 6.9].map((s) => rankOf(s, custom))).toEqual(['excellent', 'good', 'good', 'fair', 'average', 'poor']);
	});

	it('is not upset by floating-point sums that should be exactly 15', () => {
		// six indicators averaging 5/3 each: 10 of 12 points, 15 of 18
		const tallies = Array.from({ length: 9 }, (_, i) => (i < 6 ? { n: 3, sum: 5 } : { n: 0, sum: 0 }));
		const g = summariseGrid(tallies, TT01_INDICATORS, 3, 6);
		expect([g.scored, g.total, g.max, g.score18, g.rank]).toEqual([6, 10, 12, 15, 'excellent']);
		expect(summariseGrid(tallies, TT01_INDICATORS, 3, 6, { ...DEFAULT_RANK_RULE, excellentStrict: true }).rank).toBe('good');
	});

	it('is monotone in the score (property)', () => {
		const order = ['poor', 'average', 'fair', 'good', 'excellent'];
		fc.assert(
			fc.property(fc.double({ min: 0, max: 18, noNaN: true }), fc.double({ min: 0, max: 18, noNaN: true }), fc.boolean(), (a, b, strict) => {
				const rule = { ...DEFAULT_RANK_RULE, excellentStrict: strict };
				const [lo, hi] = a <= b ? [a, b] : [b, a];
				expect(order.indexOf(rankOf(lo, rule))).toBeLessThanOrEqual(order.indexOf(rankOf(hi, rule)));
			})
		);
	});
});

describe('grids of groups of dossiers', () => {
	it('averages each indicator over the dossiers that have it (unit of A, B, C)', () => {
		const tallies = emptyTallies(TT01_INDICATORS);
		for (const d of [early, onTheDay, late]) tallyDossier(tallies, scoreDossier(d, asOf), TT01_INDICATORS);
		const g = summariseGrid(tallies, TT01_INDICATORS, 3, DEFAULT_RANK_RULE.minIndicators);
		expect(g.indicators.map((i) => [i.indicator, i.n, i.mean])).toEqual([
			[1, 3, 1], // (2 + 1 + 0) / 3
			[2, 1, 2], // only A had one agency
			[3, 2, 1.5], // (2 + 1) / 2
			[4, 2, 1.5],
			[5, 0, null],
			[6, 3, 1], // (2 + 1 + 0) / 3
			[7, 3, 2 / 3], // (2 + 0 + 0) / 3
			[8, 3, 4 / 3], // (2 + 2 + 0) / 3
			[9, 3, 1] // (2 + 1 + 0) / 3
		]);
		// 1 + 2 + 1.5 + 1.5 + 1 + 2/3 + 4/3 + 1 = 10 of 16 → 11.25 of 18 → Khá
		expect([g.scored, g.total, g.max, g.score18, g.rank]).toEqual([8, 10, 16, 11.25, 'fair']);
	});

	it('scores an officer on indicators 1, 2, 3, 4 and 7 out of 10', () => {
		const tallies = emptyTallies(OFFICER_INDICATORS);
		for (const d of [early, onTheDay]) tallyDossier(tallies, scoreDossier(d, asOf), OFFICER_INDICATORS);
		const g = summariseGrid(tallies, OFFICER_INDICATORS, 2, DEFAULT_RANK_RULE.minOfficerIndicators);
		// 1: (2+1)/2 = 1.5; 2: 2 (A only); 3: 1.5; 4: 1.5; 7: (2+0)/2 = 1 → 7.5 of 10 → 13.5 of 18 → Tốt
		expect(g.indicators.map((i) => i.mean)).toEqual([1.5, 2, 1.5, 1.5, 1]);
		expect([g.of, g.scored, g.total, g.max, g.score18, g.rank]).toEqual([5, 5, 7.5, 10, 13.5, 'good']);
	});

	it('has no score and no rank for an empty set', () => {
		const g = summariseGrid(emptyTallies(TT01_INDICATORS), TT01_INDICATORS, 0, 6);
		expect([g.dossiers, g.scored, g.total, g.max, g.score18, g.rank]).toEqual([0, 0, null, 0, null, null]);
		expect(g.indicators.every((i) => i.mean === null && i.n === 0)).toBe(true);
	});
});
