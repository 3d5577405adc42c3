/**
 * The QĐ 766 satisfaction component's counts, in SQL, one decoder per query (the rules are those
 * of satisfaction-766.ts; satisfaction-766-queries.test.ts pins them on both databases).
 *
 * Dossiers handled in the period are read through dossiers_unit_completed_idx; each one's
 * dissatisfied rating is looked up by ratings_dossier_idx and its citizens' cases by
 * complaints_dossier_idx (a LATERAL … LIMIT 1 per dossier: a probe each, never a scan of all
 * ratings, whatever the planner estimates).
 */
import { citizenCaseFilter } from '../complaints/regimes';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { scopeCondition } from '../scope';
import { localDate } from '../calendar/working-days';
import { wholeMonths } from './period';
import { reader } from '../db/replicas';
import { countedRating } from '../ratings/counted';
import type { Period, Scope } from './queries';
import {
	addCounts,
	EMPTY_DOSSIER_COUNTS,
	EMPTY_PETITION_COUNTS,
	figures766,
	SOURCES_766,
	type DossierCounts766,
	type Figures766,
	type PetitionCounts766,
	type Settings766
} from './satisfaction-766';
import { cite, LEGAL_SOURCES } from '../legal/sources';

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

// A citizen's case is the complaints module's rule (citizenCaseFilter): internal cases never count.

// ---- dossiers handled ---------------------------------------------------------------------------

const count = z.coerce.number().int().nonnegative();
const dossierRow = z.object({
	unit_id: z.coerce.number().int(),
	handled: count,
	dissatisfied: count,
	petitioned: count,
	late: count,
	not_satisfied: count
});

export interface UnitDossierCounts766 {
	unitId: number;
	counts: DossierCounts766;
}

function decodeDossierRow(r: unknown): UnitDossierCounts766 {
	const d = dossierRow.parse(r);
	return { unitId: d.unit_id, counts: { handled: d.handled, dissatisfied: d.dissatisfied, petitioned: d.petitioned, late: d.late, notSatisfied: d.not_satisfied } };
}

/**
 * Per unit (its own dossiers), the dossiers whose handling ended in the period (completed_at in
 * [from, to)), and of those: with a counted dissatisfied rating (any stage, any time), with a
 * citizen's case, late (completed after the due time), and any of the three. From the raw rows:
 * any period; the rollups' definition (rollups.test.ts compares) and the benchmark's naive figure.
 */
export async function dossierCounts766Raw(scope: Scope, period: Period): Promise<UnitDossierCounts766[]> {
	// The dissatisfied (scale, level) pairs as one array, computed once: each probe then filters
	// the dossier's few ratings on the index scan itself, and checks exclusions only for those.
	const rows = await reader().rows(sql`
		with levels as materialized (
			select coalesce(array_agg(scale_id::bigint * 8 + level), '{}') as codes from rating_scale_levels where class = 'dissatisfied'
		)
		select d.unit_id, count(*) as handled,
			count(*) filter (where r.x) as dissatisfied,
			count(*) filter (where k.x) as petitioned,
			count(*) filter (where d.completed_at > d.due_at) as late,
			count(*) filter (where r.x or k.x or d.completed_at > d.due_at) as not_satisfied
		from dossiers d
		join units u on u.id = d.unit_id
		cross join levels lv
		left join lateral (
			select true as x from ratings r
			where r.dossier_id = d.id and r.scale_id::bigint * 8 + r.level = any(lv.codes) and ${countedRating('r')}
			limit 1
		) r on true
		left join lateral (
			select true as x from complaints k where k.dossier_id = d.id and ${citizenCaseFilter('k')} limit 1
		) k on true
		where ${scopeCondition(sql`u.path`, scope)}
			-- completed_at ≥ received_at (a check constraint): lets the (unit_id, received_at) bound help too
			and d.received_at < ${ts(period.to)}
			and d.completed_at >= ${ts(period.from)} and d.completed_at < ${ts(period.to)}
		group by d.unit_id`);
	return rows.map(decodeDossierRow);
}

/**
 * The same counts as `dossierCounts766Raw`, read from the rollups when the period is whole months
 * (the indices page's): handled and late from rollup_unit_day (completed, on_time), the dossiers
 * with a dissatisfied rating or a citizen's case from rollup_766_unit_month (db/sql/indices-rollups.sql).
 * Any other period is answered from the raw rows.
 */
export async function dossierCounts766(scope: Scope, period: Period): Promise<UnitDossierCounts766[]> {
	const months = wholeMonths(period);
	if (!months) return dossierCounts766Raw(scope, period);
	const rows = await reader().rows(sql`
		select u.id as unit_id, a.handled, coalesce(b.dissatisfied, 0) as dissatisfied, coalesce(b.petitioned, 0) as petitioned,
			a.late, a.late + coalesce(b.flagged_on_time, 0) as not_satisfied
		from units u
		join (
			select d.unit_id, sum(d.completed) as handled, sum(d.completed - d.on_time) as late from rollup_unit_day d
			where d.day >= ${months.from}::date and d.day < ${months.to}::date group by d.unit_id
		) a on a.unit_id = u.id
		left join (
			select m.unit_id, sum(m.dissatisfied) as dissatisfied, sum(m.petitioned) as petitioned, sum(m.flagged_on_time) as flagged_on_time
			from rollup_766_unit_month m
			where m.month >= ${months.from}::date and m.month < ${months.to}::date group by m.unit_id
		) b on b.unit_id = u.id
		where ${scopeCondition(sql`u.path`, scope)} and a.handled > 0`);
	return rows.map(decodeDossierRow);
}

// ---- citizens' cases closed ---------------------------------------------------------------------

const petitionRow = z.object({
	unit_id: z.coerce.number().int(),
	closed: count,
	closed_on_time: count,
	answered: count,
	satisfied: count
});

export interface UnitPetitionCounts766 {
	unitId: number;
	counts: PetitionCounts766;
}

function decodePetitionRow(r: unknown): UnitPetitionCounts766 {
	const p = petitionRow.parse(r);
	return { unitId: p.unit_id, counts: { closed: p.closed, closedOnTime: p.closed_on_time, answered: p.answered, satisfied: p.satisfied } };
}

/**
 * Per unit of the case, the citizens' cases closed (resolved or rejected) in the period, those
 * closed on or before their deadline, and the re-survey: the citizen's latest answer to the link
 * sent at closure (a 'note' event with data.resurvey), "resolved" counting as satisfied.
 */
export async function petitionCounts766(scope: Scope, period: Period): Promise<UnitPetitionCounts766[]> {
	const rows = await reader().rows(sql`
		select k.unit_id, count(*) as closed,
			count(*) filter (where k.closed_at <= k.due_at) as closed_on_time,
			count(a.answer) as answered,
			count(*) filter (where a.answer = 'resolved') as satisfied
		from complaints k
		join units u on u.id = k.unit_id
		left join lateral (
			select e.data ->> 'resurvey' as answer from complaint_events e
			where e.complaint_id = k.id and e.kind = 'note' and (e.data ->> 'resurvey') is not null
			order by e.at desc, e.id desc limit 1
		) a on true
		where ${scopeCondition(sql`u.path`, scope)} and ${citizenCaseFilter('k')}
			and k.status in ('resolved', 'rejected')
			and k.closed_at >= ${ts(period.from)} and k.closed_at < ${ts(period.to)}
		group by k.unit_id`);
	return rows.map(decodePetitionRow);
}

// ---- the page's figures -----------------------------------------------------------------------------

export interface Source766 {
	citation: string;
	confirmed: boolean;
}

export interface Report766<U extends { id: number } = { id: number }> {
	/** Units of the selection with a dossier handled or a case closed in the period, in the order given. */
	units: (U & { figures: Figures766 })[];
	/** The whole selection (the province when nothing narrower is chosen). */
	total: Figures766;
	settings: Settings766;
	/** The period's year (Vietnam time), whose NQ 76 target applies. */
	year: number;
	sources: Record<keyof typeof SOURCES_766, Source766>;
}

export function sources766(): Report766['sources'] {
	return Object.fromEntries(
		Object.entries(SOURCES_766).map(([k, id]) => [k, { citation: cite(id), confirmed: LEGAL_SOURCES[id].status === 'confirmed' }])
	) as Report766['sources'];
}

/** The 766 satisfaction component per unit of `units` (the scope's, in the order shown) and for the whole scope, over one period. */
export async function report766<U extends { id: number }>(scope: Scope, period: Period, units: readonly U[], settings: Settings766): Promise<Report766<U>> {
	const [dossiers, petitions] = await Promise.all([dossierCounts766(scope, period), petitionCounts766(scope, period)]);
	const year = Number(localDate(period.from).slice(0, 4));
	const d = new Map(dossiers.map((r) => [r.unitId, r.counts]));
	const p = new Map(petitions.map((r) => [r.unitId, r.counts]));
	const totalD = dossiers.reduce((t, r) => addCounts(t, r.counts), { ...EMPTY_DOSSIER_COUNTS });
	const totalP = petitions.reduce((t, r) => addCounts(t, r.counts), { ...EMPTY_PETITION_COUNTS });
	return {
		units: units
			.filter((u) => d.has(u.id) || p.has(u.id))
			.map((u) => ({
				...u,
				figures: figures766(d.get(u.id) ?? EMPTY_DOSSIER_COUNTS, p.get(u.id) ?? EMPTY_PETITION_COUNTS, settings, year)
			})),
		total: figures766(totalD, totalP, settings, year),
		settings,
		year,
		sources: sources766()
	};
}
