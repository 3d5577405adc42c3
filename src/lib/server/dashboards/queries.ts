import { sql, type SQL } from 'drizzle-orm';
import { citizenCaseFilter } from '../complaints/regimes';
import { scopeCondition, type Scope } from '../scope';

export type { Scope };
import { addDays, localDate } from '../calendar';
import { reader } from '../db/replicas';
import type { Period, PeriodChoice } from './period';
import { addMonths } from '../period';
import { bool, iso, isoOrNull, num, numOrNull, textOrNull, type DbBool, type DbNumber, type DbTime } from '../db/decode';
import { countedRating } from '../ratings/counted';
import { predecessorRows, type Predecessor } from '../units/history';

/**
 * Read models of the dashboards. Everything counted comes from the rollups (schema/rollups.ts),
 * so a page reads thousands of rows at any data size; only an officer's own breakdowns by reason,
 * procedure and hour read raw ratings, through the (officer_id, pressed_at) index.
 */

export type Choice = Pick<PeriodChoice, 'from' | 'to' | 'period' | 'previous'>;

const n = num;
/** The rollups' five counts as a query returns them (NULL when a left join found nothing). */
type CountRow = { services: DbNumber | null; ratings: DbNumber | null; satisfied: DbNumber | null; neutral: DbNumber | null; dissatisfied: DbNumber | null };
const counts = (r: Partial<CountRow>): Counts => ({
	services: n(r.services),
	ratings: n(r.ratings),
	satisfied: n(r.satisfied),
	neutral: n(r.neutral),
	dissatisfied: n(r.dissatisfied)
});
/**
 * Rollup rows of the units in scope, and, with the history toggle, of the scope's predecessors
 * before their merge day (units/history.ts). `u` is the joined unit, `d` the rollup row.
 */
const inScopeOrHistory = (scope: Scope, predecessors: readonly Predecessor[], d = sql.raw('d')) =>
	predecessors.length === 0
		? scopeCondition(sql`u.path`, scope)
		: sql`(${scopeCondition(sql`u.path`, scope)} or ${predecessorRows(sql`${d}.unit_id`, sql`${d}.day`, predecessors)})`;
/** Local-day bounds of a period for the rollups' `day` column: [from, to). */
const days = (p: Period) => ({ from: localDate(p.from), to: localDate(p.to) });
const dayIn = (col: SQL, p: Period) => {
	const d = days(p);
	return sql`(${col} >= ${d.from}::date and ${col} < ${d.to}::date)`;
};
const counted = countedRating();
const tsIn = (col: SQL, p: Period) => sql`(${col} >= ${p.from.toISOString()}::timestamptz and ${col} < ${p.to.toISOString()}::timestamptz)`;

export type Counts = { services: number; ratings: number; satisfied: number; neutral: number; dissatisfied: number };

export const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/* ---------------------------------------------------------------- officers of a unit subtree */

export type OfficerFigures = Counts & {
	id: number;
	fullName: string;
	staffNumber: string;
	/** The current posting inside the subtree, if any (an officer who left still shows their figures). */
	positionVi: string | null;
	positionEn: string | null;
	unitId: number | null;
	unitNameVi: string | null;
	unitNameEn: string | null;
	prevRatings: number;
	prevSatisfied: number;
	openComplaints: number;
};

/**
 * Officers with figures in the subtree during the period or its predecessor, and officers posted
 * there now (so an officer with no rating yet still shows, with zeros). With `predecessors`, also
 * their figures in the units that merged into the subtree, before the merge.
 */
type OfficerFiguresRow = CountRow & {
	id: DbNumber;
	full_name: string;
	staff_number: string;
	position_vi: string | null;
	position_en: string | null;
	unit_id: DbNumber | null;
	name_vi: string | null;
	name_en: string | null;
	prev_ratings: DbNumber | null;
	prev_satisfied: DbNumber | null;
	open_complaints: DbNumber;
};

export async function subtreeOfficers(unitPath: string, choice: Choice, predecessors: readonly Predecessor[] = []): Promise<OfficerFigures[]> {
	const scope = [unitPath];
	const rows = await reader().rows<OfficerFiguresRow>(sql`
		with figures as (
			select d.officer_id,
				sum(d.services) filter (where ${dayIn(sql`d.day`, choice.period)}) as services,
				sum(d.ratings) filter (where ${dayIn(sql`d.day`, choice.period)}) as ratings,
				sum(d.satisfied) filter (where ${dayIn(sql`d.day`, choice.period)}) as satisfied,
				sum(d.neutral) filter (where ${dayIn(sql`d.day`, choice.period)}) as neutral,
				sum(d.dissatisfied) filter (where ${dayIn(sql`d.day`, choice.period)}) as dissatisfied,
				sum(d.ratings) filter (where ${dayIn(sql`d.day`, choice.previous)}) as prev_ratings,
				sum(d.satisfied) filter (where ${dayIn(sql`d.day`, choice.previous)}) as prev_satisfied
			from rollup_officer_day d join units u on u.id = d.unit_id
			where ${inScopeOrHistory(scope, predecessors)} and d.day >= ${days(choice.previous).from}::date and d.day < ${days(choice.period).to}::date
			group by d.officer_id
		),
		postings as (
			select distinct on (a.officer_id) a.officer_id, a.position_vi, a.position_en, u.id as unit_id, u.name_vi, u.name_en
			from officer_assignments a join units u on u.id = a.unit_id
			where a.ended_at is null and ${scopeCondition(sql`u.path`, scope)}
			order by a.officer_id, a.started_at desc
		),
		people as (select officer_id from figures union select officer_id from postings)
		select o.id, o.full_name, o.staff_number, p.position_vi, p.position_en, p.unit_id, p.name_vi, p.name_en,
			f.services, f.ratings, f.satisfied, f.neutral, f.dissatisfied, f.prev_ratings, f.prev_satisfied,
			(select count(*) from complaints c join units cu on cu.id = c.unit_id
				where c.officer_id = o.id and c.status not in ('resolved', 'rejected') and ${citizenCaseFilter('c')} and ${scopeCondition(sql`cu.path`, scope)}) as open_complaints
		from people
		join officers o on o.id = people.officer_id
		left join figures f on f.officer_id = o.id
		left join postings p on p.officer_id = o.id
		order by o.full_name, o.id`);
	return rows.map((r) => ({
		id: n(r.id),
		fullName: r.full_name,
		staffNumber: r.staff_number,
		positionVi: textOrNull(r.position_vi),
		positionEn: textOrNull(r.position_en),
		unitId: numOrNull(r.unit_id),
		unitNameVi: textOrNull(r.name_vi),
		unitNameEn: textOrNull(r.name_en),
		...counts(r),
		prevRatings: n(r.prev_ratings),
		prevSatisfied: n(r.prev_satisfied),
		openComplaints: n(r.open_complaints)
	}));
}

/* ---------------------------------------------------------------- units, months, hours */

export type UnitFigures = Counts & {
	id: number;
	parentId: number | null;
	code: string;
	nameVi: string;
	nameEn: string | null;
	level: string;
	path: string;
	received: number;
	completed: number;
	onTime: number;
	prevRatings: number;
	prevSatisfied: number;
	prevServices: number;
	prevCompleted: number;
	prevOnTime: number;
};

/** Every unit in scope with its own figures (not its children's) for the period and the one before. */
type DossierCountRow = { received: DbNumber | null; completed: DbNumber | null; on_time: DbNumber | null };
const dossierCounts = (r: Partial<DossierCountRow>) => ({ received: n(r.received), completed: n(r.completed), onTime: n(r.on_time) });
type UnitFiguresRow = CountRow &
	DossierCountRow & {
		id: DbNumber;
		parent_id: DbNumber | null;
		code: string;
		name_vi: string;
		name_en: string | null;
		level: string;
		path: string;
		prev_ratings: DbNumber | null;
		prev_satisfied: DbNumber | null;
		prev_services: DbNumber | null;
		prev_completed: DbNumber | null;
		prev_on_time: DbNumber | null;
	};

export async function unitFigures(scope: Scope, choice: Choice): Promise<UnitFigures[]> {
	const cur = dayIn(sql`d.day`, choice.period);
	const prev = dayIn(sql`d.day`, choice.previous);
	const rows = await reader().rows<UnitFiguresRow>(sql`
		with figures as (
			select d.unit_id,
				sum(d.services) filter (where ${cur}) as services,
				sum(d.ratings) filter (where ${cur}) as ratings,
				sum(d.satisfied) filter (where ${cur}) as satisfied,
				sum(d.neutral) filter (where ${cur}) as neutral,
				sum(d.dissatisfied) filter (where ${cur}) as dissatisfied,
				sum(d.received) filter (where ${cur}) as received,
				sum(d.completed) filter (where ${cur}) as completed,
				sum(d.on_time) filter (where ${cur}) as on_time,
				sum(d.ratings) filter (where ${prev}) as prev_ratings,
				sum(d.satisfied) filter (where ${prev}) as prev_satisfied,
				sum(d.services) filter (where ${prev}) as prev_services,
				sum(d.completed) filter (where ${prev}) as prev_completed,
				sum(d.on_time) filter (where ${prev}) as prev_on_time
			from rollup_unit_day d
			where d.day >= ${days(choice.previous).from}::date and d.day < ${days(choice.period).to}::date
			group by d.unit_id
		)
		select u.id, u.parent_id, u.code, u.name_vi, u.name_en, u.level, u.path, f.*
		from units u left join figures f on f.unit_id = u.id
		where ${scopeCondition(sql`u.path`, scope)} and (u.dissolved_at is null or f.unit_id is not null)
		order by u.path`);
	return rows.map((r) => ({
		id: n(r.id),
		parentId: numOrNull(r.parent_id),
		code: r.code,
		nameVi: r.name_vi,
		nameEn: textOrNull(r.name_en),
		level: r.level,
		path: r.path,
		...counts(r),
		...dossierCounts(r),
		prevRatings: n(r.prev_ratings),
		prevSatisfied: n(r.prev_satisfied),
		prevServices: n(r.prev_services),
		prevCompleted: n(r.prev_completed),
		prevOnTime: n(r.prev_on_time)
	}));
}

/** Adds each unit's descendants' figures to its own (for "the whole subtree" rows). */
export function withSubtreeTotals(units: UnitFigures[]): (UnitFigures & { own: Counts })[] {
	const keys = ['services', 'ratings', 'satisfied', 'neutral', 'dissatisfied', 'received', 'completed', 'onTime', 'prevRatings', 'prevSatisfied', 'prevServices', 'prevCompleted', 'prevOnTime'] as const;
	return units.map((u) => {
		const total = { ...u, own: { services: u.services, ratings: u.ratings, satisfied: u.satisfied, neutral: u.neutral, dissatisfied: u.dissatisfied } };
		for (const k of keys) total[k] = units.filter((d) => d.path.startsWith(u.path)).reduce((s, d) => s + d[k], 0);
		return total;
	});
}

export type MonthFigures = Counts & { month: string; received: number; completed: number; onTime: number };

/** The `months` calendar months ending with the period's last month, all of them listed. */
export async function monthlyFigures(scope: Scope, choice: Choice, months = 12, predecessors: readonly Predecessor[] = []): Promise<MonthFigures[]> {
	const lastMonth = choice.to.slice(0, 7);
	const list = Array.from({ length: months }, (_, i) => addMonths(lastMonth, i - months + 1));
	const rows = await reader().rows<CountRow & DossierCountRow & { month: string }>(sql`
		select to_char(d.day, 'YYYY-MM') as month, sum(d.services) as services, sum(d.ratings) as ratings, sum(d.satisfied) as satisfied,
			sum(d.neutral) as neutral, sum(d.dissatisfied) as dissatisfied, sum(d.received) as received, sum(d.completed) as completed, sum(d.on_time) as on_time
		from rollup_unit_day d join units u on u.id = d.unit_id
		where ${inScopeOrHistory(scope, predecessors)} and d.day >= ${list[0] + '-01'}::date and d.day < ${addMonths(lastMonth, 1) + '-01'}::date
		group by 1`);
	const byMonth = new Map(rows.map((r) => [r.month, r]));
	return list.map((month) => {
		const r: Partial<(typeof rows)[number]> = byMonth.get(month) ?? {};
		return { month, ...counts(r), ...dossierCounts(r) };
	});
}

export type HeatCell = { weekday: number; hour: number; ratings: number; satisfied: number };

/** Counted ratings by local weekday (1 = Monday … 7 = Sunday) and hour, for a unit subtree. */
export async function heatmap(scope: Scope, choice: Choice, predecessors: readonly Predecessor[] = []): Promise<HeatCell[]> {
	const rows = await reader().rows<HeatRow>(sql`
		select extract(isodow from h.day)::int as weekday, h.hour, sum(h.ratings) as ratings, sum(h.satisfied) as satisfied
		from rollup_unit_hour h join units u on u.id = h.unit_id
		where ${inScopeOrHistory(scope, predecessors, sql.raw('h'))} and ${dayIn(sql`h.day`, choice.period)}
		group by 1, 2 having sum(h.ratings) <> 0`);
	return cells(rows);
}

type HeatRow = { weekday: DbNumber; hour: DbNumber; ratings: DbNumber; satisfied: DbNumber };
const cells = (rows: HeatRow[]): HeatCell[] =>
	rows.map((r) => ({ weekday: n(r.weekday), hour: n(r.hour), ratings: n(r.ratings), satisfied: n(r.satisfied) })).sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);

/* ---------------------------------------------------------------- one officer */

export type OfficerBreakdown = {
	totals: Counts & { prevRatings: number; prevSatisfied: number };
	levels: { level: number; count: number }[];
	stages: (Counts & { stage: string })[];
	daily: (Counts & { day: string })[];
	reasons: { code: string; count: number }[];
	procedures: { id: number; code: string; nameVi: string; nameEn: string | null; ratings: number; satisfied: number }[];
	hours: HeatCell[];
};

/** An officer's figures in the units of `scope` (the viewer's), for the period. */
export async function officerBreakdown(officerId: number, scope: Scope, choice: Choice): Promise<OfficerBreakdown> {
	const inScope = scopeCondition(sql`u.path`, scope);
	const p = choice.period;
	const [rollup, reasons, procedures, hours] = await Promise.all([
		reader().rows<
			CountRow & { day: string; stage: string; current: DbBool; level1: DbNumber; level2: DbNumber; level3: DbNumber; level4: DbNumber; level5: DbNumber }
		>(sql`
			select d.day::text as day, d.stage, ${dayIn(sql`d.day`, p)} as current,
				sum(d.services) as services, sum(d.ratings) as ratings, sum(d.satisfied) as satisfied, sum(d.neutral) as neutral, sum(d.dissatisfied) as dissatisfied,
				sum(d.level1) as level1, sum(d.level2) as level2, sum(d.level3) as level3, sum(d.level4) as level4, sum(d.level5) as level5
			from rollup_officer_day d join units u on u.id = d.unit_id
			where d.officer_id = ${officerId} and ${inScope} and d.day >= ${days(choice.previous).from}::date and d.day < ${days(p).to}::date
			group by 1, 2, 3`),
		reader().rows<{ code: string; count: DbNumber }>(sql`
			select code, count(*) as count from (
				select unnest(r.reason_codes) as code from ratings r join units u on u.id = r.unit_id
				where r.officer_id = ${officerId} and ${inScope} and ${tsIn(sql`r.pressed_at`, p)} and ${counted}
			) x group by code order by count desc, code`),
		reader().rows<{ id: DbNumber; code: string; name_vi: string; name_en: string | null; ratings: DbNumber; satisfied: DbNumber }>(sql`
			select pr.id, pr.code, pr.name_vi, pr.name_en, count(*) as ratings, count(*) filter (where l.class = 'satisfied') as satisfied
			from ratings r join units u on u.id = r.unit_id
				join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
				join dossiers dz on dz.id = r.dossier_id join procedures pr on pr.id = dz.procedure_id
			where r.officer_id = ${officerId} and ${inScope} and ${tsIn(sql`r.pressed_at`, p)} and ${counted}
			group by pr.id, pr.code, pr.name_vi, pr.name_en order by count(*) desc, pr.code limit 50`),
		reader().rows<HeatRow>(sql`
			select extract(isodow from hl_local(r.pressed_at))::int as weekday, extract(hour from hl_local(r.pressed_at))::int as hour,
				count(*) as ratings, count(*) filter (where l.class = 'satisfied') as satisfied
			from ratings r join units u on u.id = r.unit_id join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
			where r.officer_id = ${officerId} and ${inScope} and ${tsIn(sql`r.pressed_at`, p)} and ${counted}
			group by 1, 2`)
	]);
	const zero = (): Counts => ({ services: 0, ratings: 0, satisfied: 0, neutral: 0, dissatisfied: 0 });
	const add = (into: Counts, r: CountRow) => {
		into.services += n(r.services);
		into.ratings += n(r.ratings);
		into.satisfied += n(r.satisfied);
		into.neutral += n(r.neutral);
		into.dissatisfied += n(r.dissatisfied);
	};
	const totals = { ...zero(), prevRatings: 0, prevSatisfied: 0 };
	const levels = [1, 2, 3, 4, 5].map((level) => ({ level, count: 0 }));
	const stages = new Map<string, Counts & { stage: string }>();
	const daily = new Map<string, Counts & { day: string }>();
	for (const r of rollup) {
		if (!bool(r.current)) {
			totals.prevRatings += n(r.ratings);
			totals.prevSatisfied += n(r.satisfied);
			continue;
		}
		add(totals, r);
		for (const l of levels) l.count += n(r[`level${l.level as 1 | 2 | 3 | 4 | 5}`]);
		const stage = r.stage;
		if (!stages.has(stage)) stages.set(stage, { stage, ...zero() });
		add(stages.get(stage)!, r);
		const day = r.day;
		if (!daily.has(day)) daily.set(day, { day, ...zero() });
		add(daily.get(day)!, r);
	}
	// Every day of the period is listed, so a chart's gaps are real days without ratings.
	const series: (Counts & { day: string })[] = [];
	for (let d = choice.from; d <= choice.to; d = addDays(d, 1)) series.push(daily.get(d) ?? { day: d, ...zero() });
	return {
		totals,
		levels,
		stages: [...stages.values()].sort((a, b) => a.stage.localeCompare(b.stage)),
		daily: series,
		reasons: reasons.map((r) => ({ code: r.code, count: n(r.count) })),
		procedures: procedures.map((r) => ({ id: n(r.id), code: r.code, nameVi: r.name_vi, nameEn: textOrNull(r.name_en), ratings: n(r.ratings), satisfied: n(r.satisfied) })),
		hours: cells(hours)
	};
}

export type OfficerComplaint = { id: number; code: string; status: string; outcome: string | null; receivedAt: string; dueAt: string; closedAt: string | null };

/** Complaints naming the officer in units of the scope: the open ones and the last year's closed ones. */
export async function officerComplaints(officerId: number, scope: Scope, now = new Date()): Promise<OfficerComplaint[]> {
	const since = new Date(now.getTime() - 365 * 86_400_000).toISOString();
	const rows = await reader().rows<{ id: DbNumber; code: string; status: string; outcome: string | null; received_at: DbTime; due_at: DbTime; closed_at: DbTime | null }>(sql`
		select c.id, c.code, c.status, c.outcome, c.received_at, c.due_at, c.closed_at
		from complaints c join units u on u.id = c.unit_id
		where c.officer_id = ${officerId} and ${scopeCondition(sql`u.path`, scope)}
			and (c.closed_at is null or c.closed_at >= ${since}::timestamptz)
		order by c.received_at desc limit 100`);
	return rows.map((r) => ({
		id: n(r.id),
		code: r.code,
		status: r.status,
		outcome: textOrNull(r.outcome),
		receivedAt: iso(r.received_at),
		dueAt: iso(r.due_at),
		closedAt: isoOrNull(r.closed_at)
	}));
}
