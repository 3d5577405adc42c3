/**
 * Read models of the indices and late-dossier pages: raw SQL through `reader().rows`, the same on
 * PGlite and PostgreSQL, one round trip per table. The point rules are those of late.ts written as
 * SQL (Thông tư 01/2018's are in tt01-queries.ts); queries.test.ts runs both on the same dossiers
 * and compares.
 *
 * Scope is a list of unit-path prefixes (a unit subtree each, from the guard) or null for
 * everything. Dossiers are read through the (unit_id, received_at) and (unit_id, due_at) indexes;
 * rating counts come from rollup_unit_day, SIPAS answers from rollup_answers_unit_month; other periods than whole months read ratings with answers raw, through
 * (unit_id, pressed_at).
 */
import { sql, type SQL } from 'drizzle-orm';
import { scopeCondition, type Scope } from '../scope';
import type { Period } from '../period';

export type { Scope };
import { localDate } from '../calendar/working-days';
import { reader } from '../db/replicas';
import { slipDeadlineDaySql, vietnamDateSql } from '../dossiers/apology';
import type { NoticeFilter } from './late';
import { wholeMonths } from './period';
import { MAIN_LEVEL, SIPAS_FACTORS, type FactorCount, type SipasFactor } from './satisfaction';
import type { SipasMapping } from './settings';
import { countedRating } from '../ratings/counted';
import { instant, instantOrNull, num, textOrNull, type DbNumber, type DbTime } from '../db/decode';

export type { Period };

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const inScope = (scope: Scope) => scopeCondition(sql`u.path`, scope);
const counted = countedRating();

// ---- Thông tư 01/2018: in tt01-queries.ts ------------------------------------------------------

export { tt01Tallies, type Tt01OfficerRow, type Tt01UnitRow } from './tt01-queries';

// ---- 766/QĐ-TTg satisfaction and on-time rate -------------------------------------------------

export interface SatisfactionRow {
	unitId: number;
	counted: number;
	satisfied: number;
}

/** Local-day bounds of a period for the rollups' `day` column: [from, to). */
const dayIn = (period: Period) => sql`d.day >= ${localDate(period.from)}::date and d.day < ${localDate(period.to)}::date`;

/**
 * Counted ratings per unit in the period, and those in a satisfied level: read from
 * rollup_unit_day (kept by triggers on ratings and exclusions, equal to the raw count by its own
 * property test), so a province-wide month is a few thousand rows at any data size.
 */
export async function satisfactionByUnit(scope: Scope, period: Period): Promise<SatisfactionRow[]> {
	const rows = await reader().rows<{ unit_id: DbNumber; counted: DbNumber; satisfied: DbNumber }>(sql`
		select d.unit_id, sum(d.ratings) as counted, sum(d.satisfied) as satisfied
		from rollup_unit_day d join units u on u.id = d.unit_id
		where ${inScope(scope)} and ${dayIn(period)}
		group by d.unit_id having sum(d.ratings) <> 0`);
	return rows.map((r) => ({ unitId: num(r.unit_id), counted: num(r.counted), satisfied: num(r.satisfied) }));
}

export interface MonthRow {
	month: string;
	counted: number;
	satisfied: number;
	completed: number;
	onTime: number;
}

/**
 * The whole scope month by month (Vietnam months) over [from, to): counted and satisfied ratings,
 * dossiers completed and completed on or before their due time (rollup_unit_day counts a dossier
 * on its completion day, as tt01Tallies does).
 */
export async function monthlyTrend(scope: Scope, period: Period): Promise<MonthRow[]> {
	const rows = await reader().rows<{ month: string; counted: DbNumber; satisfied: DbNumber; completed: DbNumber; on_time: DbNumber }>(sql`
		select to_char(d.day, 'YYYY-MM') as month, sum(d.ratings) as counted, sum(d.satisfied) as satisfied,
			sum(d.completed) as completed, sum(d.on_time) as on_time
		from rollup_unit_day d join units u on u.id = d.unit_id
		where ${inScope(scope)} and ${dayIn(period)}
		group by 1 order by 1`);
	return rows.map((r) => ({ month: r.month, counted: num(r.counted), satisfied: num(r.satisfied), completed: num(r.completed), onTime: num(r.on_time) }));
}

// ---- SIPAS -------------------------------------------------------------------------------------

export interface SipasUnitRow {
	unitId: number;
	counts: FactorCount[];
}

/**
 * Per unit and SIPAS factor asked through an extra question: counted ratings answering it, and
 * those answering in a satisfied level of the rating's scale (the tablet shows the scale's faces
 * for each question; any other value is ignored). Factors measured by the rating itself
 * (`@level`) are not read here: their counts are the satisfaction figures (satisfactionByUnit).
 * Read from rollup_answers_unit_month (db/sql/indices-rollups.sql) when the period is whole months,
 * from the raw ratings (only those with answers) otherwise. The mapping is read at query time, so
 * changing it in the settings applies to past months too.
 */
export async function sipasAnswersByUnit(scope: Scope, period: Period, mapping: SipasMapping): Promise<SipasUnitRow[]> {
	const months = wholeMonths(period);
	if (!months) return sipasAnswersByUnitRaw(scope, period, mapping);
	const factors = askedFactors(mapping);
	if (!factors) return [];
	const rows = await reader().rows<SipasRow>(sql`
		select a.unit_id, f.factor, sum(a.answers) as answers, coalesce(sum(a.answers) filter (where l.class = 'satisfied'), 0) as satisfied
		from rollup_answers_unit_month a
		join units u on u.id = a.unit_id
		join (values ${factors}) f(factor, key) on f.key = a.key
		join rating_scale_levels l on l.scale_id = a.scale_id and l.level = a.level
		where ${inScope(scope)} and a.month >= ${months.from}::date and a.month < ${months.to}::date
		group by a.unit_id, f.factor
		having sum(a.answers) > 0`);
	return decodeSipasRows(rows);
}

/** The factors asked as questions, as SQL `(factor, question key)` pairs; null when none is. */
function askedFactors(mapping: SipasMapping): SQL | null {
	const asked = SIPAS_FACTORS.filter((f) => mapping[f] !== null && mapping[f] !== MAIN_LEVEL);
	if (asked.length === 0) return null;
	return sql.join(
		asked.map((f) => sql`(${f}::text, ${mapping[f]}::text)`),
		sql`, `
	);
}

/** The same answers from the raw ratings, whatever the period: the rollup's definition (rollups.test.ts compares) and the benchmark's naive figure. */
export async function sipasAnswersByUnitRaw(scope: Scope, period: Period, mapping: SipasMapping): Promise<SipasUnitRow[]> {
	const factors = askedFactors(mapping);
	if (!factors) return [];
	const rows = await reader().rows<SipasRow>(sql`
		select r.unit_id, f.factor, count(*) as answers, count(*) filter (where l.class = 'satisfied') as satisfied
		from ratings r
		join units u on u.id = r.unit_id
		cross join lateral (values ${factors}) f(factor, key)
		join rating_scale_levels l on l.scale_id = r.scale_id
			and l.level = (case when (r.answers ->> f.key) ~ '^[1-5]$' then (r.answers ->> f.key)::int end)
		where ${inScope(scope)} and r.pressed_at >= ${ts(period.from)} and r.pressed_at < ${ts(period.to)}
			and r.answers is not null and ${counted}
		group by r.unit_id, f.factor`);
	return decodeSipasRows(rows);
}

type SipasRow = { unit_id: DbNumber; factor: SipasFactor; answers: DbNumber; satisfied: DbNumber };

function decodeSipasRows(rows: SipasRow[]): SipasUnitRow[] {
	const byUnit = new Map<number, FactorCount[]>();
	for (const r of rows) {
		const unitId = num(r.unit_id);
		const list = byUnit.get(unitId) ?? [];
		list.push({ factor: r.factor, answers: num(r.answers), satisfied: num(r.satisfied) });
		byUnit.set(unitId, list);
	}
	return [...byUnit].map(([unitId, counts]) => ({ unitId, counts }));
}

// ---- late dossiers -----------------------------------------------------------------------------

export interface LateQuery {
	scope: Scope;
	/** Dossiers due in [from, to). */
	period: Period;
	asOf: Date;
	notice: NoticeFilter;
	limit: number;
	offset: number;
}

export interface LateCounts {
	late: number;
	withoutApology: number;
	withoutExplanation: number;
	complete: number;
}

export interface LateRow {
	id: number;
	code: string;
	unitId: number;
	unitVi: string;
	unitEn: string | null;
	procedureVi: string;
	procedureEn: string | null;
	status: string;
	receivedAt: Date;
	dueAt: Date;
	completedAt: Date | null;
	returnedAt: Date | null;
	officer: { id: number; fullName: string; staffNumber: string } | null;
	/** The first Phiếu xin lỗi và hẹn lại ngày trả kết quả, and how many the dossier has (more than one: re-appointed twice). */
	apology: { number: string | null; issuedAt: Date; newDueAt: Date | null; slips: number } | null;
	explanation: { number: string | null; issuedAt: Date } | null;
}

/**
 * Late dossiers due in the period (completed after the due time, or still open past it; never
 * withdrawn or rejected ones), each with its earliest apology letter and written explanation.
 */
function lateSet(q: Pick<LateQuery, 'scope' | 'period' | 'asOf'>): SQL {
	return sql`
		late as (
			select d.id, d.code, d.unit_id, d.procedure_id, d.status, d.received_at, d.due_at, d.completed_at, d.returned_at,
				d.receiving_officer_id, u.name_vi as unit_vi, u.name_en as unit_en,
				(select min(n.issued_at) from dossier_late_notices n where n.dossier_id = d.id and n.kind = 'apology') as apology_at,
				(select count(*) from dossier_late_notices n where n.dossier_id = d.id and n.kind = 'apology') as apology_slips,
				${slipDeadlineDaySql(sql`d.due_at`)} as slip_deadline_day,
				(select min(n.issued_at) from dossier_late_notices n where n.dossier_id = d.id and n.kind = 'explanation') as explanation_at
			from dossiers d join units u on u.id = d.unit_id
			where ${inScope(q.scope)} and d.due_at >= ${ts(q.period.from)} and d.due_at < ${ts(q.period.to)}
				and (d.completed_at > d.due_at
					or (d.completed_at is null and d.status not in ('withdrawn', 'rejected') and d.due_at < ${ts(q.asOf)}))
		)`;
}

/** No Phiếu xin lỗi issued in time (dossiers/apology.ts, the same rule in TS). */
const APOLOGY_ON_TIME = sql`(apology_at is not null and slip_deadline_day is not null and ${vietnamDateSql(sql`apology_at`)} <= slip_deadline_day)`;
const WITHOUT_APOLOGY = sql`(not ${APOLOGY_ON_TIME})`;
const NOTICE_CONDITION: Record<NoticeFilter, SQL> = {
	all: sql`true`,
	without_apology: WITHOUT_APOLOGY,
	without_explanation: sql`explanation_at is null`,
	complete: sql`(${APOLOGY_ON_TIME} and explanation_at is not null)`
};

export async function lateCounts(q: Pick<LateQuery, 'scope' | 'period' | 'asOf'>): Promise<LateCounts> {
	const [row] = await reader().rows<Record<'late' | 'without_apology' | 'without_explanation' | 'complete', DbNumber>>(sql`
		with ${lateSet(q)}
		select count(*) as late,
			count(*) filter (where ${WITHOUT_APOLOGY}) as without_apology,
			count(*) filter (where ${NOTICE_CONDITION.without_explanation}) as without_explanation,
			count(*) filter (where ${NOTICE_CONDITION.complete}) as complete
		from late`);
	return {
		late: num(row?.late),
		withoutApology: num(row?.without_apology),
		withoutExplanation: num(row?.without_explanation),
		complete: num(row?.complete)
	};
}


export async function lateDossiers(q: LateQuery): Promise<LateRow[]> {
	const rows = await reader().rows<{
		id: DbNumber;
		code: string;
		unit_id: DbNumber;
		status: string;
		received_at: DbTime;
		due_at: DbTime;
		completed_at: DbTime | null;
		returned_at: DbTime | null;
		receiving_officer_id: DbNumber | null;
		unit_vi: string;
		unit_en: string | null;
		apology_at: DbTime | null;
		apology_slips: DbNumber;
		explanation_at: DbTime | null;
		procedure_vi: string;
		procedure_en: string | null;
		full_name: string | null;
		staff_number: string | null;
		apology_number: string | null;
		new_due_at: DbTime | null;
		explanation_number: string | null;
	}>(sql`
		with ${lateSet(q)}
		select l.*, p.name_vi as procedure_vi, p.name_en as procedure_en,
			o.full_name, o.staff_number,
			a.document_number as apology_number, a.new_due_at,
			e.document_number as explanation_number
		from late l
		join procedures p on p.id = l.procedure_id
		left join officers o on o.id = l.receiving_officer_id
		left join lateral (select n.document_number, n.new_due_at from dossier_late_notices n
			where n.dossier_id = l.id and n.kind = 'apology' order by n.issued_at, n.id limit 1) a on true
		left join lateral (select n.document_number from dossier_late_notices n
			where n.dossier_id = l.id and n.kind = 'explanation' order by n.issued_at, n.id limit 1) e on true
		where ${NOTICE_CONDITION[q.notice]}
		order by l.due_at, l.id
		limit ${q.limit} offset ${q.offset}`);
	return rows.map((r) => ({
		id: num(r.id),
		code: r.code,
		unitId: num(r.unit_id),
		unitVi: r.unit_vi,
		unitEn: textOrNull(r.unit_en),
		procedureVi: r.procedure_vi,
		procedureEn: textOrNull(r.procedure_en),
		status: r.status,
		receivedAt: instant(r.received_at),
		dueAt: instant(r.due_at),
		completedAt: instantOrNull(r.completed_at),
		returnedAt: instantOrNull(r.returned_at),
		officer: r.receiving_officer_id === null ? null : { id: num(r.receiving_officer_id), fullName: String(r.full_name), staffNumber: String(r.staff_number) },
		apology:
			r.apology_at === null
				? null
				: { number: textOrNull(r.apology_number), issuedAt: instant(r.apology_at), newDueAt: instantOrNull(r.new_due_at), slips: num(r.apology_slips) },
		explanation: r.explanation_at === null ? null : { number: textOrNull(r.explanation_number), issuedAt: instant(r.explanation_at) }
	}));
}
