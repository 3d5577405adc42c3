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
	withUnitScores,
	complaintHandlingPoints,
	complaintOnTime,
	type DossierFacts,
	type UnitScore
} from './tt01';

/** Due 15 Oct 2026 at 17:00 Vietnam time, as the deadline convention sets it. */
const due = localTime('2026-10-15', 17);
const asOf = localTime('2026-11-10', 9);

/** A: early, one agency, no extra visit, posted and online, fully online procedure, no complaint. */
const early: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-13', 10),
	extraVisits: 0,
	agenciesCount: 1,
	procedure: { postedAtDesk: true, publishedOnline: true, onlineLevel: 2 },
	complaints: []
};

/** B: completed on the due day, two agencies, one extra visit, posted only, partly online procedure, one upheld complaint handled on time. */
const onTheDay: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-15', 9),
	extraVisits: 1,
	agenciesCount: 2,
	procedure: { postedAtDesk: true, publishedOnline: false, onlineLevel: 1 },
	complaints: [{ upheld: true, lateDossierCase: false, officerId: null, dueAt: localTime('2026-11-05', 17), closedAt: localTime('2026-11-02', 10) }]
};

/** C: late, nothing known about visits or agencies, not disclosed, not online, two complaints (one closed late, one open and not yet due). */
const late: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-16', 8),
	extraVisits: null,
	agenciesCount: null,
	procedure: { postedAtDesk: false, publishedOnline: false, onlineLevel: 0 },
	complaints: [
		{ upheld: false, lateDossierCase: false, officerId: null, dueAt: localTime('2026-10-30', 17), closedAt: localTime('2026-11-03', 9) },
		{ upheld: false, lateDossierCase: false, officerId: null, dueAt: localTime('2026-11-20', 17), closedAt: null }
	]
};

describe('Thông tư 01/2018 points of one dossier', () => {
	it('scores an early, fully documented dossier 2 on every per-dossier indicator, and 5 and 8 (unit-level) "no data"', () => {
		expect(scoreDossier(early, asOf)).toEqual([2, 2, 2, 2, null, 2, 2, null, 2]);
		const grid = dossierGrid(early, asOf);
		// 7 indicators scored: 14 of 14, which is 18 on the 18-point scale; 2 missing
		expect([grid.scored, grid.missing, grid.total, grid.max, grid.score18, grid.rank]).toEqual([7, 2, 14, 14, 18, 'excellent']);
	});

	it('scores a dossier completed on the due day with an upheld complaint', () => {
		// 1: on the due day → 1; 2: two agencies → no data; 3: one extra visit → 1; 4: two agencies → 1;
		// 6: posted, not online → 1; 7: upheld complaint → 0; 8: unit-level → no data;
		// 9: the procedure is partly online → 1
		expect(scoreDossier(onTheDay, asOf)).toEqual([1, null, 1, 1, null, 1, 0, null, 1]);
		const grid = dossierGrid(onTheDay, asOf);
		// 6 of 9 scored: 5 of 12 → 7.5 of 18 → Trung bình
		expect([grid.scored, grid.total, grid.max, grid.score18, grid.rank]).toEqual([6, 5, 12, 7.5, 'average']);
	});

	it('scores a late dossier and leaves it unranked when too few indicators have data', () => {
		// 7: late, no upheld complaint → 0; 9: not offered online → 0
		expect(scoreDossier(late, asOf)).toEqual([0, null, null, null, null, 0, 0, null, 0]);
		const grid = dossierGrid(late, asOf);
		expect([grid.scored, grid.missing, grid.total, grid.max, grid.score18, grid.rank]).toEqual([4, 5, 0, 8, 0, null]);
		// with the minimum lowered to 4 the same grid is ranked Yếu
		expect(dossierGrid(late, asOf, { ...DEFAULT_RANK_RULE, minIndicators: 4 }).rank).toBe('poor');
	});

	it('never turns a missing fact into points', () => {
		const unknown: DossierFacts = { ...early, extraVisits: null, agenciesCount: null };
		const scores = scoreDossier(unknown, asOf);
		expect(scores.slice(0, 5)).toEqual([2, null, null, null, null]);
		// indicators 1, 6, 7 and 9 remain: 8 of 8, but 4 indicators are too few for a rank
		expect([dossierGrid(unknown, asOf).scored, dossierGrid(unknown, asOf).total, dossierGrid(unknown, asOf).rank]).toEqual([4, 8, null]);
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

	it('suggests indicator 8 from petitions on time (evidence only): all 2, 90 % 1, below 0; the late-dossier case is not about conduct', () => {
		expect([complaintHandlingPoints(0, 0), complaintHandlingPoints(10, 10), complaintHandlingPoints(10, 9), complaintHandlingPoints(10, 8)]).toEqual([2, 2, 1, 0]);
		// an open complaint already past its due time is handled late; one not yet due is not
		expect(complaintOnTime({ dueAt: localTime('2026-11-01', 17), closedAt: null }, asOf)).toBe(false);
		expect(complaintOnTime({ dueAt: localTime('2026-11-20', 17), closedAt: null }, asOf)).toBe(true);
		const lateCase = [{ upheld: true, lateDossierCase: true, officerId: null, dueAt: due, closedAt: due }];
		expect(scoreDossier({ ...early, complaints: lateCase }, asOf)[6]).toBe(2);
	});

	it('gives indicators 6 and 9 "no data" when the procedure facts are unknown, never full marks or zero', () => {
		const unknown = { postedAtDesk: null, publishedOnline: null, onlineLevel: null };
		const s = scoreDossier({ ...onTheDay, procedure: unknown }, asOf);
		expect([s[5], s[8]]).toEqual([null, null]);
		// one of the two disclosure facts unknown: the indicator could be 1 or 2, so no data
		expect(scoreDossier({ ...onTheDay, procedure: { ...onTheDay.procedure, publishedOnline: null } }, asOf)[5]).toBeNull();
		expect(scoreDossier({ ...late, procedure: { ...late.procedure, postedAtDesk: null } }, asOf)[5]).toBeNull();
		// indicator 9 is the procedure's provision: fully 2, partly 1, none 0, unknown no data
		expect([2, 1, 0, null].map((onlineLevel) => scoreDossier({ ...early, procedure: { ...early.procedure, onlineLevel } }, asOf)[8])).toEqual([2, 1, 0, null]);
		const grid = dossierGrid({ ...onTheDay, procedure: unknown }, asOf);
		expect([grid.scored, grid.missing, grid.total, grid.max]).toEqual([4, 5, 3, 8]);
	});

	it('keeps every point within its rules (property)', () => {
		const facts = fc.record({
			completedOffsetHours: fc.option(fc.integer({ min: -200, max: 200 }), { nil: null }),
			extraVisits: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
			agenciesCount: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
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
					procedure: { postedAtDesk: f.posted, publishedOnline: f.online, onlineLevel: f.onlineLevel },
					complaints: f.upheld.map((upheld) => ({ upheld, lateDossierCase: false, officerId: null, dueAt: due, closedAt: due }))
				};
				const s = scoreDossier(d, asOf);
				expect(s).toHaveLength(9);
				for (const p of s) expect([0, 1, 2, null]).toContain(p);
				expect(s[4]).toBeNull();
				expect(s[7]).toBeNull();
				expect(s[1] === null || s[1] === s[0]).toBe(true);
				if (s[6] !== null && s[0] !== null) expect(s[6]).toBeLessThanOrEqual(s[0]);
				expect(s[5] === null).toBe(f.posted === null || f.online === null);
				expect(s[8] === null).toBe(f.onlineLevel === null);
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
			[8, 0, null], // unit-level: never from a dossier
			[9, 3, 1] // (2 + 1 + 0) / 3
		]);
		// 1 + 2 + 1.5 + 1.5 + 1 + 2/3 + 1 = 26/3 of 14 → 26/3 × 18 / 14 = 11.142857… of 18 → Khá
		expect([g.scored, g.missing, g.max, g.rank]).toEqual([7, 2, 14, 'fair']);
		expect(g.total).toBeCloseTo(26 / 3, 5);
		expect(g.score18).toBeCloseTo(((26 / 3) * 18) / 14, 5);
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

/**
 * The hand-worked example of issue 14: two dossiers of one unit, U, due 15/10/2026 17:00, and
 * the unit's grid for October 2026 (quarter 4).
 *
 * X — completed 13/10 (early), one agency, no extra visit, received and returned by officer 11;
 *     its procedure's publicity AND online provision are unknown (imported without them). It came
 *     in online: under the old rule that alone gave indicator 9 two points; now it is no data.
 *     Points: 1 = 2, 2 = 2 (one agency: as 1), 3 = 2, 4 = 2, 6 = —, 7 = 2, 9 = —
 *     → 5 indicators, 10 of 10 (18 of 18 scaled, but unranked: 5 < 6 indicators).
 * Y — completed 15/10 09:00 (on the due day), two agencies, one extra visit; posted at the desk,
 *     not published online, partly online (một phần); received by officer 11, returned by officer
 *     12; one upheld complaint that names officer 12.
 *     Points: 1 = 1, 2 = — (two agencies), 3 = 1, 4 = 1, 6 = 1, 7 = 0, 9 = 1
 *     → 6 indicators, 5 of 12 → 7.5 of 18 → Trung bình.
 *
 * Unit U, per indicator over the dossiers with data for it:
 *   1: (2 + 1) / 2 = 1.5   2: 2 / 1 = 2   3: (2 + 1) / 2 = 1.5   4: (2 + 1) / 2 = 1.5
 *   6: 1 / 1 = 1 (Y only)  7: (2 + 0) / 2 = 1   9: 1 / 1 = 1 (Y only)
 *   sum = 9.5 of 14 (7 indicators) → 9.5 × 18 / 14 = 12.214285… → Tốt; 2 missing (5 and 8).
 * With the quarter's scores — indicator 5: self 2, verified 2; indicator 8: self 2, verified 1:
 *   verified: 9.5 + 2 + 1 = 12.5 of 18 (9 indicators) → 12.5 → Tốt, 0 missing;
 *   self-assessed (shown, never ranked): 9.5 + 2 + 2 = 13.5 of 18.
 * (The average of the two dossiers' scaled scores would be (18 + 7.5) / 2 = 12.75: it counts X's
 * missing facts as if X had scored them as well as the rest. The per-indicator average does not.)
 *
 * Officers (indicators 1, 2, 3, 4, 7):
 *   11 (X received and returned, Y received): 1: 1.5, 2: 2, 3: 1.5, 4: 1.5, 7: (2 + 1) / 2 = 1.5
 *      — the complaint names 12, so 11 keeps Y's timing point → 8 of 10 → 14.4 → Tốt.
 *   12 (Y returned): 1: 1, 2: —, 3: 1, 4: 1, 7: 0 → 3 of 8 → 6.75 → Trung bình.
 */
const X: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-13', 10),
	extraVisits: 0,
	agenciesCount: 1,
	procedure: { postedAtDesk: null, publishedOnline: null, onlineLevel: null },
	complaints: []
};
const Y: DossierFacts = {
	dueAt: due,
	completedAt: localTime('2026-10-15', 9),
	extraVisits: 1,
	agenciesCount: 2,
	procedure: { postedAtDesk: true, publishedOnline: false, onlineLevel: 1 },
	complaints: [{ upheld: true, lateDossierCase: false, officerId: 12, dueAt: localTime('2026-11-05', 17), closedAt: localTime('2026-11-02', 10) }]
};

describe('the hand-worked two-dossier unit (issue 14)', () => {
	it('scores each dossier on the indicators with data', () => {
		expect(scoreDossier(X, asOf)).toEqual([2, 2, 2, 2, null, null, 2, null, null]);
		expect(scoreDossier(Y, asOf)).toEqual([1, null, 1, 1, null, 1, 0, null, 1]);
		const x = dossierGrid(X, asOf);
		expect([x.scored, x.missing, x.total, x.max, x.score18, x.rank]).toEqual([5, 4, 10, 10, 18, null]);
		const y = dossierGrid(Y, asOf);
		expect([y.scored, y.missing, y.total, y.max, y.score18, y.rank]).toEqual([6, 3, 5, 12, 7.5, 'average']);
	});

	it('takes indicator 7 from an officer only when the complaint names them', () => {
		expect(scoreDossier(Y, asOf, 11)[6]).toBe(1);
		expect(scoreDossier(Y, asOf, 12)[6]).toBe(0);
		// a complaint naming no one costs the dossier, not its officers
		const unnamed = { ...Y, complaints: [{ ...Y.complaints[0], officerId: null }] };
		expect([scoreDossier(unnamed, asOf)[6], scoreDossier(unnamed, asOf, 11)[6], scoreDossier(unnamed, asOf, 12)[6]]).toEqual([0, 1, 1]);
	});

	it('aggregates the unit per indicator, then adds the verified unit-level scores', () => {
		const tallies = emptyTallies(TT01_INDICATORS);
		for (const d of [X, Y]) tallyDossier(tallies, scoreDossier(d, asOf), TT01_INDICATORS);
		const alone = summariseGrid(tallies, TT01_INDICATORS, 2, DEFAULT_RANK_RULE.minIndicators);
		expect(alone.indicators.map((i) => i.mean)).toEqual([1.5, 2, 1.5, 1.5, null, 1, 1, null, 1]);
		expect([alone.scored, alone.missing, alone.total, alone.max, alone.rank]).toEqual([7, 2, 9.5, 14, 'good']);
		expect(alone.score18).toBeCloseTo((9.5 * 18) / 14, 5);

		const quarter: UnitScore[] = [
			{ indicator: 5, self: 2, verified: 2 },
			{ indicator: 8, self: 2, verified: 1 }
		];
		const verified = summariseGrid(withUnitScores(tallies, quarter), TT01_INDICATORS, 2, DEFAULT_RANK_RULE.minIndicators);
		expect([verified.scored, verified.missing, verified.total, verified.max, verified.score18, verified.rank]).toEqual([9, 0, 12.5, 18, 12.5, 'good']);
		const self = summariseGrid(withUnitScores(tallies, quarter, 'self'), TT01_INDICATORS, 2, DEFAULT_RANK_RULE.minIndicators);
		expect(self.total).toBe(13.5);
		// a self-score alone never enters the verified grid
		const selfOnly = summariseGrid(withUnitScores(tallies, [{ indicator: 8, self: 2, verified: null }]), TT01_INDICATORS, 2, 6);
		expect([selfOnly.scored, selfOnly.total]).toEqual([7, 9.5]);
	});

	it('scores the two officers (the complaint names 12 only)', () => {
		const grid = (officerId: number, dossiers: DossierFacts[]) => {
			const t = emptyTallies(OFFICER_INDICATORS);
			for (const d of dossiers) tallyDossier(t, scoreDossier(d, asOf, officerId), OFFICER_INDICATORS);
			return summariseGrid(t, OFFICER_INDICATORS, dossiers.length, DEFAULT_RANK_RULE.minOfficerIndicators);
		};
		const o11 = grid(11, [X, Y]);
		expect(o11.indicators.map((i) => i.mean)).toEqual([1.5, 2, 1.5, 1.5, 1.5]);
		expect([o11.total, o11.max, o11.score18, o11.rank]).toEqual([8, 10, 14.4, 'good']);
		const o12 = grid(12, [Y]);
		expect(o12.indicators.map((i) => i.mean)).toEqual([1, null, 1, 1, 0]);
		expect([o12.total, o12.max, o12.score18, o12.rank]).toEqual([3, 8, 6.75, 'average']);
	});
});
