/**
 * The indices page's figures for one month and one unit subtree, assembled from the read models
 * and the pure formulas. Exports and the JSON API can call the same function, so a file or an
 * API answer never disagrees with the screen.
 */
import { MAIN_LEVEL, onTimeRate, ratingSatisfactionRate, sipas, SIPAS_FACTORS, type FactorCount, type SipasFactor, type SipasResult } from './satisfaction';
import { monthlyTrend, satisfactionByUnit, sipasAnswersByUnit, type Period, type Scope } from './queries';
import { petitionEvidence, tt01Tallies, unitScores, type PetitionEvidence, type Quarter, type UnitScoreRow } from './tt01-queries';
import type { SipasMapping } from './settings';
import { report766, type Report766 } from './satisfaction-766-queries';
import type { Settings766 } from './satisfaction-766';
import {
	addTallies,
	emptyTallies,
	OFFICER_INDICATORS,
	summariseGrid,
	TT01_INDICATORS,
	type GridResult,
	quarterOfMonth,
	withUnitScores,
	type IndicatorTally,
	type RankRule
} from './tt01';
import type { Month } from './period';

export interface UnitInfo {
	id: number;
	nameVi: string;
	nameEn: string | null;
	path: string;
}

/** Thông tư 01/2018's unit-level indicators (5, 8) of one unit for the quarter of the month shown. */
export interface UnitLevel {
	/** Self and verified scores entered (none entered: empty). */
	scores: UnitScoreRow[];
	/** Petitions of the quarter, the evidence beside indicator 8 (null: none received). */
	petitions: PetitionEvidence | null;
}

export interface UnitFigures {
	/** Per-dossier indicators of the month with the verified unit-level scores of its quarter. */
	grid: GridResult;
	completed: number;
	onTime: number;
	onTimeRate: number | null;
	counted: number;
	satisfied: number;
	/** Share of satisfied ratings (not the QĐ 766 rate: that is `s766`, per dossier). */
	satisfactionRate: number | null;
	sipas: SipasResult;
}

export interface IndicesReport {
	units: (UnitInfo & { depth: number } & UnitFigures & { unitLevel: UnitLevel })[];
	/** The quarter whose unit-level scores (TT 01 indicators 5 and 8) are in the grids. */
	tt01Quarter: Quarter;
	/** The whole subtree: units' tallies and counts added up. */
	total: UnitFigures;
	officers: { id: number; fullName: string; staffNumber: string; grid: GridResult }[];
	trend: { month: string; counted: number; satisfactionRate: number | null; completed: number; onTimeRate: number | null }[];
	/** The answer key behind each SIPAS factor (null: not asked). */
	sipasMapping: SipasMapping;
	/** The QĐ 766 satisfaction component (per dossier, petitions, NQ 76 points) per unit and in total. */
	s766: Report766<UnitInfo & { depth: number }>;
}

function figures(
	tallies: IndicatorTally[],
	completed: number,
	onTime: number,
	counted: number,
	satisfied: number,
	answerCounts: FactorCount[],
	mapping: SipasMapping,
	rule: RankRule
): UnitFigures {
	// A factor measured by the rating itself has the satisfaction figures as its counts.
	const factorCounts = [
		...answerCounts,
		...SIPAS_FACTORS.filter((f) => mapping[f] === MAIN_LEVEL).map((factor) => ({ factor, answers: counted, satisfied }))
	];
	const asked = new Set(SIPAS_FACTORS.filter((f) => mapping[f] !== null));
	return {
		grid: summariseGrid(tallies, TT01_INDICATORS, completed, rule.minIndicators, rule),
		completed,
		onTime,
		onTimeRate: onTimeRate(onTime, completed),
		counted,
		satisfied,
		satisfactionRate: ratingSatisfactionRate(satisfied, counted),
		sipas: sipas(factorCounts, asked)
	};
}

export async function indicesReport(args: {
	scope: Scope;
	/** The units of the subtree shown (for names and order); the first is its root. */
	units: UnitInfo[];
	month: Month;
	/** Months of the trend table, oldest first. */
	trendMonths: Month[];
	asOf: Date;
	rule: RankRule;
	sipasMapping: SipasMapping;
	settings766: Settings766;
}): Promise<IndicesReport> {
	const period: Period = { from: args.month.from, to: args.month.to };
	const rootDepth = args.units.length ? args.units[0].path.split('/').length : 0;
	const trendPeriod: Period = { from: args.trendMonths[0].from, to: args.trendMonths[args.trendMonths.length - 1].to };
	const quarter = quarterOfMonth(args.month.key);
	const [{ units: tt01, officers }, ratings, answers, trend, scores, petitions, s766] = await Promise.all([
		tt01Tallies(args.scope, period),
		satisfactionByUnit(args.scope, period),
		sipasAnswersByUnit(args.scope, period, args.sipasMapping),
		monthlyTrend(args.scope, trendPeriod),
		unitScores(args.scope, quarter),
		petitionEvidence(args.scope, quarter, args.asOf),
		report766(
			args.scope,
			period,
			args.units.map((u) => ({ ...u, depth: u.path.split('/').length - rootDepth })),
			args.settings766
		)
	]);
	const tt01Of = new Map(tt01.map((r) => [r.unitId, r]));
	const scoresByUnit = new Map<number, UnitScoreRow[]>();
	for (const s of scores) scoresByUnit.set(s.unitId, [...(scoresByUnit.get(s.unitId) ?? []), s]);
	const petitionsOf = new Map(petitions.map((p) => [p.unitId, p]));
	const scoresOf = (unitId: number) => scoresByUnit.get(unitId) ?? [];
	// a unit's grid: its dossiers' tallies with its verified unit-level scores in place of 5 and 8
	const unitTallies = (unitId: number) => withUnitScores(tt01Of.get(unitId)?.tallies ?? emptyTallies(TT01_INDICATORS), scoresOf(unitId));

	const totalTallies = emptyTallies(TT01_INDICATORS);
	const totalFactors = new Map<SipasFactor, { answers: number; satisfied: number }>();
	let [completed, onTime, counted, satisfied] = [0, 0, 0, 0];
	for (const r of tt01) {
		completed += r.dossiers;
		onTime += r.onTime;
	}
	// the subtree: per-dossier indicators over all its dossiers, unit-level ones averaged over its verified units
	for (const unitId of new Set([...tt01Of.keys(), ...scoresByUnit.keys()])) addTallies(totalTallies, unitTallies(unitId));
	for (const r of ratings) {
		counted += r.counted;
		satisfied += r.satisfied;
	}
	for (const u of answers) {
		for (const c of u.counts) {
			const t = totalFactors.get(c.factor) ?? { answers: 0, satisfied: 0 };
			t.answers += c.answers;
			t.satisfied += c.satisfied;
			totalFactors.set(c.factor, t);
		}
	}

	const ratingsOf = new Map(ratings.map((r) => [r.unitId, r]));
	const answersOf = new Map(answers.map((r) => [r.unitId, r]));
	const units = args.units
		.map((u) => {
			const d = tt01Of.get(u.id);
			const r = ratingsOf.get(u.id);
			const a = answersOf.get(u.id);
			return {
				...u,
				depth: u.path.split('/').length - rootDepth,
				unitLevel: { scores: scoresOf(u.id), petitions: petitionsOf.get(u.id) ?? null },
				...figures(unitTallies(u.id), d?.dossiers ?? 0, d?.onTime ?? 0, r?.counted ?? 0, r?.satisfied ?? 0, a?.counts ?? [], args.sipasMapping, args.rule)
			};
		})
		.filter((u) => u.completed > 0 || u.counted > 0 || u.unitLevel.scores.length > 0 || u.unitLevel.petitions !== null);

	return {
		units,
		tt01Quarter: quarter,
		total: figures(
			totalTallies,
			completed,
			onTime,
			counted,
			satisfied,
			[...totalFactors].map(([factor, c]) => ({ factor, ...c })),
			args.sipasMapping,
			args.rule
		),
		officers: officers.map((o) => ({
			id: o.officerId,
			fullName: o.fullName,
			staffNumber: o.staffNumber,
			grid: summariseGrid(
				OFFICER_INDICATORS.map((i) => o.tallies[i - 1]),
				OFFICER_INDICATORS,
				o.dossiers,
				args.rule.minOfficerIndicators,
				args.rule
			)
		})),
		trend: args.trendMonths.map((m) => {
			const row = trend.find((t) => t.month === m.key);
			return {
				month: m.key,
				counted: row?.counted ?? 0,
				satisfactionRate: ratingSatisfactionRate(row?.satisfied ?? 0, row?.counted ?? 0),
				completed: row?.completed ?? 0,
				onTimeRate: onTimeRate(row?.onTime ?? 0, row?.completed ?? 0)
			};
		}),
		sipasMapping: args.sipasMapping,
		s766
	};
}
