/**
 * Dashboard read models at ten million ratings: `npm run bench:dashboards`.
 *
 *   tsx scripts/bench-dashboards.ts [--runs 30] [--naive-runs 3] [--quick] [--fresh] [--pages indices,province,…]
 *                                   [--officers N --months N --seed N --end YYYY-MM-DD] [--rollups rebuild|triggers]
 *
 * 1. Data: the demo province at benchmark size in BENCH_DATABASE_URL (default
 *    postgres://127.0.0.1:5432/hl_bench), generated once by the seed generator and reused while its
 *    parameters match (scripts/bench-dashboards-data.ts; --fresh regenerates).
 * 2. Samples: every unit with ratings (the unit head's page for its subtree, up to 20), the province
 *    (scope null) and 10 officers from the quietest to the busiest (the officer page as their unit
 *    head sees it), over the last 30 days, the last full month and the last full quarter, plus the
 *    year so far for the province; "today" is the data's last day.
 * 3. Timing: each page-level function of src/lib/server/dashboards (what the page's load runs) is
 *    warmed up twice and then timed --runs times (a sample whose runs add up to 20 s stops after
 *    at least 5); the same page with every rollup-backed figure computed naively from the raw rows
 *    (scripts/bench-dashboards-naive.ts; the flags from every rating of the period instead of the
 *    marks and the rollup) is timed --naive-runs
 *    times after one untimed run (within 20 s, at least once). Every SQL query is timed too,
 *    labelled by the function that sent it.
 * 4. Checks: the rollup figures equal the naive ones for every sample (mismatches are printed and
 *    make the exit code 1). The slowest query is run under EXPLAIN ANALYZE and its plan summarised.
 *
 * Times are wall-clock milliseconds of the server-side work (queries and the JavaScript around
 * them), measured in this process with a pool of 10 connections, as the app runs.
 */
import os from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { addDays, localTime } from '../src/lib/server/calendar/working-days';
import { useDatabase } from '../src/lib/server/db';
import { addMonths } from '../src/lib/server/period';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import {
	officerComplaints,
	officerDashboard,
	periodFromDays,
	provinceDashboard,
	standings,
	unitHeadDashboard,
	type Choice,
	type Scope
} from '../src/lib/server/dashboards';
import { flagsFrom, type Flag } from '../src/lib/server/flags';
import { indexSettings, indicesReport, monthsEnding, type Month } from '../src/lib/server/indices';
import { dossierCounts766 } from '../src/lib/server/indices/satisfaction-766-queries';
import { sipasAnswersByUnit, sipasAnswersByUnitRaw } from '../src/lib/server/indices/queries';
import { tt01Tallies, tt01TalliesRaw } from '../src/lib/server/indices/tt01-queries';
import { citizenCaseFilter } from '../src/lib/server/complaints/regimes';
import { countedRating } from '../src/lib/server/ratings/counted';
import { scopeCondition } from '../src/lib/server/auth/guard';
import { unitsInScope } from '../src/lib/server/units/queries';
import { counterTotals, officerTotals, overviewGlance } from '../src/lib/server/dashboards/overview';
import { percentile } from './bench-support';
import {
	DEFAULT_BENCH_URL,
	describe,
	ensureBenchData,
	parseDataArgs,
	printCounts
} from './bench-dashboards-data';
import {
	naiveFlagInputs,
	naiveHeatmap,
	naiveMonthlyFigures,
	naiveOfficerBreakdown,
	naiveCounterTotals,
	naiveOfficerTotals,
	naiveSubtreeOfficers,
	naiveUnitFigures,
	type NaiveCell,
	type NaiveMonth,
	type Runner
} from './bench-dashboards-naive';

/**
 * indices: the indices page's load (TT 01, ratings, SIPAS, trend and QĐ 766) over a quarter. It is
 * a staff page, so its target is the staff pages' 150 ms (DEVELOPERS.md); the browser showed it
 * far above that before QĐ 766 was added (docs/benchmarks.md, "Figures behind code decisions").
 */
const TARGET_MS = { 'unit head': 150, province: 300, officer: 150, indices: 150, overview: 300 } as const;
type PageKind = keyof typeof TARGET_MS;
const WARMUP = 2;
/** Per sample: timed runs stop early once they add up to this (rollup pages: at least MIN_RUNS). */
const BUDGET_MS = { rollup: 20_000, naive: 20_000 };
const MIN_RUNS = { rollup: 5, naive: 1 };
const MAX_UNITS = 20;
const OFFICERS = 10;

/* ------------------------------------------------------------------ query recorder */

type QueryRecord = { label: string; ms: number; query: SQL };
let recording: QueryRecord[] | null = null;

/** Which function sent the query: the first stack frame in the app's server code outside db/. */
function callerLabel(stack: string | undefined): string {
	for (const line of (stack ?? '').split('\n').slice(1)) {
		const m =
			/at (?:async )?([\w.$<>]+) \(.*\/src\/lib\/server\/(?!db\/)([\w/-]+)\.ts:(\d+):\d+\)/.exec(
				line
			);
		if (m) return `${m[1].replace(/^Object\./, '')}@${m[2].split('/').pop()}:${m[3]}`;
	}
	return 'other';
}

/** The handle with `rows` timed; labels come from the caller's stack, or are given (naive queries). */
function recordingHandle(base: DatabaseHandle): { handle: DatabaseHandle; naive: Runner } {
	const timed = async (label: string, query: SQL) => {
		const began = performance.now();
		const rows = await base.rows<Record<string, unknown>>(query);
		recording?.push({ label, ms: performance.now() - began, query });
		return rows;
	};
	const handle: DatabaseHandle = {
		...base,
		rows: (<T>(query: SQL) =>
			timed(recording ? callerLabel(new Error().stack) : '', query) as Promise<
				T[]
			>) as DatabaseHandle['rows']
	};
	return { handle, naive: (label, query) => timed(`naive: ${label}`, query) };
}

/* ------------------------------------------------------------------ samples and periods */

/** `provinceOnly`: the year so far is the reform team's reporting period, not a unit head's. */
type NamedChoice = { name: string; choice: Choice; provinceOnly?: boolean };

function periodsEnding(today: string, quick: boolean): NamedChoice[] {
	const month = addMonths(today.slice(0, 7), -1);
	const [y, m] = today.split('-').map(Number);
	const quarterStart = new Date(Date.UTC(y, Math.floor((m - 1) / 3) * 3 - 3, 1))
		.toISOString()
		.slice(0, 10);
	const quarterEnd = addDays(
		new Date(Date.UTC(y, Math.floor((m - 1) / 3) * 3, 1)).toISOString().slice(0, 10),
		-1
	);
	const all = [
		{ name: 'last 30 days', choice: periodFromDays(addDays(today, -29), today) },
		{
			name: `month ${month}`,
			choice: periodFromDays(`${month}-01`, addDays(`${addMonths(month, 1)}-01`, -1))
		},
		{
			name: `quarter ${quarterStart.slice(0, 7)}…${quarterEnd.slice(0, 7)}`,
			choice: periodFromDays(quarterStart, quarterEnd)
		},
		{
			name: `year to date ${y}`,
			choice: periodFromDays(`${y}-01-01`, today),
			provinceOnly: true
		}
	];
	return quick ? [all[0], all[2]] : all;
}

type UnitSample = { id: number; path: string; code: string; ratings: number };
type OfficerSample = { id: number; path: string; ratings: number };

function spread<T>(sorted: T[], k: number): T[] {
	if (sorted.length <= k) return sorted;
	return [
		...new Set(
			Array.from({ length: k }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (k - 1))])
		)
	];
}

async function sampleUnits(h: DatabaseHandle, q: Choice, k: number): Promise<UnitSample[]> {
	const rows = await h.rows<Record<string, unknown>>(sql`
		select u.id, u.path, u.code, sum(d.ratings) as ratings
		from units u join units s on s.path like u.path || '%' join rollup_unit_day d on d.unit_id = s.id
		where u.parent_id is not null and d.day >= ${q.from}::date and d.day <= ${q.to}::date
		group by u.id, u.path, u.code having sum(d.ratings) > 0 order by 4, 1`);
	return spread(
		rows.map((r) => ({
			id: Number(r.id),
			path: String(r.path),
			code: String(r.code),
			ratings: Number(r.ratings)
		})),
		k
	);
}

/** Officers from the quietest to the busiest over the span, each seen from the unit with most of their ratings. */
async function sampleOfficers(h: DatabaseHandle, q: Choice, k: number): Promise<OfficerSample[]> {
	const rows = await h.rows<Record<string, unknown>>(sql`
		with t as (
			select officer_id, unit_id, sum(ratings) as r from rollup_officer_day
			where day >= ${q.from}::date and day <= ${q.to}::date group by 1, 2 having sum(ratings) > 0
		),
		best as (select distinct on (officer_id) officer_id, unit_id from t order by officer_id, r desc, unit_id)
		select b.officer_id as id, u.path, (select sum(r) from t where t.officer_id = b.officer_id) as ratings
		from best b join units u on u.id = b.unit_id order by 3, 1`);
	return spread(
		rows.map((r) => ({ id: Number(r.id), path: String(r.path), ratings: Number(r.ratings) })),
		k
	);
}

/* ------------------------------------------------------------------ timing */

type Sample = {
	page: PageKind;
	period: string;
	subject: string;
	rollup: number[];
	naive: number[];
	queries: QueryRecord[];
	naiveQueries: QueryRecord[];
};

/**
 * `warmup` untimed runs, then `runs` timed ones, except that a sample stops early (after at least
 * `minRuns`) once its timed runs add up to `budgetMs`: a page that takes seconds is far outside
 * its target after a few runs, and 30 of them would hold the shared machine for minutes.
 */
async function timeRuns<T>(
	runs: number,
	warmup: number,
	work: () => Promise<T>,
	budgetMs: number,
	minRuns: number
): Promise<{ ms: number[]; queries: QueryRecord[]; last: T }> {
	let last: T | undefined;
	for (let i = 0; i < warmup; i++) last = await work();
	const ms: number[] = [];
	const queries: QueryRecord[] = [];
	let spent = 0;
	for (let i = 0; i < runs && (i < minRuns || spent < budgetMs); i++) {
		recording = queries;
		const began = performance.now();
		last = await work();
		ms.push(performance.now() - began);
		spent += ms[ms.length - 1];
		recording = null;
	}
	return { ms, queries, last: last as T };
}

/* ------------------------------------------------------------------ equality */

const mismatches: string[] = [];

function compareKeyed(
	where: string,
	what: string,
	got: Map<string, Record<string, number>>,
	want: Map<string, Record<string, number>>,
	keys: readonly string[]
) {
	for (const id of new Set([...got.keys(), ...want.keys()])) {
		for (const k of keys) {
			const a = got.get(id)?.[k] ?? 0;
			const b = want.get(id)?.[k] ?? 0;
			if (a !== b) mismatches.push(`${where}: ${what} ${id} ${k}: rollup ${a} ≠ naive ${b}`);
		}
	}
}

/** The flags raised from the marks and the rollup are the ones raised from the raw rows, evidence and examples included. */
function sameFlags(where: string, got: Flag[], want: Flag[]) {
	const canon = (f: Flag) =>
		JSON.stringify([
			f.kind,
			f.subject,
			f.officerId,
			f.counterId,
			f.deviceId,
			Object.entries(f.evidence)
				.sort()
				.map(([k, v]) => [k, Number(v.toPrecision(12))]),
			f.examples
		]);
	const a = got.map(canon).sort();
	const b = want.map(canon).sort();
	for (const x of a.filter((x) => !b.includes(x))) mismatches.push(`${where}: flag from rollup only ${x}`);
	for (const x of b.filter((x) => !a.includes(x))) mismatches.push(`${where}: flag from raw rows only ${x}`);
}

const byKey = <T extends object>(rows: T[], key: (r: T) => string) =>
	new Map(rows.map((r) => [key(r), r as unknown as Record<string, number>]));
const COUNT_KEYS = ['services', 'ratings', 'satisfied', 'neutral', 'dissatisfied'] as const;
const MONTH_KEYS = [...COUNT_KEYS, 'received', 'completed', 'onTime'] as const;
const months = (where: string, got: NaiveMonth[], want: NaiveMonth[]) =>
	compareKeyed(
		where,
		'month',
		byKey(got, (m) => m.month),
		byKey(want, (m) => m.month),
		MONTH_KEYS
	);
const cells = (where: string, what: string, got: NaiveCell[], want: NaiveCell[]) =>
	compareKeyed(
		where,
		what,
		byKey(got, (c) => `${c.weekday}/${c.hour}`),
		byKey(want, (c) => `${c.weekday}/${c.hour}`),
		['ratings', 'satisfied']
	);

/* ------------------------------------------------------------------ pages */

async function benchUnitHead(
	unit: UnitSample,
	p: NamedChoice,
	runs: number,
	naiveRuns: number,
	naive: Runner
): Promise<Sample> {
	const scope = [unit.path];
	const rollup = await timeRuns(
		runs,
		WARMUP,
		() => unitHeadDashboard(unit, p.choice),
		BUDGET_MS.rollup,
		MIN_RUNS.rollup
	);
	const naivePage = async () => {
		const [officers, flags, m, hours] = await Promise.all([
			naiveSubtreeOfficers(naive, unit.path, p.choice),
			naiveFlagInputs(naive, scope, p.choice.period).then(flagsFrom),
			naiveMonthlyFigures(naive, scope, p.choice),
			naiveHeatmap(naive, scope, p.choice)
		]);
		return { officers, flags, months: m, hours };
	};
	const slow = await timeRuns(naiveRuns, 1, naivePage, BUDGET_MS.naive, MIN_RUNS.naive);
	const where = `unit head ${unit.code} ${p.name}`;
	const keys = [...COUNT_KEYS, 'prevRatings', 'prevSatisfied'];
	compareKeyed(
		where,
		'officer',
		byKey(rollup.last.officers, (o) => String(o.id)),
		byKey(slow.last.officers, (o) => String(o.id)),
		keys
	);
	months(where, rollup.last.months, slow.last.months);
	cells(where, 'hour', rollup.last.hours, slow.last.hours);
	sameFlags(where, [...rollup.last.officers.flatMap((o) => o.flags), ...rollup.last.otherFlags], slow.last.flags);
	// The standings (fair scores) computed on the naive figures are the page's.
	const fair = standings(
		slow.last.officers.map((o) => ({
			...o,
			fullName: '',
			staffNumber: '',
			positionVi: null,
			positionEn: null,
			unitId: null,
			unitNameVi: null,
			unitNameEn: null,
			openComplaints: 0
		})),
		slow.last.flags
	);
	if ((fair.unitRate ?? -1) !== (rollup.last.unitRate ?? -1))
		mismatches.push(`${where}: unit rate rollup ${rollup.last.unitRate} ≠ naive ${fair.unitRate}`);
	return {
		page: 'unit head',
		period: p.name,
		subject: unit.code,
		rollup: rollup.ms,
		naive: slow.ms,
		queries: rollup.queries,
		naiveQueries: slow.queries
	};
}

async function benchProvince(
	p: NamedChoice,
	runs: number,
	naiveRuns: number,
	naive: Runner
): Promise<Sample> {
	const scope: Scope = null;
	const rollup = await timeRuns(
		runs,
		WARMUP,
		() => provinceDashboard(scope, p.choice),
		BUDGET_MS.rollup,
		MIN_RUNS.rollup
	);
	const naivePage = async () => {
		const [units, m, hours] = await Promise.all([
			naiveUnitFigures(naive, scope, p.choice),
			naiveMonthlyFigures(naive, scope, p.choice),
			naiveHeatmap(naive, scope, p.choice)
		]);
		return { units, months: m, hours };
	};
	const slow = await timeRuns(naiveRuns, 1, naivePage, BUDGET_MS.naive, MIN_RUNS.naive);
	const where = `province ${p.name}`;
	// The page shows each unit with its subtree's figures; the naive side sums the subtree itself.
	const paths = new Map(rollup.last.units.map((u) => [u.id, u.path]));
	const keys = [...MONTH_KEYS, 'prevRatings', 'prevSatisfied'] as const;
	const naiveSubtree = slow.last.units.map((u) => {
		const total: Record<string, number> = { id: u.id };
		const path = paths.get(u.id);
		for (const k of keys)
			total[k] = slow.last.units
				.filter((d) => path !== undefined && (paths.get(d.id) ?? '').startsWith(path))
				.reduce((s, d) => s + d[k], 0);
		return total;
	});
	compareKeyed(
		where,
		'unit subtree',
		byKey(rollup.last.units, (u) => String(u.id)),
		byKey(naiveSubtree, (u) => String(u.id)),
		keys
	);
	compareKeyed(
		where,
		'unit own',
		byKey(
			rollup.last.units.map((u) => ({ id: u.id, ...u.own })),
			(u) => String(u.id)
		),
		byKey(slow.last.units, (u) => String(u.id)),
		COUNT_KEYS
	);
	const headline: Record<string, number> = {};
	for (const k of [
		'services',
		'ratings',
		'satisfied',
		'received',
		'completed',
		'onTime',
		'prevRatings',
		'prevSatisfied'
	] as const)
		headline[k] = slow.last.units.reduce((s, u) => s + u[k], 0);
	compareKeyed(
		where,
		'headline',
		new Map([['totals', rollup.last.totals as Record<string, number>]]),
		new Map([['totals', headline]]),
		Object.keys(headline)
	);
	months(where, rollup.last.months, slow.last.months);
	cells(where, 'hour', rollup.last.hours, slow.last.hours);
	return {
		page: 'province',
		period: p.name,
		subject: 'province',
		rollup: rollup.ms,
		naive: slow.ms,
		queries: rollup.queries,
		naiveQueries: slow.queries
	};
}

async function benchOfficer(
	o: OfficerSample,
	p: NamedChoice,
	runs: number,
	naiveRuns: number,
	naive: Runner
): Promise<Sample> {
	const scope = [o.path];
	const rollup = await timeRuns(
		runs,
		WARMUP,
		() => officerDashboard(o.id, scope, p.choice),
		BUDGET_MS.rollup,
		MIN_RUNS.rollup
	);
	const naivePage = async () => {
		const [breakdown, complaints] = await Promise.all([
			naiveOfficerBreakdown(naive, o.id, scope, p.choice),
			officerComplaints(o.id, scope)
		]);
		return { ...breakdown, complaints };
	};
	const slow = await timeRuns(naiveRuns, 1, naivePage, BUDGET_MS.naive, MIN_RUNS.naive);
	const where = `officer ${o.id} ${p.name}`;
	const r = rollup.last;
	const s = slow.last;
	compareKeyed(
		where,
		'totals',
		new Map([['all', r.totals as Record<string, number>]]),
		new Map([['all', s.totals as Record<string, number>]]),
		[...COUNT_KEYS, 'prevRatings', 'prevSatisfied']
	);
	compareKeyed(
		where,
		'level',
		byKey(r.levels, (l) => String(l.level)),
		byKey(s.levels, (l) => String(l.level)),
		['count']
	);
	compareKeyed(
		where,
		'stage',
		byKey(r.stages, (x) => x.stage),
		byKey(s.stages, (x) => x.stage),
		COUNT_KEYS
	);
	compareKeyed(
		where,
		'day',
		byKey(r.daily, (x) => x.day),
		byKey(s.daily, (x) => x.day),
		COUNT_KEYS
	);
	compareKeyed(
		where,
		'reason',
		byKey(r.reasons, (x) => x.code),
		byKey(s.reasons, (x) => x.code),
		['count']
	);
	compareKeyed(
		where,
		'procedure',
		byKey(r.procedures, (x) => String(x.id)),
		byKey(s.procedures, (x) => String(x.id)),
		['ratings', 'satisfied']
	);
	cells(where, 'hour', r.hours, s.hours);
	return {
		page: 'officer',
		period: p.name,
		subject: `officer ${o.id}`,
		rollup: rollup.ms,
		naive: slow.ms,
		queries: rollup.queries,
		naiveQueries: slow.queries
	};
}

/* ------------------------------------------------------------------ the indices page */

/**
 * QĐ 766 per dossier the plain way: every dissatisfied counted rating and every citizen's case
 * of the database made into sets and joined to the dossiers handled (no per-dossier probe).
 */
async function naive766(naive: Runner, scope: Scope, period: { from: Date; to: Date }) {
	const rows = await naive(
		'766 dossier counts',
		sql`
		with h as (
			select d.id, d.unit_id, d.completed_at > d.due_at as late
			from dossiers d join units u on u.id = d.unit_id
			where ${scopeCondition(sql`u.path`, scope)}
				and d.completed_at >= ${period.from.toISOString()}::timestamptz and d.completed_at < ${period.to.toISOString()}::timestamptz
		),
		dis as (
			select distinct r.dossier_id from ratings r
			join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
			where r.dossier_id is not null and l.class = 'dissatisfied' and ${countedRating('r')}
		),
		pet as (select distinct k.dossier_id from complaints k where k.dossier_id is not null and ${citizenCaseFilter('k')})
		select h.unit_id, count(*) as handled, count(dis.dossier_id) as dissatisfied, count(pet.dossier_id) as petitioned,
			count(*) filter (where h.late) as late,
			count(*) filter (where h.late or dis.dossier_id is not null or pet.dossier_id is not null) as not_satisfied
		from h left join dis on dis.dossier_id = h.id left join pet on pet.dossier_id = h.id
		group by h.unit_id`
	);
	return rows.map((r) => ({
		id: Number(r.unit_id),
		handled: Number(r.handled),
		dissatisfied: Number(r.dissatisfied),
		petitioned: Number(r.petitioned),
		late: Number(r.late),
		notSatisfied: Number(r.not_satisfied)
	}));
}

/** A quarter as the indices page's period (it is a month on the page; the figures take any [from, to)). */
function quarterOf(p: NamedChoice): Month {
	return { key: p.choice.from.slice(0, 7), from: localTime(p.choice.from, 0), to: localTime(addDays(p.choice.to, 1), 0) };
}

/**
 * The indices page's server work for one unit subtree or the province over a quarter: what its
 * load runs (indicesReport, QĐ 766 included); naive: the QĐ 766 counts from whole-table sets,
 * which must equal the page's.
 */
async function benchIndices(
	subject: { name: string; scope: Scope },
	p: NamedChoice,
	runs: number,
	naiveRuns: number,
	naive: Runner
): Promise<Sample> {
	const settings = await indexSettings();
	const shown = await unitsInScope(subject.scope === null ? null : [...subject.scope]);
	const quarter = quarterOf(p);
	const page = () =>
		indicesReport({
			scope: subject.scope,
			units: shown.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, path: u.path })),
			month: quarter,
			trendMonths: monthsEnding(p.choice.to.slice(0, 7), 6),
			asOf: localTime(addDays(p.choice.to, 1), 0),
			rule: settings.ranks,
			sipasMapping: settings.sipas,
			settings766: settings.s766
		});
	const rollup = await timeRuns(runs, WARMUP, page, BUDGET_MS.rollup, MIN_RUNS.rollup);
	// naive: the figures the month rollups replace, from the raw rows (QĐ 766 as whole-table sets,
	// TT 01 from every dossier completed, SIPAS from every rating with answers)
	const slow = await timeRuns(
		naiveRuns,
		1,
		() =>
			Promise.all([
				naive766(naive, subject.scope, quarter),
				tt01TalliesRaw(subject.scope, quarter),
				sipasAnswersByUnitRaw(subject.scope, quarter, settings.sipas)
			]),
		BUDGET_MS.naive,
		MIN_RUNS.naive
	);
	const [fast, fastTt01, fastSipas] = await Promise.all([
		dossierCounts766(subject.scope, quarter),
		tt01Tallies(subject.scope, quarter),
		sipasAnswersByUnit(subject.scope, quarter, settings.sipas)
	]);
	const [slow766, slowTt01, slowSipas] = slow.last;
	const where = `indices ${subject.name} ${p.name}`;
	compareKeyed(
		where,
		'766 unit',
		byKey(
			fast.map((r) => ({ id: r.unitId, ...r.counts })),
			(r) => String(r.id)
		),
		byKey(slow766, (r) => String(r.id)),
		['handled', 'dissatisfied', 'petitioned', 'late', 'notSatisfied']
	);
	const tallyRow = (r: { unitId: number; dossiers: number; onTime: number; tallies: { n: number; sum: number }[] }) => ({
		id: r.unitId,
		dossiers: r.dossiers,
		onTime: r.onTime,
		...Object.fromEntries(r.tallies.flatMap((t, i) => [[`n${i + 1}`, t.n], [`s${i + 1}`, t.sum]]))
	});
	const TALLY_KEYS = ['dossiers', 'onTime', ...Array.from({ length: 9 }, (_, i) => [`n${i + 1}`, `s${i + 1}`]).flat()];
	compareKeyed(where, 'TT 01 unit', byKey(fastTt01.units.map(tallyRow), (r) => String(r.id)), byKey(slowTt01.units.map(tallyRow), (r) => String(r.id)), TALLY_KEYS);
	const sipasRows = (rows: typeof fastSipas) => rows.flatMap((u) => u.counts.map((c) => ({ id: `${u.unitId}/${c.factor}`, answers: c.answers, satisfied: c.satisfied })));
	compareKeyed(where, 'SIPAS', byKey(sipasRows(fastSipas), (r) => r.id), byKey(sipasRows(slowSipas), (r) => r.id), ['answers', 'satisfied']);
	return {
		page: 'indices',
		period: p.name,
		subject: subject.name,
		rollup: rollup.ms,
		naive: slow.ms,
		queries: rollup.queries,
		naiveQueries: slow.queries
	};
}

/**
 * overview: what the overview page's load runs (/app): the province dashboard of the viewer's scope
 * plus its glance (targets, peers' ranks, worst unit/hour/officer/counter, officers chart), for the
 * province (scope null) and a unit head's subtree. The naive side recomputes the officer and
 * counter totals from raw ratings and checks them.
 */
async function benchOverview(subject: { name: string; scope: Scope }, p: NamedChoice, runs: number, naiveRuns: number, naive: Runner): Promise<Sample> {
	const shown = await unitsInScope(subject.scope === null ? null : [...subject.scope]);
	const roots = shown.filter((u) => !shown.some((x) => x.id === u.parentId));
	const page = async () => {
		const d = await provinceDashboard(subject.scope, p.choice);
		const glance = await overviewGlance(subject.scope, roots, p.choice, d.totals, d.units.map((u) => ({ ...u, ...u.own })), d.hours);
		return { d, glance };
	};
	const rollup = await timeRuns(runs, WARMUP, page, BUDGET_MS.rollup, MIN_RUNS.rollup);
	const slow = await timeRuns(
		naiveRuns,
		1,
		() => Promise.all([naiveOfficerTotals(naive, subject.scope, p.choice), naiveCounterTotals(naive, subject.scope, p.choice)]),
		BUDGET_MS.naive,
		MIN_RUNS.naive
	);
	const [fastOfficers, fastCounters] = await Promise.all([officerTotals(subject.scope, p.choice), counterTotals(subject.scope, p.choice)]);
	const [slowOfficers, slowCounters] = slow.last;
	type Totals = { id: number; ratings: number; satisfied: number }[];
	const pairs: [string, Totals, Totals][] = [
		['officer totals', fastOfficers, slowOfficers],
		['counter totals', fastCounters, slowCounters]
	];
	for (const [what, fast, raw] of pairs) {
		compareKeyed(
			`overview ${subject.name} ${p.name}`,
			what,
			byKey(fast, (r) => String(r.id)),
			byKey(
				raw.filter((r) => r.ratings > 0),
				(r) => String(r.id)
			),
			['ratings', 'satisfied']
		);
	}
	return { page: 'overview', period: p.name, subject: subject.name, rollup: rollup.ms, naive: slow.ms, queries: rollup.queries, naiveQueries: slow.queries };
}

/* ------------------------------------------------------------------ report */

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const f0 = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : '—');
const pad = (s: string, w: number, right = false) => (right ? s.padStart(w) : s.padEnd(w));

function table(header: string[], rows: string[][], rightFrom = 1): void {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (r: string[]) =>
		`| ${r.map((c, i) => pad(c, widths[i], i >= rightFrom)).join(' | ')} |`;
	console.log(line(header));
	console.log(
		`|${widths.map((w, i) => (i >= rightFrom ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|')}|`
	);
	for (const r of rows) console.log(line(r));
}

function pageTable(samples: Sample[]): boolean {
	let allPass = true;
	const rows: string[][] = [];
	const groups = new Map<string, Sample[]>();
	for (const s of samples) {
		const key = `${s.page}\u0000${s.period}`;
		groups.set(key, [...(groups.get(key) ?? []), s]);
	}
	for (const [key, list] of groups) {
		const [page, period] = key.split('\u0000') as [PageKind, string];
		const r = sorted(list.flatMap((s) => s.rollup));
		const n = sorted(list.flatMap((s) => s.naive));
		const worst = list
			.map((s) => ({ s, p95: percentile(sorted(s.rollup), 95) }))
			.sort((a, b) => b.p95 - a.p95)[0];
		const target = TARGET_MS[page];
		const pass = worst.p95 < target;
		allPass &&= pass;
		rows.push([
			page,
			period,
			`${list.length} / ${r.length} / ${n.length}`,
			f0(percentile(r, 50)),
			f0(percentile(r, 95)),
			`${f0(worst.p95)} (${worst.s.subject})`,
			f0(r[r.length - 1]),
			f0(percentile(n, 50)),
			f0(percentile(n, 95)),
			`${f0(percentile(n, 50) / percentile(r, 50))}×`,
			`< ${target}`,
			pass ? 'pass' : 'FAIL'
		]);
	}
	table(
		[
			'page',
			'period',
			'samples / runs / naive runs',
			'rollup p50',
			'p95',
			'worst sample p95',
			'max',
			'naive p50',
			'naive p95',
			'ratio p50',
			'target p95',
			''
		],
		rows,
		2
	);
	return allPass;
}

/** Rollup-backed figure → the naive query computing the same figure. */
const NAIVE_OF: Record<string, string> = {
	subtreeOfficers: 'naive: officer table',
	monthlyFigures: 'naive: monthly trend',
	heatmap: 'naive: heatmap',
	unitFigures: 'naive: unit comparison',
	'officerBreakdown#1': 'naive: officer days, stages, levels',
	'officerBreakdown#2': 'naive: officer reasons',
	'officerBreakdown#3': 'naive: officer procedures',
	'officerBreakdown#4': 'naive: officer hours',
	dossierCounts766: 'naive: 766 dossier counts'
};

/** Per query: labels "fn@file:line" become "fn" or "fn#k" (k-th query of that function by line). */
function queryNames(records: QueryRecord[]): Map<string, string> {
	const byFn = new Map<string, Set<string>>();
	for (const r of records) {
		const fn = r.label.split('@')[0];
		if (!byFn.has(fn)) byFn.set(fn, new Set());
		byFn.get(fn)!.add(r.label);
	}
	const names = new Map<string, string>();
	for (const [fn, labels] of byFn) {
		const list = [...labels].sort(
			(a, b) => Number(a.split(':').pop()) - Number(b.split(':').pop())
		);
		list.forEach((l, i) => names.set(l, list.length > 1 ? `${fn}#${i + 1}` : fn));
	}
	return names;
}

/** The slowest query of all, and the slowest of those reading a rollup. */
function queryTable(samples: Sample[]): {
	slowest: QueryRecord | null;
	slowestRollup: QueryRecord | null;
} {
	let slowest: QueryRecord | null = null;
	let slowestRollup: QueryRecord | null = null;
	for (const page of Object.keys(TARGET_MS) as PageKind[]) {
		const list = samples.filter((s) => s.page === page);
		if (list.length === 0) continue;
		const rollup = list.flatMap((s) => s.queries);
		const naive = list.flatMap((s) => s.naiveQueries);
		const names = queryNames([...rollup, ...naive.filter((q) => !q.label.startsWith('naive: '))]);
		const group = (records: QueryRecord[]) => {
			const out = new Map<string, number[]>();
			for (const r of records) {
				const name = names.get(r.label) ?? r.label;
				out.set(name, [...(out.get(name) ?? []), r.ms]);
			}
			return out;
		};
		const rg = group(rollup);
		const ng = group(naive);
		const rows = [...rg]
			.map(([name, ms]) => {
				const r = sorted(ms);
				const n = sorted(ng.get(NAIVE_OF[name] ?? name) ?? []);
				return { name, r, n };
			})
			.sort((a, b) => percentile(b.r, 95) - percentile(a.r, 95));
		console.log(
			`\n${page} page, each query (all samples and periods; queries of a page run concurrently):`
		);
		table(
			['query (function)', 'runs', 'rollup p50', 'p95', 'naive p50', 'naive p95', 'ratio p50'],
			rows.map(({ name, r, n }) => [
				NAIVE_OF[name]
					? `${name} (${NAIVE_OF[name].slice(7)})`
					: `${name}${n.length ? ' (raw rows both ways)' : ''}`,
				String(r.length),
				f0(percentile(r, 50)),
				f0(percentile(r, 95)),
				f0(percentile(n, 50)),
				f0(percentile(n, 95)),
				n.length ? `${f0(percentile(n, 50) / percentile(r, 50))}×` : '—'
			])
		);
		for (const q of rollup) {
			if (!slowest || q.ms > slowest.ms) slowest = q;
			if (
				NAIVE_OF[names.get(q.label) ?? ''] &&
				/rollup_/.test(new PgDialect().sqlToQuery(q.query).sql) &&
				(!slowestRollup || q.ms > slowestRollup.ms)
			)
				slowestRollup = q;
		}
	}
	return { slowest, slowestRollup };
}

async function explain(h: DatabaseHandle, title: string, q: QueryRecord): Promise<void> {
	const { sql: text, params } = new PgDialect().sqlToQuery(q.query);
	const plan = (await h.bulk!.unsafe(
		`explain (analyze, buffers) ${text}`,
		params as never[]
	)) as unknown as Record<string, string>[];
	const lines = plan.map((r) => Object.values(r)[0]);
	console.log(
		`\n${title}: ${q.label} (${f0(q.ms)} ms in its slowest run); EXPLAIN (ANALYZE, BUFFERS) now:`
	);
	const shown = lines.filter(
		(l) =>
			!/^\s*(Buffers|Planning:|Worker \d+:|Sort Method|Heap Blocks|I\/O Timings)/.test(l.trim()) ||
			/Time/.test(l)
	);
	for (const l of shown.slice(0, 60)) console.log(`  ${l}`);
	if (shown.length > 60) console.log(`  … ${shown.length - 60} more plan lines`);
	const seq = lines.filter((l) =>
		/Seq Scan on (ratings|dossiers|service_events|rollup_\w+)/.test(l)
	);
	if (seq.length > 0)
		console.log(
			`  Sequential scans of large tables:\n${seq.map((l) => `    ${l.trim()}`).join('\n')}`
		);
}

/* ------------------------------------------------------------------ main */

async function main(): Promise<void> {
	const args = parseDataArgs(process.argv.slice(2));
	const quick = args.rest.quick === true;
	const runs = Number(args.rest.runs ?? (quick ? 10 : 30));
	const naiveRuns = Number(args.rest.naiveRuns ?? (quick ? 1 : 3));
	if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(naiveRuns) || naiveRuns < 1)
		throw new Error('--runs and --naive-runs must be whole numbers ≥ 1');
	const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
	// --pages: only these page kinds (comma-separated, as the report names them)
	const only = typeof args.rest.pages === 'string' ? new Set(args.rest.pages.split(',').map((p) => p.trim())) : null;
	for (const k of only ?? []) if (!(k in TARGET_MS)) throw new Error(`--pages: unknown page ${k} (${Object.keys(TARGET_MS).join(', ')})`);
	const want = (k: PageKind) => only === null || only.has(k);

	const data = await ensureBenchData({
		url,
		params: args.params,
		rollups: args.rollups,
		fresh: args.fresh
	});
	await data.handle.close();
	console.log(describe(data.info));
	printCounts(data.counts);

	const base = await openDatabase({ kind: 'postgres', url });
	const { handle, naive } = recordingHandle(base);
	useDatabase(handle);
	try {
		const today = addDays(data.info.end, -1);
		const periods = periodsEnding(today, quick);
		// Sizes are measured over the span all periods cover together.
		const span = periodFromDays(periods.map((p) => p.choice.from).sort()[0], today);
		const units = await sampleUnits(base, span, quick ? 5 : MAX_UNITS);
		const officers = await sampleOfficers(base, span, quick ? 4 : OFFICERS);
		console.log(
			`\nToday = ${today}; periods: ${periods.map((p) => `${p.name} (${p.choice.from}…${p.choice.to})`).join(', ')}`
		);
		console.log(
			`Units (subtree ratings over ${span.from}…${span.to}): ${units.map((u) => `${u.code} ${u.ratings.toLocaleString('en')}`).join(', ')}`
		);
		console.log(
			`Officers (ratings over ${span.from}…${span.to}): ${officers.map((o) => `${o.id} ${o.ratings.toLocaleString('en')}`).join(', ')}`
		);
		console.log(
			`${runs} timed runs per page and sample after ${WARMUP} warm-ups (fewer, at least ${MIN_RUNS.rollup}, once a sample's runs add up to ${BUDGET_MS.rollup / 1000} s); ` +
				`naive pages ${naiveRuns} timed runs after 1 untimed (at least ${MIN_RUNS.naive}, within ${BUDGET_MS.naive / 1000} s).\n`
		);

		const samples: Sample[] = [];
		const began = performance.now();
		const loadBefore = os.loadavg()[0];
		for (const p of periods) {
			if (want('province')) samples.push(await benchProvince(p, runs, naiveRuns, naive));
			if (want('overview')) samples.push(await benchOverview({ name: 'province', scope: null }, p, runs, naiveRuns, naive));
			if (!p.provinceOnly) {
				const busiest = units[units.length - 1];
				if (busiest && want('overview')) samples.push(await benchOverview({ name: busiest.code, scope: [busiest.path] }, p, runs, naiveRuns, naive));
				if (want('unit head')) for (const u of units) samples.push(await benchUnitHead(u, p, runs, naiveRuns, naive));
				if (want('officer')) for (const o of officers) samples.push(await benchOfficer(o, p, runs, naiveRuns, naive));
			}
			// the indices page over the last full quarter: the province and the busiest sampled unit
			if (p.name.startsWith('quarter') && want('indices')) {
				samples.push(await benchIndices({ name: 'province', scope: null }, p, runs, naiveRuns, naive));
				const busiest = units[units.length - 1];
				if (busiest) samples.push(await benchIndices({ name: busiest.code, scope: [busiest.path] }, p, runs, naiveRuns, naive));
			}
			const last = samples.filter((s) => s.period === p.name);
			console.log(
				`${p.name}: ${last.length} samples, ${Math.round((performance.now() - began) / 1000)} s so far`
			);
		}

		console.log(
			`\n${os.cpus().length} cores; load average ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (other work on the machine slows every figure alike)`
		);
		console.log(
			`\nPages (ms, server-side work; p50/p95 over all samples' runs, worst = highest per-sample p95, which the target applies to):`
		);
		const pass = pageTable(samples);
		const { slowest, slowestRollup } = queryTable(samples);
		if (slowest) await explain(base, 'Slowest query', slowest);
		if (slowestRollup && slowestRollup !== slowest)
			await explain(base, 'Slowest query reading a rollup', slowestRollup);

		console.log(
			`\nEquality (rollup figures = naive figures from raw rows) over ${samples.length} samples: ${mismatches.length === 0 ? 'all equal' : `${mismatches.length} MISMATCHES`}`
		);
		for (const m of mismatches.slice(0, 40)) console.log(`  ${m}`);
		if (mismatches.length > 40) console.log(`  … and ${mismatches.length - 40} more`);
		console.log(
			`Targets: ${pass ? 'every page within its target' : 'NOT every page within its target (see FAIL rows)'}`
		);
		if (process.env.BENCH_JSON) {
			const fs = await import('node:fs');
			fs.writeFileSync(
				process.env.BENCH_JSON,
				JSON.stringify(
					{
						info: data.info,
						counts: data.counts,
						samples: samples.map(({ queries, naiveQueries, ...s }) => ({
							...s,
							queries: queries.map(({ label, ms }) => ({ label, ms })),
							naiveQueries: naiveQueries.map(({ label, ms }) => ({ label, ms }))
						})),
						mismatches
					},
					null,
					1
				)
			);
		}
		if (mismatches.length > 0) process.exitCode = 1;
	} finally {
		await base.close();
	}
}

await main();
