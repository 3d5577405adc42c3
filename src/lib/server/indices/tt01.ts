/**
 * Thông tư 01/2018/TT-VPCP: the grid of 9 indicators, 2 / 1 / 0 points each (18 at most), and the
 * rank read on it. Pure functions; `tt01-queries.ts` computes the same points in SQL (a test runs
 * both on the same dossiers and compares). Sources: `LEGAL_SOURCES.tt01*` in legal/sources.ts
 * (every article there is marked unconfirmed: none could be checked against the circular itself).
 *
 * Two kinds of indicator (our reading of the circular, `tt01UnitLevel`):
 *
 * - Per dossier (1, 2, 3, 4, 6, 7, 9): each dossier completed in the period is scored from its own
 *   facts and its procedure's.
 * - Per unit and quarter (5, 8): how the unit organises receiving, deciding and returning at the
 *   One-Stop Desk, and how it receives and answers petitions. Nothing recorded per dossier shows
 *   either, so the unit scores itself each quarter and the reform team verifies (`unit_scores`);
 *   only the verified score enters the grid, the self-score is shown beside it.
 *
 * Per-dossier rules, indicator by indicator (the page says the same):
 *
 * 1. Total time against the legal limit: completed on a local day before the due day → 2, on the
 *    due day (by the due time) → 1, after the due time → 0. Not completed and past due → 0; not
 *    completed and not yet due → no data (undecided).
 * 2. Time taken by each agency: only one agency handled the dossier (agencies_count = 1) → that
 *    agency's time is the total time, scored as indicator 1. Several agencies → no data: we do not
 *    record each agency's own time. Unknown count → no data.
 * 3. Times the applicant had to come back (extra_visits, as recorded by the one-stop software,
 *    which counts only returns the desk caused): 0 → 2, 1 → 1, 2 or more → 0; unknown → no data.
 * 4. Agencies the applicant had to deal with (agencies_count, the desk counting as one): 1 → 2,
 *    2 → 1, 3 or more → 0; unknown → no data.
 * 6. Public disclosure of the procedure: posted at the desk and published online → 2, one of the
 *    two → 1, neither → 0 (procedures.posted_at_desk / published_online). Either fact unknown
 *    (NULL: not imported or not set) → no data.
 * 7. Officers' conduct. For the dossier (the unit's grid): an upheld or partly upheld complaint
 *    about the dossier (other than the automatic late-dossier case, which is about timing) → 0;
 *    otherwise early → 2, on time → 1, late → 0 (the timing of indicator 1). For one officer (the
 *    officer grid): 0 only when such a complaint names that officer; a complaint naming another
 *    officer, or none, leaves the officer the timing points. Only decided complaints count.
 * 9. Online provision of the procedure (the agency's, not the citizen's choice of channel):
 *    fully online (toàn trình) → 2, partly online (một phần) → 1, not offered online → 0;
 *    procedures.online_level unknown → no data, whatever channel the dossier came by.
 *
 * An indicator without data is `null`: it is never counted as full marks. Totals are out of the
 * scorable maximum (2 × the indicators with data), and the rank is read on that score scaled to
 * 18 points, only when enough indicators were scored (see `RankRule`); the grid says how many of
 * the 9 are missing.
 *
 * Aggregation (`tt01Aggregation`): a unit's figure for a per-dossier indicator is the average of
 * its dossiers' points over the dossiers with data for it; the total is the sum of those averages
 * plus the verified unit-level scores. When every dossier has data for the same indicators this
 * is exactly the average of the dossiers' totals, as the circular aggregates; when some lack data
 * it is the only form that does not stand a default in for the missing facts.
 */
import { localDate } from '../calendar/working-days';

export type Points = 0 | 1 | 2;
export type IndicatorScore = Points | null;

export const TT01_INDICATORS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type Indicator = (typeof TT01_INDICATORS)[number];
/** Scored per dossier from recorded facts. */
export const DOSSIER_INDICATORS = [1, 2, 3, 4, 6, 7, 9] as const satisfies readonly Indicator[];
/** Scored per unit and quarter: self-score by the unit, verified score by the reform team. */
export const UNIT_INDICATORS = [5, 8] as const satisfies readonly Indicator[];
export type UnitIndicator = (typeof UNIT_INDICATORS)[number];
export const isUnitIndicator = (n: number): n is UnitIndicator => (UNIT_INDICATORS as readonly number[]).includes(n);
/** The indicators an officer is answerable for (10 points). */
export const OFFICER_INDICATORS = [1, 2, 3, 4, 7] as const satisfies readonly Indicator[];
export const TT01_MAX = 18;

export type Timeliness = 'early' | 'on_time' | 'late';

export interface ComplaintFacts {
	/** Resolved as upheld or partly upheld. */
	upheld: boolean;
	/** The automatic case opened for a late dossier (about timing, not conduct). */
	lateDossierCase: boolean;
	/** The officer the complaint names; null when it names none. */
	officerId: number | null;
	dueAt: Date;
	closedAt: Date | null;
}

export interface DossierFacts {
	dueAt: Date;
	completedAt: Date | null;
	extraVisits: number | null;
	agenciesCount: number | null;
	/** null = not known: the indicator that needs it has no data for this dossier. */
	procedure: { postedAtDesk: boolean | null; publishedOnline: boolean | null; onlineLevel: number | null };
	complaints: readonly ComplaintFacts[];
}

/** Early / on time / late against the due time, by Vietnam calendar day; null = not decided yet. */
export function timeliness(dueAt: Date, completedAt: Date | null, asOf: Date): Timeliness | null {
	if (completedAt === null) return asOf.getTime() > dueAt.getTime() ? 'late' : null;
	if (completedAt.getTime() > dueAt.getTime()) return 'late';
	return localDate(completedAt) === localDate(dueAt) ? 'on_time' : 'early';
}

const TIMELINESS_POINTS: Record<Timeliness, Points> = { early: 2, on_time: 1, late: 0 };

/** 0 → 2, 1 → 1, more → 0 (indicators 3 and 4 share the shape, offset by one for 4). */
function fewerIsBetter(n: number | null, best: number): IndicatorScore {
	if (n === null) return null;
	if (n <= best) return 2;
	return n === best + 1 ? 1 : 0;
}

/**
 * Share of petitions handled on time, in whole numbers: none or all → 2, ≥ 90 % → 1, below → 0.
 * Shown beside indicator 8's self-score as evidence; never entered into the grid by itself.
 */
export function complaintHandlingPoints(total: number, onTime: number): Points {
	if (total === 0 || onTime >= total) return 2;
	return 10 * onTime >= 9 * total ? 1 : 0;
}

export function complaintOnTime(c: Pick<ComplaintFacts, 'dueAt' | 'closedAt'>, asOf: Date): boolean {
	return c.closedAt === null ? c.dueAt.getTime() > asOf.getTime() : c.closedAt.getTime() <= c.dueAt.getTime();
}

/** An upheld complaint about conduct (the automatic late-dossier case is about timing). */
const upheldConduct = (c: ComplaintFacts) => c.upheld && !c.lateDossierCase;

/** Indicator 9 from the procedure's online provision (0 none, 1 partly, 2 fully online). */
export function onlineProvisionPoints(onlineLevel: number | null): IndicatorScore {
	return onlineLevel === null ? null : onlineLevel >= 2 ? 2 : onlineLevel === 1 ? 1 : 0;
}

/**
 * The nine indicators of one dossier, indexed 0…8 for indicators 1…9; 5 and 8 are always null
 * here (unit-level). With `officerId`, indicator 7 is that officer's: only a complaint naming
 * them takes it to 0.
 */
export function scoreDossier(d: DossierFacts, asOf: Date, officerId?: number): IndicatorScore[] {
	const timing = timeliness(d.dueAt, d.completedAt, asOf);
	const i1: IndicatorScore = timing === null ? null : TIMELINESS_POINTS[timing];
	const i2: IndicatorScore = d.agenciesCount === 1 ? i1 : null;
	const i3 = fewerIsBetter(d.extraVisits, 0);
	const i4 = fewerIsBetter(d.agenciesCount, 1);
	const { postedAtDesk, publishedOnline, onlineLevel } = d.procedure;
	const i6: IndicatorScore = postedAtDesk === null || publishedOnline === null ? null : ((Number(postedAtDesk) + Number(publishedOnline)) as Points);
	const named = d.complaints.filter(upheldConduct).some((c) => officerId === undefined || c.officerId === officerId);
	const i7: IndicatorScore = named ? 0 : i1;
	return [i1, i2, i3, i4, null, i6, i7, null, onlineProvisionPoints(onlineLevel)];
}

// ---- ranks ---------------------------------------------------------------------------------

export const RANKS = ['excellent', 'good', 'fair', 'average', 'poor'] as const;
export type Rank = (typeof RANKS)[number];

/**
 * Rank thresholds on the 18-point scale, each the lowest score of its rank. The published bands
 * are Tốt 12–<15, Khá 9–<12, Trung bình 6–<9, Yếu <6; for Xuất sắc the one implementation found
 * says "> 15", which leaves exactly 15 in no band. We close the gap: by default 15 is Xuất sắc
 * (≥ 15, so the bands meet); `excellentStrict: true` reads "> 15" and puts exactly 15 in Tốt.
 */
export interface RankRule {
	excellent: number;
	good: number;
	fair: number;
	average: number;
	excellentStrict: boolean;
	/** A unit's or dossier's grid is ranked only with at least this many of the 9 indicators scored. */
	minIndicators: number;
	/** An officer is ranked only with at least this many of their 5 indicators scored. */
	minOfficerIndicators: number;
}

export const DEFAULT_RANK_RULE: RankRule = {
	excellent: 15,
	good: 12,
	fair: 9,
	average: 6,
	excellentStrict: false,
	minIndicators: 6,
	minOfficerIndicators: 4
};

/** Scores are sums of averages: compare them at a precision no real difference hides below. */
const settle = (x: number) => Math.round(x * 1e6) / 1e6;

export function rankOf(score18: number, rule: RankRule = DEFAULT_RANK_RULE): Rank {
	const s = settle(score18);
	if (rule.excellentStrict ? s > rule.excellent : s >= rule.excellent) return 'excellent';
	if (s >= rule.good) return 'good';
	if (s >= rule.fair) return 'fair';
	if (s >= rule.average) return 'average';
	return 'poor';
}

// ---- aggregates ----------------------------------------------------------------------------

/** Points summed over the dossiers that have data for one indicator (n of them). */
export interface IndicatorTally {
	n: number;
	sum: number;
}

export interface IndicatorResult {
	indicator: Indicator;
	/** Dossiers with data for this indicator. */
	n: number;
	/** Average points (0–2) over those dossiers; null = no data. */
	mean: number | null;
}

export interface GridResult {
	dossiers: number;
	indicators: IndicatorResult[];
	/** Indicators with data. */
	scored: number;
	/** Indicators in the grid (9, or 5 for an officer). */
	of: number;
	/** Indicators without data (of − scored): the page and the export say how many. */
	missing: number;
	/** Sum of the indicator averages; null when nothing is scored. */
	total: number | null;
	/** 2 × scored. */
	max: number;
	/** total × 18 ÷ max: the score the rank is read on. */
	score18: number | null;
	/** null when fewer indicators than the rule's minimum were scored. */
	rank: Rank | null;
}

/** Adds one dossier's points to running tallies (indexed like `indicators`). */
export function tallyDossier(tallies: IndicatorTally[], scores: readonly IndicatorScore[], indicators: readonly Indicator[]): void {
	indicators.forEach((ind, i) => {
		const p = scores[ind - 1];
		if (p === null) return;
		tallies[i].n++;
		tallies[i].sum += p;
	});
}

export const emptyTallies = (indicators: readonly Indicator[]): IndicatorTally[] => indicators.map(() => ({ n: 0, sum: 0 }));

/**
 * The grid of a group of dossiers: per indicator, the average over the dossiers (or, for the
 * unit-level indicators, the units) that have data; the total is the sum of those averages, out
 * of 2 per indicator with data. For one dossier this is its plain score; for a unit it equals the
 * average dossier score when every dossier has every indicator.
 */
export function summariseGrid(
	tallies: readonly IndicatorTally[],
	indicators: readonly Indicator[],
	dossiers: number,
	minScored: number,
	rule: RankRule = DEFAULT_RANK_RULE
): GridResult {
	const results = indicators.map((indicator, i) => ({
		indicator,
		n: tallies[i].n,
		mean: tallies[i].n > 0 ? tallies[i].sum / tallies[i].n : null
	}));
	const withData = results.filter((r) => r.mean !== null);
	const scored = withData.length;
	const total = scored ? settle(withData.reduce((s, r) => s + r.mean!, 0)) : null;
	const max = 2 * scored;
	const score18 = total === null ? null : settle((total * TT01_MAX) / max);
	return {
		dossiers,
		indicators: results,
		scored,
		of: indicators.length,
		missing: indicators.length - scored,
		total,
		max,
		score18,
		rank: score18 !== null && scored >= minScored ? rankOf(score18, rule) : null
	};
}

/** One dossier's grid (all 9 indicators). */
export function dossierGrid(d: DossierFacts, asOf: Date, rule: RankRule = DEFAULT_RANK_RULE): GridResult {
	const tallies = emptyTallies(TT01_INDICATORS);
	tallyDossier(tallies, scoreDossier(d, asOf), TT01_INDICATORS);
	return summariseGrid(tallies, TT01_INDICATORS, 1, rule.minIndicators, rule);
}

/** Adds tallies (e.g. units into their subtree's total). */
export function addTallies(into: IndicatorTally[], more: readonly IndicatorTally[]): void {
	more.forEach((t, i) => {
		into[i].n += t.n;
		into[i].sum += t.sum;
	});
}

// ---- unit-level indicators -------------------------------------------------------------------

/** A unit's scores for one unit-level indicator in one quarter; null = not entered. */
export interface UnitScore {
	indicator: UnitIndicator;
	self: Points | null;
	verified: Points | null;
}

/**
 * A unit's tallies with its unit-level scores of the quarter in place of indicators 5 and 8: one
 * observation each, from the verified score (the grid's figure) or the self-score (shown beside
 * it, never ranked). Tallies are indexed like TT01_INDICATORS; the input is not changed.
 */
export function withUnitScores(tallies: readonly IndicatorTally[], scores: readonly UnitScore[], which: 'verified' | 'self' = 'verified'): IndicatorTally[] {
	const out = tallies.map((t) => ({ ...t }));
	for (const i of UNIT_INDICATORS) out[i - 1] = { n: 0, sum: 0 };
	for (const s of scores) {
		const p = s[which];
		if (p !== null) out[s.indicator - 1] = { n: 1, sum: p };
	}
	return out;
}

/** Calendar quarter of a month key 'YYYY-MM'. */
export function quarterOfMonth(key: string): { year: number; quarter: 1 | 2 | 3 | 4 } {
	const [y, m] = key.split('-').map(Number);
	return { year: y, quarter: Math.ceil(m / 3) as 1 | 2 | 3 | 4 };
}
