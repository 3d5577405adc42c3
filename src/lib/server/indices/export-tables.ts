/**
 * The indices page's tables and the late-dossier list as export tables: the same rows and
 * figures the pages show, headers in the reader's language, the filters and formulas above
 * them. Pure functions of the page's figures. A figure the data cannot support ("no data") is
 * an empty cell in a number column, never 0 and never full marks.
 */
import { error } from '@sveltejs/kit';
import { formatNumber, translate, type Locale, type MessageKey } from '$lib/i18n';
import type { ExportColumn, ExportFormat, ExportRow, ExportTable } from '../exports';
import { localName, vietnamWallClock } from '../exports/table';
import type { BookSheet } from '../exports/book';
import type { ApologyStatus, NoticeFilter } from './late';
import type { IndicesReport } from './report';
import { SIPAS_FACTORS, MAIN_LEVEL } from './satisfaction';
import { complaintHandlingPoints, OFFICER_INDICATORS, TT01_INDICATORS, UNIT_INDICATORS, type GridResult, type RankRule } from './tt01';
import { tt01Citations } from './tt01-sources';
import { citation, RULESET, type SourceId } from '../legal/sources';

type Filter = ExportTable['filters'][number];

/** An instant as Vietnam wall-clock time, day first, the same in both languages: '02/11/2026 09:00'. */
export function wallClockText(at: Date | string): string {
	const { day, time } = vietnamWallClock(typeof at === 'string' ? new Date(at) : at);
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} ${time}`;
}
/** 'YYYY-MM' as the page writes it: MM/YYYY. */
export const monthLabel = (key: string) => `${key.slice(5, 7)}/${key.slice(0, 4)}`;

export interface IndicesExportContext {
	locale: Locale;
	/** The month shown, 'YYYY-MM'. */
	month: string;
	/** The chosen unit's name, or "every unit in scope". */
	place: string;
	rule: RankRule;
	/** Code and parent unit's name of every unit that may appear, by id. */
	units: ReadonlyMap<number, { code: string; parent: string | null }>;
}

// ---- which table ---------------------------------------------------------------------------

export const INDICES_TABLES = ['tt01', 'tt01unit', 'officers', '766', 'ratings', 'trend', 'sipas'] as const;
export type IndicesTable = (typeof INDICES_TABLES)[number];

/**
 * `?table=` of the indices export: one of the page's tables, or `all` (the default) for a
 * workbook with a sheet per table. A CSV holds one table, so `all` is XLSX only: anything else
 * is a 400 a person can act on.
 */
export function indicesTableParam(url: URL, format: 'csv' | 'xlsx', locale: Locale): IndicesTable | 'all' {
	const asked = url.searchParams.get('table') ?? 'all';
	if ((INDICES_TABLES as readonly string[]).includes(asked)) return asked as IndicesTable;
	if (asked === 'all' && format === 'xlsx') return 'all';
	error(400, translate(locale, 'exports.indices766.badTable'));
}

// ---- shared pieces -------------------------------------------------------------------------

function scopeFilters(ctx: IndicesExportContext): Filter[] {
	return [
		{ label: translate(ctx.locale, 'indices.filter.month'), value: monthLabel(ctx.month) },
		{ label: translate(ctx.locale, 'indices.filter.unit'), value: ctx.place }
	];
}

function unitColumns(locale: Locale): ExportColumn[] {
	return [
		{ key: 'code', header: translate(locale, 'exports.common.unitCode'), kind: 'text' },
		{ key: 'unit', header: translate(locale, 'indices.col.unit'), kind: 'text' },
		{ key: 'parent', header: translate(locale, 'exports.common.parent'), kind: 'text' }
	];
}

type UnitLike = { id: number; nameVi: string; nameEn: string | null };

function unitCells(ctx: IndicesExportContext, u: UnitLike | null) {
	if (u === null) return { code: null, unit: translate(ctx.locale, 'indices.total'), parent: null };
	const info = ctx.units.get(u.id);
	return { code: info?.code ?? null, unit: localName(ctx.locale, u.nameVi, u.nameEn), parent: info?.parent ?? null };
}

function rankBands(locale: Locale, rule: RankRule): string {
	return translate(locale, rule.excellentStrict ? 'indices.rank.bandsStrict' : 'indices.rank.bands', {
		excellent: formatNumber(locale, rule.excellent),
		good: formatNumber(locale, rule.good),
		fair: formatNumber(locale, rule.fair),
		average: formatNumber(locale, rule.average)
	});
}

function gridColumns(locale: Locale, indicators: readonly number[]): ExportColumn[] {
	return [
		{ key: 'dossiers', header: translate(locale, 'indices.col.dossiers'), kind: 'integer' },
		...indicators.map((n): ExportColumn => ({ key: `i${n}`, header: translate(locale, 'exports.indices.col.indicator', { n }), kind: 'number' })),
		{ key: 'scored', header: translate(locale, 'exports.indices.col.scored', { of: indicators.length }), kind: 'integer' },
		{ key: 'missing', header: translate(locale, 'exports.indices.col.missing'), kind: 'integer' },
		{ key: 'score', header: translate(locale, 'indices.col.score'), kind: 'number' },
		{ key: 'max', header: translate(locale, 'exports.indices.col.max'), kind: 'integer' },
		{ key: 'score18', header: translate(locale, 'indices.col.score18'), kind: 'number' },
		{ key: 'rank', header: translate(locale, 'indices.col.rank'), kind: 'text' }
	];
}

/** A grid's cells: an indicator without data, and a score with nothing scored, stay empty. */
function gridCells(locale: Locale, g: GridResult): ExportRow {
	const cells: ExportRow = {
		dossiers: g.dossiers,
		scored: g.scored,
		missing: g.missing,
		score: g.total,
		max: g.scored > 0 ? g.max : null,
		score18: g.score18,
		rank: g.rank ? translate(locale, `indices.rank.${g.rank}`) : translate(locale, 'indices.unranked')
	};
	for (const i of g.indicators) cells[`i${i.indicator}`] = i.mean;
	return cells;
}

function indicatorLegend(locale: Locale, indicators: readonly number[]): Filter[] {
	return indicators.map((n) => ({
		label: translate(locale, 'indices.col.indicator', { n }),
		value: translate(locale, `indices.ind.${n}` as MessageKey)
	}));
}

/** The legal basis of each part of the TT 01 grid (legal/sources.ts), unconfirmed ones marked. */
function tt01SourceFilters(locale: Locale): Filter[] {
	return tt01Citations().map((c) => ({
		label: translate(locale, 'indices.tt01.sources'),
		value: `${c.cite}: ${locale === 'en' ? c.subjectEn : c.subjectVi}${c.confirmed ? '' : ` (${translate(locale, 'indices.tt01.unconfirmed')})`}`
	}));
}

// ---- the page's tables ---------------------------------------------------------------------

/** Thông tư 01/2018 per unit with dossiers completed in the month, and the total of the subtree. */
export function tt01UnitsTable(ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const { locale, rule } = ctx;
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(locale, k, p);
	const rows =
		report.total.completed === 0
			? []
			: [
					...report.units.filter((u) => u.completed > 0).map((u) => ({ ...unitCells(ctx, u), ...gridCells(locale, u.grid) })),
					{ ...unitCells(ctx, null), ...gridCells(locale, report.total.grid) }
				];
	return {
		title: t('exports.indices.tt01.title', { month: monthLabel(ctx.month) }),
		filters: [
			...scopeFilters(ctx),
			{ label: t('exports.common.method'), value: t('indices.tt01.formula', { min: rule.minIndicators }) },
			{ label: t('exports.common.formula'), value: t('indices.tt01.formulaMath') },
			{ label: t('indices.rank.title'), value: rankBands(locale, rule) },
			{ label: t('exports.common.note'), value: t('exports.common.noData') },
			{ label: t('exports.common.note'), value: t('indices.tt01.unitGroup', { quarter: report.tt01Quarter.quarter, year: report.tt01Quarter.year }) + ': ' + UNIT_INDICATORS.join(', ') },
			...tt01SourceFilters(locale),
			...indicatorLegend(locale, TT01_INDICATORS)
		],
		columns: [...unitColumns(locale), ...gridColumns(locale, TT01_INDICATORS)],
		rows
	};
}

/**
 * TT 01 indicators 5 and 8 of the quarter: each unit's self-score and verified score side by
 * side, as provincial reports show them, with the petitions evidence beside indicator 8. A score
 * not entered is an empty cell.
 */
export function tt01UnitLevelTable(ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const { locale } = ctx;
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(locale, k, p);
	const q = report.tt01Quarter;
	const rows = report.units
		.filter((u) => u.unitLevel.scores.length > 0 || u.unitLevel.petitions !== null)
		.map((u) => {
			const cells: ExportRow = { ...unitCells(ctx, u) };
			for (const n of UNIT_INDICATORS) {
				const s = u.unitLevel.scores.find((x) => x.indicator === n);
				cells[`self${n}`] = s?.self ?? null;
				cells[`verified${n}`] = s?.verified ?? null;
			}
			const p = u.unitLevel.petitions;
			cells.petitions = p?.petitions ?? 0;
			cells.petitionsOnTime = p?.onTime ?? 0;
			cells.suggested = complaintHandlingPoints(p?.petitions ?? 0, p?.onTime ?? 0);
			return cells;
		});
	return {
		title: t('exports.indices.tt01unit.title', { quarter: q.quarter, year: q.year }),
		filters: [
			...scopeFilters(ctx),
			{ label: t('exports.common.method'), value: t('indices.tt01.unit.intro') },
			{ label: t('exports.common.note'), value: t('exports.common.noData') },
			...tt01SourceFilters(locale),
			...indicatorLegend(locale, UNIT_INDICATORS)
		],
		columns: [
			...unitColumns(locale),
			...UNIT_INDICATORS.flatMap((n): ExportColumn[] => [
				{ key: `self${n}`, header: t('exports.indices.tt01unit.self', { n }), kind: 'integer' },
				{ key: `verified${n}`, header: t('exports.indices.tt01unit.verified', { n }), kind: 'integer' }
			]),
			{ key: 'petitions', header: t('exports.indices.tt01unit.petitions'), kind: 'integer' },
			{ key: 'petitionsOnTime', header: t('exports.indices.tt01unit.onTime'), kind: 'integer' },
			{ key: 'suggested', header: t('exports.indices.tt01unit.suggested'), kind: 'integer' }
		],
		rows
	};
}

/** The officer grid (indicators 1, 2, 3, 4 and 7). */
export function tt01OfficersTable(ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const { locale, rule } = ctx;
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(locale, k, p);
	return {
		title: t('exports.indices.officers.title', { month: monthLabel(ctx.month) }),
		filters: [
			...scopeFilters(ctx),
			{ label: t('exports.common.formula'), value: t('indices.officers.formula', { min: rule.minOfficerIndicators }) },
			{ label: t('indices.rank.title'), value: rankBands(locale, rule) },
			{ label: t('exports.common.note'), value: t('exports.common.noData') },
			...indicatorLegend(locale, OFFICER_INDICATORS)
		],
		columns: [
			{ key: 'name', header: t('dash.col.name'), kind: 'text' },
			{ key: 'staffNumber', header: t('dash.col.staffNumber'), kind: 'text' },
			...gridColumns(locale, OFFICER_INDICATORS)
		],
		rows: report.officers.map((o) => ({ name: o.fullName, staffNumber: o.staffNumber, ...gridCells(locale, o.grid) }))
	};
}

/** A target as set (a whole percent, or to one decimal): "95%", "92,5%". */
export function targetText(locale: Locale, ratio: number): string {
	const tenths = Math.round(ratio * 1000);
	return `${formatNumber(locale, tenths / 10, tenths % 10 === 0 ? 0 : 1)}%`;
}

/**
 * The QĐ 766 satisfaction component in the layout a reform team sends upward: one row per unit
 * (its own dossiers and cases) and the total of the selection, each figure's legal basis above
 * the table and in the last column.
 */
export function s766Table(ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const { locale } = ctx;
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(locale, k, p);
	const r = report.s766;
	const max = formatNumber(locale, r.settings.maxPoints);
	const target = targetText(locale, r.total.target);
	const cite = (s: { citation: string; confirmed: boolean }) => (s.confirmed ? s.citation : `${s.citation} (${t('indices766.unconfirmed')})`);
	const sourceCell = `${r.sources.rate.citation}; ${r.sources.target.citation}`;
	const cells = (f: IndicesReport['s766']['total']) => ({
		handled: f.handled,
		dissatisfied: f.dissatisfied,
		petitioned: f.petitioned,
		late: f.late,
		notSatisfied: f.notSatisfied,
		rate: f.rate,
		target: f.target,
		points: f.points,
		petitionsClosed: f.closed,
		petitionsOnTime: f.closedOnTime,
		petitionsOnTimeRate: f.petitionsOnTimeRate,
		answered: f.answered,
		answeredSatisfied: f.satisfied,
		petitionSatisfactionRate: f.petitionSatisfactionRate,
		source: sourceCell
	});
	const empty = r.total.handled === 0 && r.total.closed === 0;
	const unitRows = r.units.map((u) => ({ ...unitCells(ctx, u), ...cells(u.figures) }));
	return {
		title: t('exports.indices766.title', { month: monthLabel(ctx.month) }),
		filters: [
			...scopeFilters(ctx),
			{ label: t('exports.common.formula'), value: `${t('indices766.formula.rate')} — ${cite(r.sources.rate)}` },
			{
				label: t('exports.indices766.rule'),
				value: `${t(r.settings.rule === 'threshold' ? 'indices766.formula.threshold' : 'indices766.formula.proportional', { max, target })} — ${cite(r.sources.points)}`
			},
			{ label: t('indices766.col.target'), value: `${t('indices766.formula.target', { year: r.year, target })} — ${cite(r.sources.target)}` },
			{ label: t('exports.common.formula'), value: `${t('indices766.formula.petitionsOnTime')} — ${cite(r.sources.petitionsOnTime)}` },
			{ label: t('exports.common.formula'), value: `${t('indices766.formula.petitionSatisfaction')} — ${cite(r.sources.petitionSatisfaction)}` },
			{ label: t('exports.common.note'), value: t('indices766.intro') },
			{ label: t('exports.common.note'), value: t('exports.common.noData') }
		],
		columns: [
			...unitColumns(locale),
			{ key: 'handled', header: t('indices766.col.handled'), kind: 'integer' },
			{ key: 'dissatisfied', header: t('indices766.col.dissatisfied'), kind: 'integer' },
			{ key: 'petitioned', header: t('indices766.col.petitioned'), kind: 'integer' },
			{ key: 'late', header: t('indices766.col.late'), kind: 'integer' },
			{ key: 'notSatisfied', header: t('indices766.col.notSatisfied'), kind: 'integer' },
			{ key: 'rate', header: t('indices766.col.rate'), kind: 'percent' },
			{ key: 'target', header: t('indices766.col.target'), kind: 'percent' },
			{ key: 'points', header: t('indices766.col.points', { max }), kind: 'number' },
			{ key: 'petitionsClosed', header: t('indices766.col.petitionsClosed'), kind: 'integer' },
			{ key: 'petitionsOnTime', header: t('indices766.col.petitionsOnTime'), kind: 'integer' },
			{ key: 'petitionsOnTimeRate', header: t('indices766.col.petitionsOnTimeRate'), kind: 'percent' },
			{ key: 'answered', header: t('indices766.col.answered'), kind: 'integer' },
			{ key: 'answeredSatisfied', header: t('indices766.col.answeredSatisfied'), kind: 'integer' },
			{ key: 'petitionSatisfactionRate', header: t('indices766.col.petitionSatisfactionRate'), kind: 'percent' },
			{ key: 'source', header: t('indices766.col.source'), kind: 'text' }
		],
		rows: empty ? [] : [...unitRows, { ...unitCells(ctx, null), ...cells(r.total) }]
	};
}

/** Share of satisfied ratings and the on-time rate per unit, and the total (not a 766 figure). */
export function ratingsTable(ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(ctx.locale, k, p);
	const cells = (f: IndicesReport['total']) => ({
		counted: f.counted,
		satisfied: f.satisfied,
		satisfactionRate: f.satisfactionRate,
		completed: f.completed,
		onTime: f.onTime,
		onTimeRate: f.onTimeRate
	});
	const empty = report.total.counted === 0 && report.total.completed === 0;
	return {
		title: t('exports.indices766.ratings.title', { month: monthLabel(ctx.month) }),
		filters: [
			...scopeFilters(ctx),
			{ label: t('exports.common.formula'), value: t('indices766.ratings.formula') },
			{ label: t('exports.common.formula'), value: t('indices.ontime.formula') },
			...legalFilters(ctx.locale, ['nd118OnTime']),
			{ label: t('exports.common.note'), value: t('indices766.ratings.intro') },
			{ label: t('exports.common.note'), value: t('exports.common.noData') }
		],
		columns: [
			...unitColumns(ctx.locale),
			{ key: 'counted', header: t('indices.s766.counted'), kind: 'integer' },
			{ key: 'satisfied', header: t('indices.s766.satisfied'), kind: 'integer' },
			{ key: 'satisfactionRate', header: t('indices766.ratings.title'), kind: 'percent' },
			{ key: 'completed', header: t('indices.ontime.completed'), kind: 'integer' },
			{ key: 'onTime', header: t('indices.ontime.onTime'), kind: 'integer' },
			{ key: 'onTimeRate', header: t('indices.ontime.rate'), kind: 'percent' }
		],
		rows: empty ? [] : [...report.units.map((u) => ({ ...unitCells(ctx, u), ...cells(u) })), { ...unitCells(ctx, null), ...cells(report.total) }]
	};
}

/** The six months up to the one shown, for the whole subtree. */
export function trendTable(ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const t = (k: MessageKey) => translate(ctx.locale, k);
	const first = report.trend[0]?.month;
	const last = report.trend[report.trend.length - 1]?.month;
	return {
		title: translate(ctx.locale, 'exports.indices.trend.title', { month: monthLabel(ctx.month) }),
		filters: [
			{ label: t('exports.indices.months'), value: first && last ? `${monthLabel(first)} – ${monthLabel(last)}` : monthLabel(ctx.month) },
			{ label: t('indices.filter.unit'), value: ctx.place },
			{ label: t('exports.common.formula'), value: t('indices766.ratings.formula') },
			{ label: t('exports.common.formula'), value: t('indices.ontime.formula') },
			...legalFilters(ctx.locale, ['nd118OnTime'])
		],
		columns: [
			{ key: 'month', header: t('indices.col.month'), kind: 'text' },
			{ key: 'counted', header: t('indices.s766.counted'), kind: 'integer' },
			{ key: 'satisfactionRate', header: t('indices766.ratings.title'), kind: 'percent' },
			{ key: 'completed', header: t('indices.ontime.completed'), kind: 'integer' },
			{ key: 'onTimeRate', header: t('indices.ontime.rate'), kind: 'percent' }
		],
		rows: report.trend.map((m) => ({ ...m, month: monthLabel(m.month) }))
	};
}

/** The SIPAS five factors per unit and in total: each factor's rate and answers, and the overall index. */
export function sipasTable(ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const { locale } = ctx;
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(locale, k, p);
	const factorName = (f: string) => t(`indices.sipas.factor.${f}` as MessageKey);
	const source = (key: string | null) =>
		key === null ? t('indices.sipas.notAsked') : key === MAIN_LEVEL ? t('indices.sipas.sourceLevel') : t('indices.sipas.sourceKey', { key });
	const cells = (s: IndicesReport['total']['sipas']) => {
		const out: ExportRow = { overall: s.overall, withData: s.withData };
		for (const f of s.factors) {
			out[`${f.factor}Rate`] = f.rate;
			// not asked: no count at all; asked and unanswered: 0 answers (and no rate)
			out[`${f.factor}Answers`] = f.asked ? f.answers : null;
		}
		return out;
	};
	return {
		title: t('exports.indices.sipas.title', { month: monthLabel(ctx.month) }),
		filters: [
			...scopeFilters(ctx),
			{ label: t('exports.common.formula'), value: t('indices.sipas.formula') },
			...legalFilters(ctx.locale, ['qd2640Sipas', 'sipasSurvey']),
			...SIPAS_FACTORS.map((f) => ({ label: t('exports.indices.sipas.source', { factor: factorName(f) }), value: source(report.sipasMapping[f]) })),
			{ label: t('exports.common.note'), value: t('exports.common.noData') }
		],
		columns: [
			...unitColumns(locale),
			...SIPAS_FACTORS.flatMap((f): ExportColumn[] => [
				{ key: `${f}Rate`, header: t('exports.indices.sipas.rate', { factor: factorName(f) }), kind: 'percent' },
				{ key: `${f}Answers`, header: t('exports.indices.sipas.answers', { factor: factorName(f) }), kind: 'integer' }
			]),
			{ key: 'overall', header: t('indices.sipas.overall'), kind: 'percent' },
			{ key: 'withData', header: t('exports.indices.sipas.withData'), kind: 'integer' }
		],
		rows: [...report.units.map((u) => ({ ...unitCells(ctx, u), ...cells(u.sipas) })), { ...unitCells(ctx, null), ...cells(report.total.sipas) }]
	};
}

const BUILDERS: Record<IndicesTable, (ctx: IndicesExportContext, report: IndicesReport) => ExportTable> = {
	tt01: tt01UnitsTable,
	tt01unit: tt01UnitLevelTable,
	officers: tt01OfficersTable,
	'766': s766Table,
	ratings: ratingsTable,
	trend: trendTable,
	sipas: sipasTable
};
const SHEETS: Record<IndicesTable, MessageKey> = {
	tt01: 'exports.indices.sheet.tt01',
	tt01unit: 'exports.indices.sheet.tt01unit',
	officers: 'exports.indices.sheet.officers',
	'766': 'exports.indices766.sheet.s766',
	ratings: 'exports.indices766.sheet.ratings',
	trend: 'exports.indices.sheet.trend',
	sipas: 'exports.indices.sheet.sipas'
};

export function indicesTable(which: IndicesTable, ctx: IndicesExportContext, report: IndicesReport): ExportTable {
	const table = BUILDERS[which](ctx, report);
	return { ...table, filters: [...table.filters, rulesetFilter(ctx.locale)] };
}

/** The rule set every figure of the page was computed under (legal/sources.ts RULESET). */
function rulesetFilter(locale: Locale): Filter {
	return { label: translate(locale, 'legal.ruleset'), value: `${locale === 'en' ? RULESET.labelEn : RULESET.labelVi} — ${RULESET.version}` };
}

/** "Căn cứ: Nghị định 118/2025/NĐ-CP, … (chưa đối chiếu văn bản gốc)" for the sources given. */
function legalFilters(locale: Locale, ids: readonly SourceId[]): Filter[] {
	return ids.map((id) => {
		const c = citation(id);
		return { label: translate(locale, 'legal.basis'), value: c.confirmed ? c.citation : `${c.citation} (${translate(locale, 'legal.unconfirmed')})` };
	});
}

/** Every table of the page, a sheet each, in the page's order. */
export function indicesBook(ctx: IndicesExportContext, report: IndicesReport): { title: string; filters: Filter[]; sheets: BookSheet[] } {
	return {
		title: translate(ctx.locale, 'exports.indices.book', { month: monthLabel(ctx.month), unit: ctx.place }),
		filters: scopeFilters(ctx),
		sheets: INDICES_TABLES.map((which) => ({ name: translate(ctx.locale, SHEETS[which]), table: indicesTable(which, ctx, report) }))
	};
}

// ---- late dossiers -------------------------------------------------------------------------

/**
 * At most this many late dossiers in one file; the file says so when the filter holds more.
 * exceljs builds a workbook in memory: at the CSV's cap this table took far more memory and time
 * than the plain-text CSV (docs/benchmarks.md, "Figures behind code decisions"), so the XLSX
 * stops lower.
 */
export const LATE_EXPORT_CAP: Record<ExportFormat, number> = { csv: 50_000, xlsx: 20_000 };

/** A row of the late-dossier list, as the page's loader shapes it (instants as ISO strings). */
export interface LateListRow {
	id: number;
	code: string;
	unitVi: string;
	unitEn: string | null;
	procedureVi: string;
	procedureEn: string | null;
	dueAt: string;
	completedAt: string | null;
	daysLate: number;
	officer: { id: number; fullName: string; staffNumber: string } | null;
	/** The first Phiếu xin lỗi và hẹn lại ngày trả kết quả; `slips` > 1: re-appointed more than once. */
	apology: { status: ApologyStatus; number: string | null; issuedAt: string; newDueAt: string | null; slips: number } | null;
	explanation: { number: string | null; issuedAt: string } | null;
	flagged: boolean;
}

export interface LateExportContext {
	locale: Locale;
	month: string;
	place: string;
	notice: NoticeFilter;
	/** The instant "days late" of open dossiers is counted to. */
	asOf: Date;
	/** Late dossiers matching the filter, however many the file holds. */
	total: number;
	format: ExportFormat;
}

export function lateTable(ctx: LateExportContext, rows: readonly LateListRow[]): ExportTable {
	const { locale } = ctx;
	const t = (k: MessageKey, p?: Record<string, string | number>) => translate(locale, k, p);
	const filters: Filter[] = [
		{ label: t('indices.filter.month'), value: monthLabel(ctx.month) },
		{ label: t('indices.filter.unit'), value: ctx.place },
		{ label: t('indices.late.filter.notice'), value: t(`indices.late.notice.${ctx.notice}`) },
		{ label: t('exports.common.asOf'), value: wallClockText(ctx.asOf) },
		{ label: t('exports.late.count'), value: formatNumber(locale, ctx.total) }
	];
	if (rows.length < ctx.total) {
		const counts = { shown: formatNumber(locale, rows.length), total: formatNumber(locale, ctx.total) };
		// a workbook stops before a CSV does: say when the CSV would hold them all
		const csvHolds = ctx.format === 'xlsx' && ctx.total <= LATE_EXPORT_CAP.csv;
		filters.push({ label: t('exports.late.cap'), value: t(csvHolds ? 'exports.late.cappedXlsx' : 'exports.late.capped', counts) });
	}
	filters.push(
		{ label: t('exports.common.note'), value: t('indices.late.flagRule') },
		{ label: t('exports.common.note'), value: t('indices.late.daysRule') }
	);
	return {
		title: t('exports.late.title', { month: monthLabel(ctx.month) }),
		filters,
		columns: [
			{ key: 'code', header: t('indices.late.col.code'), kind: 'text' },
			{ key: 'unit', header: t('indices.col.unit'), kind: 'text' },
			{ key: 'procedure', header: t('indices.late.col.procedure'), kind: 'text' },
			{ key: 'dueAt', header: t('indices.late.col.due'), kind: 'datetime' },
			{ key: 'completedAt', header: t('indices.late.col.completed'), kind: 'datetime' },
			{ key: 'state', header: t('exports.late.col.state'), kind: 'text' },
			{ key: 'daysLate', header: t('indices.late.col.daysLate'), kind: 'integer' },
			{ key: 'officer', header: t('indices.late.col.officer'), kind: 'text' },
			{ key: 'staffNumber', header: t('dash.col.staffNumber'), kind: 'text' },
			{ key: 'apology', header: t('exports.late.col.apologyStatus'), kind: 'text' },
			{ key: 'apologyNumber', header: t('exports.late.col.apologyNumber'), kind: 'text' },
			{ key: 'apologyAt', header: t('exports.late.col.apologyAt'), kind: 'datetime' },
			{ key: 'newDueAt', header: t('exports.late.col.newDue'), kind: 'datetime' },
			{ key: 'slips', header: t('exports.late.col.slips'), kind: 'integer' },
			{ key: 'explanation', header: t('exports.late.col.explanationStatus'), kind: 'text' },
			{ key: 'explanationNumber', header: t('exports.late.col.explanationNumber'), kind: 'text' },
			{ key: 'explanationAt', header: t('exports.late.col.explanationAt'), kind: 'datetime' },
			{ key: 'flagged', header: t('exports.late.col.flag'), kind: 'text' }
		],
		rows: rows.map((r) => ({
			code: r.code,
			unit: localName(locale, r.unitVi, r.unitEn),
			procedure: localName(locale, r.procedureVi, r.procedureEn),
			dueAt: r.dueAt,
			completedAt: r.completedAt,
			state: r.completedAt ? t('exports.late.done') : t('indices.late.open'),
			daysLate: r.daysLate,
			officer: r.officer?.fullName ?? null,
			staffNumber: r.officer?.staffNumber ?? null,
			apology: t(`exports.late.apology.${r.apology?.status ?? 'none'}`),
			apologyNumber: r.apology?.number ?? null,
			apologyAt: r.apology?.issuedAt ?? null,
			newDueAt: r.apology?.newDueAt ?? null,
			slips: r.apology?.slips ?? 0,
			explanation: t(r.explanation ? 'exports.late.explanation.issued' : 'exports.late.explanation.none'),
			explanationNumber: r.explanation?.number ?? null,
			explanationAt: r.explanation?.issuedAt ?? null,
			flagged: t(r.flagged ? 'dash.yes' : 'dash.no')
		}))
	};
}
