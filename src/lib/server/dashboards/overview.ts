import { sql, type SQL } from 'drizzle-orm';
import { scopeCondition } from '../auth/guard';
import { localDate } from '../calendar';
import { database } from '../db';
import { num, type DbNumber } from '../db/decode';
import { indexSettings } from '../indices/settings';
import { targetFor } from '../indices/satisfaction-766';
import { cite } from '../legal/sources';
import { DEFAULT_LOW_SCORE_RULE, wilson } from '../scores/fairness';
import type { Period } from './period';
import { rate, type Choice, type HeatCell, type Scope, type UnitFigures } from './queries';

/**
 * The overview a unit head reads in five seconds (issue 15, item 1): each headline figure with its
 * target, its previous period and its rank among the unit's peers; the period's worst sub-unit,
 * hour, officer and counter, named by the same statistics the low-score flag uses; the officers when a
 * unit has a single sub-unit. Everything read here comes from the rollups, so the page stays as
 * fast at 10 M ratings as at 10 k.
 */

/**
 * The fewest ratings (or services, or completed dossiers) behind a rate before it is ranked or
 * named as the worst: the low-score flag's minimum (scores/fairness.ts), so the overview never
 * names an officer the flags would not judge.
 */
export const GLANCE_MIN_COUNT = DEFAULT_LOW_SCORE_RULE.minRatings;

export type Rank = { rank: number; of: number };

/**
 * A unit's place among its peers on one rate, best first; peers below `min` in the rate's
 * denominator are not ranked (their rate is noise). Equal rates share a place ("1, 2, 2, 4").
 * Null when the unit itself is not ranked or when it has no ranked peer.
 */
export function rankAmong<T extends { id: number }>(ownId: number, peers: readonly T[], part: (p: T) => number, whole: (p: T) => number, min = GLANCE_MIN_COUNT): Rank | null {
	const ranked = peers.filter((p) => whole(p) >= min && whole(p) > 0).map((p) => ({ id: p.id, value: part(p) / whole(p) }));
	const own = ranked.find((p) => p.id === ownId);
	if (!own || ranked.length < 2) return null;
	return { rank: 1 + ranked.filter((p) => p.value > own.value + 1e-12).length, of: ranked.length };
}

export type Worst<T> = T & { rate: number; high: number };

/**
 * The worst of a set (sub-units, hours, officers, counters) on satisfaction, fairly: only those with at least
 * `min` counted ratings, and ordered by the upper end of their 95 % Wilson interval, so the one
 * named is the one most surely low, not the one unluckiest in a handful of ratings. Null when
 * fewer than two qualify (the worst of one is not news).
 */
export function worstOf<T extends { ratings: number; satisfied: number }>(rows: readonly T[], min = GLANCE_MIN_COUNT): Worst<T> | null {
	const judged = rows
		.filter((r) => r.ratings >= min)
		.map((r) => ({ ...r, rate: r.satisfied / r.ratings, high: wilson(r.satisfied, r.ratings)!.high }));
	if (judged.length < 2) return null;
	return judged.reduce((w, r) => (r.high < w.high - 1e-12 || (Math.abs(r.high - w.high) <= 1e-12 && r.ratings > w.ratings) ? r : w));
}

/* ---------------------------------------------------------------- targets */

export type Target = {
	value: number;
	/** The legal source, or null: a target the province sets itself (shown as such). */
	source: string | null;
};

/**
 * The province's own defaults for the figures no text sets a target for. A participation of one
 * rating in two services and 95 % of dossiers on time are this app's suggestions, shown on the
 * page as the province's own choice.
 */
export const OWN_TARGETS = { participation: 0.5, onTime: 0.95 } as const;

/** Targets for a period ending in `year`: satisfaction from the NQ 76 setting (indices.766), the others the province's own. */
export async function overviewTargets(year: number): Promise<{ satisfaction: Target; participation: Target; onTime: Target }> {
	const { s766 } = await indexSettings();
	return {
		satisfaction: { value: targetFor(s766, year), source: cite('nq76SatisfactionTargets') },
		participation: { value: OWN_TARGETS.participation, source: null },
		onTime: { value: OWN_TARGETS.onTime, source: null }
	};
}

/* ---------------------------------------------------------------- queries (rollups only) */

const days = (p: Period) => ({ from: localDate(p.from), to: localDate(p.to) });
const dayIn = (col: SQL, p: Period) => sql`(${col} >= ${days(p).from}::date and ${col} < ${days(p).to}::date)`;

export type PeerFigures = { id: number; nameVi: string; nameEn: string | null; services: number; ratings: number; satisfied: number; completed: number; onTime: number };

/**
 * The unit at `unitPath` and its siblings (same parent, not dissolved), each with its whole
 * subtree's figures for the period, from rollup_unit_day.
 */
export async function peerUnits(unitPath: string, choice: Choice): Promise<PeerFigures[]> {
	const rows = await database.rows<{ id: DbNumber; name_vi: string; name_en: string | null; services: DbNumber | null; ratings: DbNumber | null; satisfied: DbNumber | null; completed: DbNumber | null; on_time: DbNumber | null }>(sql`
		with me as (select id, parent_id from units where path = ${unitPath}),
		peers as (
			select p.id, p.path, p.name_vi, p.name_en from units p, me
			where (p.parent_id = me.parent_id or (me.parent_id is null and p.parent_id is null) or p.id = me.id) and (p.dissolved_at is null or p.id = me.id)
		),
		figures as (
			select p.id, sum(d.services) as services, sum(d.ratings) as ratings, sum(d.satisfied) as satisfied, sum(d.completed) as completed, sum(d.on_time) as on_time
			from peers p join units u on u.path like p.path || '%' join rollup_unit_day d on d.unit_id = u.id
			where ${dayIn(sql`d.day`, choice.period)}
			group by p.id
		)
		select p.id, p.name_vi, p.name_en, f.services, f.ratings, f.satisfied, f.completed, f.on_time
		from peers p left join figures f on f.id = p.id order by p.path`);
	return rows.map((r) => ({
		id: num(r.id),
		nameVi: r.name_vi,
		nameEn: r.name_en,
		services: num(r.services),
		ratings: num(r.ratings),
		satisfied: num(r.satisfied),
		completed: num(r.completed),
		onTime: num(r.on_time)
	}));
}

export type OfficerTotals = { id: number; fullName: string; services: number; ratings: number; satisfied: number };

/** Every officer with counted ratings in scope during the period, from rollup_officer_day. */
export async function officerTotals(scope: Scope, choice: Choice): Promise<OfficerTotals[]> {
	const rows = await database.rows<{ id: DbNumber; full_name: string; services: DbNumber | null; ratings: DbNumber | null; satisfied: DbNumber | null }>(sql`
		select d.officer_id as id, o.full_name, sum(d.services) as services, sum(d.ratings) as ratings, sum(d.satisfied) as satisfied
		from rollup_officer_day d join units u on u.id = d.unit_id join officers o on o.id = d.officer_id
		where ${scopeCondition(sql`u.path`, scope)} and ${dayIn(sql`d.day`, choice.period)}
		group by d.officer_id, o.full_name
		having sum(d.ratings) > 0`);
	return rows.map((r) => ({ id: num(r.id), fullName: r.full_name, services: num(r.services), ratings: num(r.ratings), satisfied: num(r.satisfied) }));
}

export type CounterTotals = {
	id: number;
	nameVi: string;
	nameEn: string | null;
	centreNameVi: string;
	centreNameEn: string | null;
	ratings: number;
	satisfied: number;
};

/**
 * Every counter with counted ratings in scope during the period, from rollup_counter_day: the
 * ratings of units in scope, wherever the counter's centre belongs. Ratings that name no counter
 * (a QR rating from a phone may not) are not in that rollup.
 */
export async function counterTotals(scope: Scope, choice: Choice): Promise<CounterTotals[]> {
	const rows = await database.rows<{
		id: DbNumber;
		name_vi: string;
		name_en: string | null;
		centre_name_vi: string;
		centre_name_en: string | null;
		ratings: DbNumber | null;
		satisfied: DbNumber | null;
	}>(sql`
		select c.id, c.name_vi, c.name_en, sc.name_vi as centre_name_vi, sc.name_en as centre_name_en, f.ratings, f.satisfied
		from (
			select d.counter_id, sum(d.ratings) as ratings, sum(d.satisfied) as satisfied
			from rollup_counter_day d join units u on u.id = d.unit_id
			where ${scopeCondition(sql`u.path`, scope)} and ${dayIn(sql`d.day`, choice.period)}
			group by d.counter_id
			having sum(d.ratings) > 0
		) f
		join counters c on c.id = f.counter_id join service_centres sc on sc.id = c.centre_id`);
	return rows.map((r) => ({
		id: num(r.id),
		nameVi: r.name_vi,
		nameEn: r.name_en,
		centreNameVi: r.centre_name_vi,
		centreNameEn: r.centre_name_en,
		ratings: num(r.ratings),
		satisfied: num(r.satisfied)
	}));
}

/* ---------------------------------------------------------------- the page's read model */

type Totals = { services: number; ratings: number; satisfied: number; completed: number; onTime: number; prevServices: number; prevRatings: number; prevSatisfied: number; prevCompleted: number; prevOnTime: number };
type Root = { id: number; path: string; parentId: number | null };

export type Headline = { value: number | null; previous: number | null; target: Target; rank: Rank | null };

export type Glance = {
	headline: { satisfaction: Headline; participation: Headline; onTime: Headline };
	/** The sibling units compared (the scope's one root and its peers); empty when the scope has several roots or none. */
	peerCount: number;
	worst: {
		unit: { id: number; nameVi: string; nameEn: string | null; ratings: number; rate: number } | null;
		hour: { weekday: number; hour: number; ratings: number; rate: number } | null;
		officer: { id: number; fullName: string; ratings: number; rate: number } | null;
		counter: { id: number; nameVi: string; nameEn: string | null; centreNameVi: string; centreNameEn: string | null; ratings: number; rate: number } | null;
	};
	/** Officers by satisfaction, when the scope has at most one rated sub-unit (a chart of one bar says nothing). */
	officers: { id: number; fullName: string; ratings: number; rate: number }[] | null;
};

/**
 * The overview's additions to provinceDashboard: `units` are its rows (own figures per unit),
 * `roots` the scope's top units. Three queries beyond the dashboard's: the peers, the officers and the counters.
 */
export async function overviewGlance(scope: Scope, roots: readonly Root[], choice: Choice, totals: Totals, units: readonly UnitFigures[], hours: readonly HeatCell[]): Promise<Glance> {
	const single = roots.length === 1 ? roots[0] : null;
	const [targets, peers, officers, counters] = await Promise.all([
		overviewTargets(Number(choice.to.slice(0, 4))),
		single && scope !== null ? peerUnits(single.path, choice) : Promise.resolve([]),
		officerTotals(scope, choice),
		counterTotals(scope, choice)
	]);
	const ownId = single?.id ?? -1;
	const headline = {
		satisfaction: {
			value: rate(totals.satisfied, totals.ratings),
			previous: rate(totals.prevSatisfied, totals.prevRatings),
			target: targets.satisfaction,
			rank: rankAmong(ownId, peers, (p) => p.satisfied, (p) => p.ratings)
		},
		participation: {
			value: rate(totals.ratings, totals.services),
			previous: rate(totals.prevRatings, totals.prevServices),
			target: targets.participation,
			rank: rankAmong(ownId, peers, (p) => p.ratings, (p) => p.services)
		},
		onTime: {
			value: rate(totals.onTime, totals.completed),
			previous: rate(totals.prevOnTime, totals.prevCompleted),
			target: targets.onTime,
			rank: rankAmong(ownId, peers, (p) => p.onTime, (p) => p.completed)
		}
	};
	const worstUnit = worstOf(units);
	const worstHour = worstOf(hours);
	const worstOfficer = worstOf(officers);
	const worstCounter = worstOf(counters);
	const ratedUnits = units.filter((u) => u.ratings > 0).length;
	return {
		headline,
		peerCount: peers.length,
		worst: {
			unit: worstUnit && { id: worstUnit.id, nameVi: worstUnit.nameVi, nameEn: worstUnit.nameEn, ratings: worstUnit.ratings, rate: worstUnit.rate },
			hour: worstHour && { weekday: worstHour.weekday, hour: worstHour.hour, ratings: worstHour.ratings, rate: worstHour.rate },
			officer: worstOfficer && { id: worstOfficer.id, fullName: worstOfficer.fullName, ratings: worstOfficer.ratings, rate: worstOfficer.rate },
			counter: worstCounter && {
				id: worstCounter.id,
				nameVi: worstCounter.nameVi,
				nameEn: worstCounter.nameEn,
				centreNameVi: worstCounter.centreNameVi,
				centreNameEn: worstCounter.centreNameEn,
				ratings: worstCounter.ratings,
				rate: worstCounter.rate
			}
		},
		officers:
			ratedUnits <= 1
				? officers
						.map((o) => ({ id: o.id, fullName: o.fullName, ratings: o.ratings, rate: o.satisfied / o.ratings }))
						.sort((a, b) => b.rate - a.rate || b.ratings - a.ratings || a.fullName.localeCompare(b.fullName, 'vi'))
				: null
	};
}
