/**
 * Read and write models of Thông tư 01/2018 (rules in tt01.ts, written here as SQL; the tests run
 * both on the same dossiers and compare). Raw SQL through `reader().rows`, the same on PGlite and
 * PostgreSQL; every query has one decoder turning its rows into typed values.
 *
 * Scope is a list of unit-path prefixes (a unit subtree each, from the guard) or null for
 * everything. Dossiers are read through the (unit_id, received_at) index; complaints are a small
 * table read from its own side.
 */
import { citizenCaseFilter } from '../complaints/regimes';
import { sql, type SQL } from 'drizzle-orm';
import { scopeCondition, type Scope } from '../scope';
import type { Period } from '../period';

export type { Scope };
import { audit, type AuditActor } from '../audit';
import { database } from '../db';
import { reader } from '../db/replicas';
import { instantOrNull, num, numOrNull, type DbNumber, type DbTime } from '../db/decode';
import { monthOf, wholeMonths } from './period';
import { OFFICER_INDICATORS, TT01_INDICATORS, UNIT_INDICATORS, type Indicator, type IndicatorTally, type Points, type UnitIndicator, type UnitScore } from './tt01';

export type { Period };

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const inScope = (scope: Scope, column = sql`u.path`) => scopeCondition(column, scope);

// ---- decoding ----------------------------------------------------------------------------------

/** A stored score: 0, 1 or 2, or NULL (not scored); anything else is a broken row. */
const points = (v: DbNumber | null, what: string): Points | null => {
	const n = numOrNull(v);
	if (n !== null && n !== 0 && n !== 1 && n !== 2) throw new Error(`tt01 query: ${what} is not 0, 1 or 2 (${n})`);
	return n;
};

// ---- per-dossier indicators ------------------------------------------------------------------

/** Dossiers of the scope whose result was completed in the period. */
function completedIn(scope: Scope, period: Period): SQL {
	// completed_at ≥ received_at (a check constraint): `received_at < to` is implied and lets the
	// (unit_id, received_at) index bound the scan.
	return sql`${inScope(scope)} and d.received_at < ${ts(period.to)}
		and d.completed_at >= ${ts(period.from)} and d.completed_at < ${ts(period.to)}`;
}

const P1 = sql`case when d.completed_at > d.due_at then 0
	when hl_local(d.completed_at)::date = hl_local(d.due_at)::date then 1 else 2 end`;

/** An upheld complaint about conduct: the automatic late-dossier case is about timing. */
const UPHELD_CONDUCT = sql`k.status = 'resolved' and k.outcome in ('upheld', 'partly_upheld') and ${citizenCaseFilter('k')}`;

/**
 * One row per dossier completed in the period with its per-dossier indicators p1…p9 (NULL = no
 * data; p5 and p8 are unit-level, always NULL here), as if it had no upheld complaint: p7 = p1.
 * Upheld complaints concern few dossiers; their effect on 7 is applied from `upheldConduct`.
 */
function dossierPoints(scope: Scope, period: Period): SQL {
	return sql`
		s as materialized (
			select d.unit_id, d.receiving_officer_id, d.returning_officer_id,
				p1,
				case when d.agencies_count = 1 then p1 end as p2,
				case when d.extra_visits is null then null when d.extra_visits = 0 then 2 when d.extra_visits = 1 then 1 else 0 end as p3,
				case when d.agencies_count is null then null when d.agencies_count <= 1 then 2 when d.agencies_count = 2 then 1 else 0 end as p4,
				null::int as p5,
				-- a NULL fact (not known) makes the sum NULL: no data, as in tt01.ts
				p.posted_at_desk::int + p.published_online::int as p6,
				p1 as p7,
				null::int as p8,
				-- the procedure's online provision, whatever channel this dossier came by
				case when p.online_level >= 2 then 2 when p.online_level = 1 then 1 when p.online_level = 0 then 0 end as p9
			from dossiers d
			join units u on u.id = d.unit_id
			join procedures p on p.id = d.procedure_id
			cross join lateral (select ${P1} as p1) x
			where ${completedIn(scope, period)}
		)`;
}

const TALLY_COLUMNS = sql.raw(TT01_INDICATORS.map((i) => `count(p${i}) as n${i}, coalesce(sum(p${i}), 0) as s${i}`).join(', '));
/** An officer's tallies: the indicators of an officer's grid (OFFICER_INDICATORS); the others are the unit's, empty here. */
const OFFICER_TALLY_COLUMNS = sql.raw(
	TT01_INDICATORS.map((i) =>
		(OFFICER_INDICATORS as readonly number[]).includes(i) ? `count(p${i}) as n${i}, coalesce(sum(p${i}), 0) as s${i}` : `0 as n${i}, 0 as s${i}`
	).join(', ')
);

export interface Tt01UnitRow {
	unitId: number;
	/** Dossiers completed in the period. */
	dossiers: number;
	/** Of which completed on or before the due time (indicator 1 ≥ 1). */
	onTime: number;
	/** Indicators 1…9 (5 and 8 empty: unit-level). */
	tallies: IndicatorTally[];
}

export interface Tt01OfficerRow {
	officerId: number;
	fullName: string;
	staffNumber: string;
	dossiers: number;
	/** Indicators 1…9 (an officer's grid reads 1, 2, 3, 4 and 7). */
	tallies: IndicatorTally[];
}

interface TallyRow {
	kind: 'unit' | 'officer';
	id: number;
	dossiers: number;
	onTime: number;
	fullName: string | null;
	staffNumber: string | null;
	tallies: IndicatorTally[];
}

/** A row of the tally queries: a unit's or an officer's counts n1…n9 and sums s1…s9. */
type RawTallyRow = {
	kind: 'unit' | 'officer';
	id: DbNumber;
	dossiers: DbNumber;
	on_time: DbNumber;
	full_name: string | null;
	staff_number: string | null;
} & Record<`n${Indicator}` | `s${Indicator}`, DbNumber>;

function decodeTallyRow(r: RawTallyRow): TallyRow {
	return {
		kind: r.kind,
		id: num(r.id),
		dossiers: num(r.dossiers),
		onTime: num(r.on_time),
		fullName: r.full_name,
		staffNumber: r.staff_number,
		tallies: TT01_INDICATORS.map((i) => ({ n: num(r[`n${i}`]), sum: num(r[`s${i}`]) }))
	};
}

/** A dossier completed in the period with an upheld conduct complaint: what indicator 7 needs. */
interface UpheldConduct {
	unitId: number;
	p1: Points;
	/** The dossier's receiving and returning officers that an upheld complaint names. */
	namedOfficers: number[];
}

type UpheldRow = { unit_id: DbNumber; receiving_officer_id: DbNumber | null; returning_officer_id: DbNumber | null; p1: DbNumber; named: string | null };

function decodeUpheld(r: UpheldRow): UpheldConduct {
	const officers = [numOrNull(r.receiving_officer_id), numOrNull(r.returning_officer_id)];
	const named = new Set(
		(r.named ?? '')
			.split(',')
			.filter(Boolean)
			.map(Number)
	);
	return {
		unitId: num(r.unit_id),
		p1: points(r.p1, 'p1') ?? 0,
		namedOfficers: [...new Set(officers.filter((o): o is number => o !== null && named.has(o)))]
	};
}

/** Read from the complaints side (a small table), each dossier found by its primary key. */
async function upheldConduct(scope: Scope, period: Period): Promise<UpheldConduct[]> {
	const rows = await reader().rows<UpheldRow>(sql`
		select d.unit_id, d.receiving_officer_id, d.returning_officer_id, ${P1} as p1,
			string_agg(distinct k.officer_id::text, ',') as named
		from complaints k
		join dossiers d on d.id = k.dossier_id
		join units u on u.id = d.unit_id
		where ${UPHELD_CONDUCT} and ${completedIn(scope, period)}
		group by d.id`);
	return rows.map(decodeUpheld);
}

/**
 * The per-dossier tallies per unit (its own dossiers, not its subtree's) and per officer who
 * received or returned the dossiers (a dossier counts once per officer), from one scan of the
 * dossiers; then indicator 7 set to 0 for the dossiers with an upheld conduct complaint — in the
 * unit's tally always, in an officer's only when the complaint names that officer (tt01.ts).
 */
export async function tt01Tallies(scope: Scope, period: Period): Promise<{ units: Tt01UnitRow[]; officers: Tt01OfficerRow[] }> {
	const months = wholeMonths(period);
	return withUpheld(await Promise.all([months ? tallyRowsFromRollups(scope, months) : tallyRowsRaw(scope, period), upheldConduct(scope, period)]));
}

/** The same tallies from the raw rows, whatever the period: the rollups' definition (rollups.test.ts compares) and the benchmark's naive figure. */
export async function tt01TalliesRaw(scope: Scope, period: Period): Promise<{ units: Tt01UnitRow[]; officers: Tt01OfficerRow[] }> {
	return withUpheld(await Promise.all([tallyRowsRaw(scope, period), upheldConduct(scope, period)]));
}

/**
 * Whole months from rollup_tt01_unit_month and rollup_tt01_officer_month (db/sql/indices-rollups.sql):
 * indicators 1–4 summed as stored, 7 = 1 before upheld complaints, 6 and 9 from each procedure's
 * facts of today times its dossiers (as the raw query reads them).
 */
async function tallyRowsFromRollups(scope: Scope, months: { from: string; to: string }): Promise<RawTallyRow[]> {
	const inMonths = sql`t.month >= ${months.from}::date and t.month < ${months.to}::date`;
	const stored = sql.raw('sum(t.n1) as n1, sum(t.s1) as s1, sum(t.n2) as n2, sum(t.s2) as s2, sum(t.n3) as n3, sum(t.s3) as s3, sum(t.n4) as n4, sum(t.s4) as s4');
	return reader().rows<RawTallyRow>(sql`
		with by_unit as (
			select 'unit' as kind, t.unit_id as id, sum(t.dossiers) as dossiers, sum(t.on_time) as on_time, ${stored},
				0 as n5, 0 as s5,
				coalesce(sum(t.dossiers) filter (where p.posted_at_desk is not null and p.published_online is not null), 0) as n6,
				coalesce(sum(t.dossiers * (p.posted_at_desk::int + p.published_online::int)), 0) as s6,
				sum(t.n1) as n7, sum(t.s1) as s7, 0 as n8, 0 as s8,
				coalesce(sum(t.dossiers) filter (where p.online_level >= 0), 0) as n9,
				coalesce(sum(t.dossiers * (case when p.online_level >= 2 then 2 when p.online_level = 1 then 1 when p.online_level = 0 then 0 end)), 0) as s9
			from rollup_tt01_unit_month t
			join units u on u.id = t.unit_id
			join procedures p on p.id = t.procedure_id
			where ${inScope(scope)} and ${inMonths}
			group by t.unit_id having sum(t.dossiers) > 0
		), by_officer as (
			select 'officer' as kind, t.officer_id as id, sum(t.dossiers) as dossiers, sum(t.on_time) as on_time, ${stored},
				0 as n5, 0 as s5, 0 as n6, 0 as s6, sum(t.n1) as n7, sum(t.s1) as s7, 0 as n8, 0 as s8, 0 as n9, 0 as s9
			from rollup_tt01_officer_month t
			join units u on u.id = t.unit_id
			where ${inScope(scope)} and ${inMonths}
			group by t.officer_id having sum(t.dossiers) > 0
		)
		select a.*, null as full_name, null as staff_number from by_unit a
		union all
		select a.*, o.full_name, o.staff_number from by_officer a join officers o on o.id = a.id
		order by kind desc, full_name, staff_number, id`);
}

async function tallyRowsRaw(scope: Scope, period: Period): Promise<RawTallyRow[]> {
	return reader().rows<RawTallyRow>(sql`
		with ${dossierPoints(scope, period)}, by_unit as (
			select 'unit' as kind, unit_id as id, count(*) as dossiers, count(*) filter (where p1 >= 1) as on_time, ${TALLY_COLUMNS}
			from s group by unit_id
		), by_officer as (
			select 'officer' as kind, officer_id as id, count(*) as dossiers, count(*) filter (where p1 >= 1) as on_time, ${OFFICER_TALLY_COLUMNS}
			from (
				select receiving_officer_id as officer_id, s.* from s where receiving_officer_id is not null
				union all
				select returning_officer_id, s.* from s
				where returning_officer_id is not null and returning_officer_id is distinct from receiving_officer_id
			) o
			group by officer_id
		)
		select a.*, null as full_name, null as staff_number from by_unit a
		union all
		select a.*, o.full_name, o.staff_number from by_officer a join officers o on o.id = a.id
		order by kind desc, full_name, staff_number, id`);
}

function withUpheld([rows, upheld]: [RawTallyRow[], UpheldConduct[]]): { units: Tt01UnitRow[]; officers: Tt01OfficerRow[] } {
	const units = new Map<number, Tt01UnitRow>();
	const officers = new Map<number, Tt01OfficerRow>();
	for (const r of rows.map(decodeTallyRow)) {
		if (r.kind === 'unit') units.set(r.id, { unitId: r.id, dossiers: r.dossiers, onTime: r.onTime, tallies: r.tallies });
		else officers.set(r.id, { officerId: r.id, fullName: r.fullName ?? '', staffNumber: r.staffNumber ?? '', dossiers: r.dossiers, tallies: r.tallies });
	}
	for (const c of upheld) {
		// p7 was counted as p1: it is 0
		const unit = units.get(c.unitId);
		if (unit) unit.tallies[6].sum -= c.p1;
		for (const id of c.namedOfficers) {
			const o = officers.get(id);
			if (o) o.tallies[6].sum -= c.p1;
		}
	}
	return { units: [...units.values()], officers: [...officers.values()] };
}

// ---- unit-level indicators (5 and 8) -----------------------------------------------------------

export interface Quarter {
	year: number;
	quarter: 1 | 2 | 3 | 4;
}

/** The quarter as a period of Vietnam time: [first instant of its first month, of the next quarter). */
export function quarterPeriod(q: Quarter): Period {
	const first = monthOf(`${q.year}-${String(q.quarter * 3 - 2).padStart(2, '0')}`)!;
	const last = monthOf(`${q.year}-${String(q.quarter * 3).padStart(2, '0')}`)!;
	return { from: first.from, to: last.to };
}

export interface UnitScoreRow extends UnitScore {
	unitId: number;
	selfNote: string | null;
	selfBy: string | null;
	selfAt: Date | null;
	verifiedNote: string | null;
	verifiedBy: string | null;
	verifiedAt: Date | null;
}

type UnitScoreDbRow = {
	unit_id: DbNumber;
	indicator: DbNumber;
	self_score: DbNumber | null;
	self_note: string | null;
	self_at: DbTime | null;
	self_by: string | null;
	verified_score: DbNumber | null;
	verified_note: string | null;
	verified_at: DbTime | null;
	verified_by: string | null;
};

function decodeUnitScore(r: UnitScoreDbRow): UnitScoreRow {
	const indicator = num(r.indicator);
	if (!(UNIT_INDICATORS as readonly number[]).includes(indicator)) throw new Error(`tt01 query: indicator ${indicator} is not unit-level`);
	return {
		unitId: num(r.unit_id),
		indicator: indicator as UnitIndicator,
		self: points(r.self_score, 'self_score'),
		selfNote: r.self_note,
		selfBy: r.self_by,
		selfAt: instantOrNull(r.self_at),
		verified: points(r.verified_score, 'verified_score'),
		verifiedNote: r.verified_note,
		verifiedBy: r.verified_by,
		verifiedAt: instantOrNull(r.verified_at)
	};
}

/** The self and verified scores of the units in scope for one quarter (a few rows per unit). */
export async function unitScores(scope: Scope, q: Quarter): Promise<UnitScoreRow[]> {
	const rows = await reader().rows<UnitScoreDbRow>(sql`
		select s.unit_id, s.indicator, s.self_score, s.self_note, s.self_at, su.display_name as self_by,
			s.verified_score, s.verified_note, s.verified_at, vu.display_name as verified_by
		from tt01_unit_scores s
		join units u on u.id = s.unit_id
		left join users su on su.id = s.self_by
		left join users vu on vu.id = s.verified_by
		where ${inScope(scope)} and s.year = ${q.year} and s.quarter = ${q.quarter}
		order by s.unit_id, s.indicator`);
	return rows.map(decodeUnitScore);
}

export interface PetitionEvidence {
	unitId: number;
	/** Petitions received by the unit in the quarter (the automatic late-dossier case excluded). */
	petitions: number;
	/** Of which closed by their due time, or still open and not yet due. */
	onTime: number;
}

/**
 * What the unit's petitions of the quarter show for indicator 8: shown beside the self-score as
 * evidence, never scored by itself (the indicator is about answering petitions, which a count of
 * deadlines only partly shows). A petition belongs to the quarter it was received in.
 */
export async function petitionEvidence(scope: Scope, q: Quarter, asOf: Date): Promise<PetitionEvidence[]> {
	const period = quarterPeriod(q);
	const rows = await reader().rows<{ unit_id: DbNumber; petitions: DbNumber; on_time: DbNumber }>(sql`
		select k.unit_id, count(*) as petitions,
			count(*) filter (where (k.closed_at is not null and k.closed_at <= k.due_at) or (k.closed_at is null and k.due_at > ${ts(asOf)})) as on_time
		from complaints k
		join units u on u.id = k.unit_id
		where ${inScope(scope)} and ${citizenCaseFilter('k')}
			and k.received_at >= ${ts(period.from)} and k.received_at < ${ts(period.to)}
		group by k.unit_id`);
	return rows.map((r) => ({ unitId: num(r.unit_id), petitions: num(r.petitions), onTime: num(r.on_time) }));
}

export type ScoreKind = 'self' | 'verified';

export interface SaveUnitScore extends Quarter {
	unitId: number;
	indicator: UnitIndicator;
	kind: ScoreKind;
	score: Points;
	note: string | null;
}

/**
 * Records a unit's self-score or the verified score of one unit-level indicator for a quarter
 * (the other one is left as it is), and audits the change with the value it replaced. The
 * caller has checked the user may (route guard).
 */
export async function saveUnitScore(input: SaveUnitScore, actor: AuditActor & { userId: number }): Promise<void> {
	const key = sql`unit_id = ${input.unitId} and year = ${input.year} and quarter = ${input.quarter} and indicator = ${input.indicator}`;
	const [before] = await database.rows<{ self_score: DbNumber | null; verified_score: DbNumber | null }>(sql`select self_score, verified_score from tt01_unit_scores where ${key}`);
	const previous = before ? points(input.kind === 'self' ? before.self_score : before.verified_score, 'previous score') : null;
	const cols =
		input.kind === 'self'
			? { score: sql`self_score`, note: sql`self_note`, by: sql`self_by`, at: sql`self_at` }
			: { score: sql`verified_score`, note: sql`verified_note`, by: sql`verified_by`, at: sql`verified_at` };
	await database.rows(sql`
		insert into tt01_unit_scores (unit_id, year, quarter, indicator, ${cols.score}, ${cols.note}, ${cols.by}, ${cols.at})
		values (${input.unitId}, ${input.year}, ${input.quarter}, ${input.indicator}, ${input.score}, ${input.note}, ${actor.userId}, now())
		on conflict (unit_id, year, quarter, indicator) do update
			set ${cols.score} = excluded.${cols.score}, ${cols.note} = excluded.${cols.note}, ${cols.by} = excluded.${cols.by}, ${cols.at} = excluded.${cols.at}`);
	await audit(actor, `indices.tt01.${input.kind === 'self' ? 'self_score' : 'verify_score'}`, { type: 'unit', id: input.unitId }, {
		year: input.year,
		quarter: input.quarter,
		indicator: input.indicator,
		from: previous,
		to: input.score,
		note: input.note
	});
}
