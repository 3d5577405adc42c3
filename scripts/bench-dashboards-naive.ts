/**
 * The dashboards' counted figures computed naively, from the raw rows (ratings with the exclusion
 * and level-class joins, service_events, dossiers), for `npm run bench:dashboards`: the same
 * figures the rollup-backed read models in src/lib/server/dashboards return, in the same shapes,
 * so the benchmark can time both and check they agree. Nothing here reads a rollup table.
 */
import { sql, type SQL } from 'drizzle-orm';
import { scopeCondition } from '../src/lib/server/auth/guard';
import { addDays } from '../src/lib/server/calendar/working-days';
import { database } from '../src/lib/server/db';
import { buildCalendar } from '../src/lib/server/calendar/working-days';
import { addMonths } from '../src/lib/server/period';
import { type Choice, type Period, type Scope } from '../src/lib/server/dashboards';
import { shiftsFor, type FlagInputs } from '../src/lib/server/flags';
import {
	atCounterInScope,
	inUnitInScope,
	ms,
	officerParticipation,
	officerSources,
	unitOfficerCounts,
	type OfficerTotals
} from '../src/lib/server/flags/queries';
import { countedRating } from '../src/lib/server/ratings/counted';

const toDate = (v: unknown) => new Date(Number(v));
const idOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Runs a naive query under a label (the benchmark's recorder times it). */
export type Runner = (label: string, query: SQL) => Promise<Record<string, unknown>[]>;

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const counted = countedRating();
const iso = (d: Date) => d.toISOString();
const tsIn = (col: SQL, from: Date, to: Date) =>
	sql`${col} >= ${iso(from)}::timestamptz and ${col} < ${iso(to)}::timestamptz`;
const inPeriod = (col: SQL, p: Period) => tsIn(col, p.from, p.to);
/** 1 when the timestamp is in the current period, for sums over [previous.from, period.to). */
const isCurrent = (col: SQL, choice: Choice) =>
	sql`(${col} >= ${iso(choice.period.from)}::timestamptz)`;
const satisfied = sql`(l.class = 'satisfied')`;
const neutral = sql`(l.class = 'neutral')`;
const dissatisfied = sql`(l.class = 'dissatisfied')`;

export type NaiveCounts = {
	services: number;
	ratings: number;
	satisfied: number;
	neutral: number;
	dissatisfied: number;
};
export type NaiveOfficer = NaiveCounts & { id: number; prevRatings: number; prevSatisfied: number };

/** The unit head's officer table: per officer, counted figures in the subtree for the period and the one before. */
export async function naiveSubtreeOfficers(
	run: Runner,
	unitPath: string,
	choice: Choice
): Promise<NaiveOfficer[]> {
	const scope = scopeCondition(sql`u.path`, [unitPath]);
	const cur = isCurrent(sql`r.pressed_at`, choice);
	const rows = await run(
		'officer table',
		sql`
		select officer_id, sum(services) as services, sum(ratings) as ratings, sum(satisfied) as satisfied, sum(neutral) as neutral,
			sum(dissatisfied) as dissatisfied, sum(prev_ratings) as prev_ratings, sum(prev_satisfied) as prev_satisfied
		from (
			select r.officer_id, 0 as services, ${cur}::int as ratings, (${cur} and ${satisfied})::int as satisfied,
				(${cur} and ${neutral})::int as neutral, (${cur} and ${dissatisfied})::int as dissatisfied,
				(not ${cur})::int as prev_ratings, (not ${cur} and ${satisfied})::int as prev_satisfied
			from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level join units u on u.id = r.unit_id
			where ${scope} and ${tsIn(sql`r.pressed_at`, choice.previous.from, choice.period.to)} and ${counted}
			union all
			select e.officer_id, 1, 0, 0, 0, 0, 0, 0
			from service_events e join units u on u.id = e.unit_id
			where ${scope} and ${inPeriod(sql`e.opened_at`, choice.period)}
		) x group by officer_id`
	);
	return rows.map((r) => ({
		id: n(r.officer_id),
		services: n(r.services),
		ratings: n(r.ratings),
		satisfied: n(r.satisfied),
		neutral: n(r.neutral),
		dissatisfied: n(r.dissatisfied),
		prevRatings: n(r.prev_ratings),
		prevSatisfied: n(r.prev_satisfied)
	}));
}

export type NaiveUnit = NaiveCounts & {
	id: number;
	received: number;
	completed: number;
	onTime: number;
	prevRatings: number;
	prevSatisfied: number;
};

/** The province's unit comparison: each unit's own figures (not its children's) for the period and the one before. */
export async function naiveUnitFigures(
	run: Runner,
	scope: Scope,
	choice: Choice
): Promise<NaiveUnit[]> {
	const cur = (col: SQL) => isCurrent(col, choice);
	const all = (col: SQL) => tsIn(col, choice.previous.from, choice.period.to);
	const rows = await run(
		'unit comparison',
		sql`
		with figures as (
			select unit_id, sum(services) as services, sum(ratings) as ratings, sum(satisfied) as satisfied, sum(neutral) as neutral,
				sum(dissatisfied) as dissatisfied, sum(received) as received, sum(completed) as completed, sum(on_time) as on_time,
				sum(prev_ratings) as prev_ratings, sum(prev_satisfied) as prev_satisfied
			from (
				select r.unit_id, 0 as services, ${cur(sql`r.pressed_at`)}::int as ratings, (${cur(sql`r.pressed_at`)} and ${satisfied})::int as satisfied,
					(${cur(sql`r.pressed_at`)} and ${neutral})::int as neutral, (${cur(sql`r.pressed_at`)} and ${dissatisfied})::int as dissatisfied,
					0 as received, 0 as completed, 0 as on_time,
					(not ${cur(sql`r.pressed_at`)})::int as prev_ratings, (not ${cur(sql`r.pressed_at`)} and ${satisfied})::int as prev_satisfied
				from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
				where ${all(sql`r.pressed_at`)} and ${counted}
				union all
				select e.unit_id, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 from service_events e where ${inPeriod(sql`e.opened_at`, choice.period)}
				union all
				select d.unit_id, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 from dossiers d where ${inPeriod(sql`d.received_at`, choice.period)}
				union all
				select d.unit_id, 0, 0, 0, 0, 0, 0, 1, (d.completed_at <= d.due_at)::int, 0, 0 from dossiers d where ${inPeriod(sql`d.completed_at`, choice.period)}
			) x group by unit_id
		)
		select u.id, f.* from units u left join figures f on f.unit_id = u.id
		where ${scopeCondition(sql`u.path`, scope)} and (u.dissolved_at is null or f.unit_id is not null)`
	);
	return rows.map((r) => ({
		id: n(r.id),
		services: n(r.services),
		ratings: n(r.ratings),
		satisfied: n(r.satisfied),
		neutral: n(r.neutral),
		dissatisfied: n(r.dissatisfied),
		received: n(r.received),
		completed: n(r.completed),
		onTime: n(r.on_time),
		prevRatings: n(r.prev_ratings),
		prevSatisfied: n(r.prev_satisfied)
	}));
}

export type NaiveMonth = NaiveCounts & {
	month: string;
	received: number;
	completed: number;
	onTime: number;
};

/** The monthly trend: the 12 calendar months ending with the period's last month. */
export async function naiveMonthlyFigures(
	run: Runner,
	scope: Scope,
	choice: Choice,
	months = 12
): Promise<NaiveMonth[]> {
	const list = [choice.to.slice(0, 7)];
	while (list.length < months) {
		const [y, m] = list[0].split('-').map(Number);
		list.unshift(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`);
	}
	// Local midnights of the first month's first day and of the day after the last month.
	const from = new Date(`${list[0]}-01T00:00:00+07:00`);
	const to = new Date(`${addMonths(list[list.length - 1], 1)}-01T00:00:00+07:00`);
	const inScope = scopeCondition(sql`u.path`, scope);
	const month = (col: SQL) => sql`to_char(hl_local(${col}), 'YYYY-MM')`;
	const rows = await run(
		'monthly trend',
		sql`
		select month, sum(services) as services, sum(ratings) as ratings, sum(satisfied) as satisfied, sum(neutral) as neutral,
			sum(dissatisfied) as dissatisfied, sum(received) as received, sum(completed) as completed, sum(on_time) as on_time
		from (
			select ${month(sql`r.pressed_at`)} as month, 0 as services, 1 as ratings, ${satisfied}::int as satisfied, ${neutral}::int as neutral,
				${dissatisfied}::int as dissatisfied, 0 as received, 0 as completed, 0 as on_time
			from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level join units u on u.id = r.unit_id
			where ${inScope} and ${tsIn(sql`r.pressed_at`, from, to)} and ${counted}
			union all
			select ${month(sql`e.opened_at`)}, 1, 0, 0, 0, 0, 0, 0, 0
			from service_events e join units u on u.id = e.unit_id where ${inScope} and ${tsIn(sql`e.opened_at`, from, to)}
			union all
			select ${month(sql`d.received_at`)}, 0, 0, 0, 0, 0, 1, 0, 0
			from dossiers d join units u on u.id = d.unit_id where ${inScope} and ${tsIn(sql`d.received_at`, from, to)}
			union all
			select ${month(sql`d.completed_at`)}, 0, 0, 0, 0, 0, 0, 1, (d.completed_at <= d.due_at)::int
			from dossiers d join units u on u.id = d.unit_id where ${inScope} and ${tsIn(sql`d.completed_at`, from, to)}
		) x group by month`
	);
	const byMonth = new Map(rows.map((r) => [String(r.month), r]));
	return list.map((m) => {
		const r = byMonth.get(m) ?? {};
		return {
			month: m,
			services: n(r.services),
			ratings: n(r.ratings),
			satisfied: n(r.satisfied),
			neutral: n(r.neutral),
			dissatisfied: n(r.dissatisfied),
			received: n(r.received),
			completed: n(r.completed),
			onTime: n(r.on_time)
		};
	});
}

export type NaiveCell = { weekday: number; hour: number; ratings: number; satisfied: number };

/** Counted ratings by local weekday (1 = Monday) and hour. */
export async function naiveHeatmap(
	run: Runner,
	scope: Scope,
	choice: Choice,
	officerId?: number,
	label = 'heatmap'
): Promise<NaiveCell[]> {
	const officer = officerId === undefined ? sql`true` : sql`r.officer_id = ${officerId}`;
	const rows = await run(
		label,
		sql`
		select extract(isodow from hl_local(r.pressed_at))::int as weekday, extract(hour from hl_local(r.pressed_at))::int as hour,
			count(*) as ratings, count(*) filter (where ${satisfied}) as satisfied
		from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level join units u on u.id = r.unit_id
		where ${officer} and ${scopeCondition(sql`u.path`, scope)} and ${inPeriod(sql`r.pressed_at`, choice.period)} and ${counted}
		group by 1, 2`
	);
	return rows
		.map((r) => ({
			weekday: n(r.weekday),
			hour: n(r.hour),
			ratings: n(r.ratings),
			satisfied: n(r.satisfied)
		}))
		.sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
}

export type NaiveOfficerBreakdown = {
	totals: NaiveCounts & { prevRatings: number; prevSatisfied: number };
	levels: { level: number; count: number }[];
	stages: (NaiveCounts & { stage: string })[];
	daily: (NaiveCounts & { day: string })[];
	reasons: { code: string; count: number }[];
	procedures: { id: number; ratings: number; satisfied: number }[];
	hours: NaiveCell[];
};

/** An officer's page figures in the units of `scope`: totals, levels, stages and days from raw rows, plus the raw-only breakdowns. */
export async function naiveOfficerBreakdown(
	run: Runner,
	officerId: number,
	scope: Scope,
	choice: Choice
): Promise<NaiveOfficerBreakdown> {
	const inScope = scopeCondition(sql`u.path`, scope);
	const local = (col: SQL) => sql`hl_local(${col})::date::text`;
	const cur = isCurrent(sql`r.pressed_at`, choice);
	const [byDay, reasons, procedures, hours] = await Promise.all([
		run(
			'officer days, stages, levels',
			sql`
			select day, stage, current, sum(services) as services, sum(ratings) as ratings, sum(satisfied) as satisfied, sum(neutral) as neutral,
				sum(dissatisfied) as dissatisfied, sum(level1) as level1, sum(level2) as level2, sum(level3) as level3, sum(level4) as level4, sum(level5) as level5
			from (
				select ${local(sql`r.pressed_at`)} as day, r.stage, ${cur} as current, 0 as services, 1 as ratings, ${satisfied}::int as satisfied,
					${neutral}::int as neutral, ${dissatisfied}::int as dissatisfied, (r.level = 1)::int as level1, (r.level = 2)::int as level2,
					(r.level = 3)::int as level3, (r.level = 4)::int as level4, (r.level = 5)::int as level5
				from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level join units u on u.id = r.unit_id
				where r.officer_id = ${officerId} and ${inScope} and ${tsIn(sql`r.pressed_at`, choice.previous.from, choice.period.to)} and ${counted}
				union all
				select ${local(sql`e.opened_at`)}, e.stage, true, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
				from service_events e join units u on u.id = e.unit_id
				where e.officer_id = ${officerId} and ${inScope} and ${inPeriod(sql`e.opened_at`, choice.period)}
			) x group by 1, 2, 3`
		),
		run(
			'officer reasons',
			sql`
			select code, count(*) as count from (
				select unnest(r.reason_codes) as code from ratings r join units u on u.id = r.unit_id
				where r.officer_id = ${officerId} and ${inScope} and ${inPeriod(sql`r.pressed_at`, choice.period)} and ${counted}
			) x group by code order by count desc, code`
		),
		run(
			'officer procedures',
			sql`
			select pr.id, count(*) as ratings, count(*) filter (where ${satisfied}) as satisfied
			from ratings r join units u on u.id = r.unit_id
				join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
				join dossiers dz on dz.id = r.dossier_id join procedures pr on pr.id = dz.procedure_id
			where r.officer_id = ${officerId} and ${inScope} and ${inPeriod(sql`r.pressed_at`, choice.period)} and ${counted}
			group by pr.id order by count(*) desc, pr.id limit 50`
		),
		naiveHeatmap(run, scope, choice, officerId, 'officer hours')
	]);
	const zero = (): NaiveCounts => ({
		services: 0,
		ratings: 0,
		satisfied: 0,
		neutral: 0,
		dissatisfied: 0
	});
	const add = (into: NaiveCounts, r: Record<string, unknown>) => {
		into.services += n(r.services);
		into.ratings += n(r.ratings);
		into.satisfied += n(r.satisfied);
		into.neutral += n(r.neutral);
		into.dissatisfied += n(r.dissatisfied);
	};
	const totals = { ...zero(), prevRatings: 0, prevSatisfied: 0 };
	const levels = [1, 2, 3, 4, 5].map((level) => ({ level, count: 0 }));
	const stages = new Map<string, NaiveCounts & { stage: string }>();
	const daily = new Map<string, NaiveCounts & { day: string }>();
	for (const r of byDay) {
		if (!(r.current === true || r.current === 't')) {
			totals.prevRatings += n(r.ratings);
			totals.prevSatisfied += n(r.satisfied);
			continue;
		}
		add(totals, r);
		for (const l of levels) l.count += n(r[`level${l.level}`]);
		const stage = String(r.stage);
		if (!stages.has(stage)) stages.set(stage, { stage, ...zero() });
		add(stages.get(stage)!, r);
		const day = String(r.day);
		if (!daily.has(day)) daily.set(day, { day, ...zero() });
		add(daily.get(day)!, r);
	}
	const series: (NaiveCounts & { day: string })[] = [];
	for (let d = choice.from; d <= choice.to; d = addDays(d, 1))
		series.push(daily.get(d) ?? { day: d, ...zero() });
	return {
		totals,
		levels,
		stages: [...stages.values()].sort((a, b) => a.stage.localeCompare(b.stage)),
		daily: series,
		reasons: reasons.map((r) => ({ code: String(r.code), count: n(r.count) })),
		procedures: procedures.map((r) => ({
			id: n(r.id),
			ratings: n(r.ratings),
			satisfied: n(r.satisfied)
		})),
		hours
	};
}

/** A runner on the app's database (for code that has no recorder). */
export const plainRunner: Runner = (_label, query) => database.rows<Record<string, unknown>>(query);

/* ------------------------------------------------------------------ flags */

/**
 * The flags' inputs from the raw rows, without rating_marks or the rollup: every rating of the
 * period scanned, as the app did before migration 0010. The same rules: bursts are presses with
 * another press of the same device within 10 s (looked for just outside the period too, as the
 * marks are), outside hours is before 07:00 or from 17:30 local, a weekend or a holiday, over
 * counted ratings; participation is counted ratings per service.
 */
export async function naiveFlagInputs(run: Runner, scope: Scope, p: Period): Promise<FlagInputs> {
	const press = (r: Record<string, unknown>) => ({ counterId: Number(r.counter_id), deviceId: idOrNull(r.device_id), pressedAt: toDate(r.at) });
	const local = sql`hl_local(r.pressed_at)`;
	const minutes = sql`(extract(hour from ${local}) * 60 + extract(minute from ${local}))`;
	const wider = tsIn(sql`r.pressed_at`, new Date(p.from.getTime() - 10_000), new Date(p.to.getTime() + 10_000));
	const [noService, bursts, foreign, totals, times, calendarRows] = await Promise.all([
		run('flags: no service', sql`
			select r.counter_id, r.device_id, ${ms(sql`r.pressed_at`)} as at from ratings r ${atCounterInScope(scope)}
			where r.not_counted_reason = 'no_service' and ${inPeriod(sql`r.pressed_at`, p)}`),
		run('flags: bursts', sql`
			select r.counter_id, r.device_id, ${ms(sql`r.pressed_at`)} as at from (
				select r.*, lag(r.pressed_at) over w as prev, lead(r.pressed_at) over w as next
				from ratings r where r.device_id is not null and ${wider}
				window w as (partition by r.device_id order by r.pressed_at)
			) r ${atCounterInScope(scope)}
			where ${inPeriod(sql`r.pressed_at`, p)} and (r.pressed_at - r.prev <= interval '10 seconds' or r.next - r.pressed_at <= interval '10 seconds')`),
		run('flags: foreign device', sql`
			select r.device_id, r.counter_id, r.officer_id, ${ms(sql`r.pressed_at`)} as at from ratings r ${atCounterInScope(scope)}
			where r.device_id is not null and ${inPeriod(sql`r.pressed_at`, p)}
				and not exists (select 1 from device_bindings b where b.device_id = r.device_id and b.counter_id = r.counter_id
					and b.bound_at <= r.pressed_at and (b.unbound_at is null or r.pressed_at < b.unbound_at))`),
		run('flags: per officer', sql`
			select unit_id, officer_id, sum(services) as services, sum(ratings) as ratings, sum(sat) as sat, sum(top) as top,
				sum(dn) as dn, sum(ds) as ds, sum(qn) as qn, sum(qs) as qs
			from (
				select r.unit_id, r.officer_id, 0 as services, 1 as ratings, ${satisfied}::int as sat, (r.level = 1)::int as top,
					(r.source in ('tablet', 'button_box'))::int as dn, (r.source in ('tablet', 'button_box') and ${satisfied})::int as ds,
					(r.source = 'qr')::int as qn, (r.source = 'qr' and ${satisfied})::int as qs
				from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level ${inUnitInScope(scope)}
				where ${counted} and ${inPeriod(sql`r.pressed_at`, p)}
				union all
				select e.unit_id, e.officer_id, 1, 0, 0, 0, 0, 0, 0, 0 from service_events e join units u on u.id = e.unit_id and ${scopeCondition(sql`u.path`, scope)}
				where ${inPeriod(sql`e.opened_at`, p)}
			) x group by unit_id, officer_id order by unit_id, officer_id`),
		run('flags: outside hours', sql`
			select r.officer_id, ${ms(sql`r.pressed_at`)} as at from ratings r ${inUnitInScope(scope)}
			where r.officer_id is not null and ${counted} and ${inPeriod(sql`r.pressed_at`, p)}
				and (${minutes} < 420 or ${minutes} >= 1050 or extract(isodow from ${local}) in (6, 7)
					or ${local}::date in (select day from calendar_days where kind = 'holiday'))`),
		run('flags: calendar', sql`select day::text as day, kind from calendar_days`)
	]);
	const calendar = buildCalendar(calendarRows.map((r) => ({ day: String(r.day).slice(0, 10), kind: String(r.kind) })));
	const officers: OfficerTotals[] = totals.map((r) => ({
		unitId: n(r.unit_id),
		officerId: n(r.officer_id),
		services: n(r.services),
		ratings: n(r.ratings),
		satisfied: n(r.sat),
		top: n(r.top),
		deviceRatings: n(r.dn),
		deviceSatisfied: n(r.ds),
		qrRatings: n(r.qn),
		qrSatisfied: n(r.qs)
	}));
	const byOfficer = new Map<number, Date[]>();
	for (const t of times) byOfficer.set(n(t.officer_id), [...(byOfficer.get(n(t.officer_id)) ?? []), toDate(t.at)]);
	const ratingsOf = new Map<number, number>();
	for (const o of officers) ratingsOf.set(o.officerId, (ratingsOf.get(o.officerId) ?? 0) + o.ratings);
	const noServicePresses = noService.map(press);
	const burstPresses = bursts.map(press);
	const deviceIds = [...new Set(foreign.map((r) => Number(r.device_id)))];
	const bindings = deviceIds.length
		? await run('flags: bindings', sql`select device_id, counter_id, ${ms(sql`bound_at`)} as bound, ${ms(sql`unbound_at`)} as unbound from device_bindings where device_id in ${deviceIds}`)
		: [];
	return {
		noService: noServicePresses,
		bursts: burstPresses,
		shifts: await shiftsFor([...new Set([...noServicePresses, ...burstPresses].map((x) => x.counterId))], p),
		times: [...ratingsOf]
			.filter(([id, ratings]) => ratings > 0 || byOfficer.has(id))
			.map(([officerId, ratings]) => ({ officerId, ratings, pressedAt: byOfficer.get(officerId) ?? [] })),
		participation: officerParticipation(officers),
		sources: officerSources(officers),
		foreign: {
			presses: foreign.map((r) => ({ deviceId: Number(r.device_id), counterId: Number(r.counter_id), officerId: idOrNull(r.officer_id), pressedAt: toDate(r.at) })),
			bindings: bindings.map((b) => ({ deviceId: Number(b.device_id), counterId: Number(b.counter_id), boundAt: toDate(b.bound), unboundAt: b.unbound === null ? null : toDate(b.unbound) }))
		},
		counts: unitOfficerCounts(officers),
		calendar
	};
}

/**
 * The overview's totals per officer (its worst officer, its officers chart) or per counter (its worst
 * counter): counted ratings in scope for the period that name one.
 */
async function naiveTotalsBy(by: 'officer_id' | 'counter_id', run: Runner, scope: Scope, choice: Choice): Promise<{ id: number; ratings: number; satisfied: number }[]> {
	const column = sql.raw(`r.${by}`);
	const rows = await run(
		by === 'officer_id' ? 'overview officers' : 'overview counters',
		sql`
		select ${column} as id, count(*) as ratings, count(*) filter (where ${satisfied}) as satisfied
		from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level join units u on u.id = r.unit_id
		where ${scopeCondition(sql`u.path`, scope)} and ${inPeriod(sql`r.pressed_at`, choice.period)} and ${counted} and ${column} is not null
		group by ${column}`
	);
	return rows.map((r) => ({ id: n(r.id), ratings: n(r.ratings), satisfied: n(r.satisfied) }));
}

export const naiveOfficerTotals = (run: Runner, scope: Scope, choice: Choice) => naiveTotalsBy('officer_id', run, scope, choice);
export const naiveCounterTotals = (run: Runner, scope: Scope, choice: Choice) => naiveTotalsBy('counter_id', run, scope, choice);
