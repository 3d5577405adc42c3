import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { formatNumber, formatPercent, type Locale } from '$lib/i18n/format';

/**
 * What a dashboard says about a chart: categories, one or more series, how values read. The
 * labels and series names arrive translated; values are raw (ratios 0–1 for percent).
 */
export type ChartValueKind = 'integer' | 'number' | 'percent';

export type ChartSeries = {
	label: string;
	values: (number | null)[];
	color?: string;
	/** One colour per bar (a graded scale), overriding `color` for bars. */
	colors?: string[];
};

export type ChartSpec = {
	type: 'bar' | 'line';
	labels: string[];
	series: ChartSeries[];
	valueKind?: ChartValueKind;
	locale: Locale;
	/** Bars drawn sideways (long unit names read better). */
	horizontal?: boolean;
	stacked?: boolean;
	/** Fixes the value axis (e.g. 0–1 for rates) instead of fitting it to the data. */
	min?: number;
	max?: number;
	/** The last category is a period still running (this month): a dashed line, a pale outlined bar. */
	partialLast?: boolean;
};

/** Colours from the app's palette, distinguishable in greyscale order as well (AA on white). */
export const SERIES_COLOURS = ['#0b5d4b', '#b3261e', '#8a5300', '#1a5fb4', '#6a3d9a', '#4a5664'];

/** A value as Vietnamese (or English) readers write it: 1.234, 91,5%. */
export function formatValue(kind: ChartValueKind, locale: Locale, v: number | null): string {
	if (v === null || !Number.isFinite(v)) return '—';
	if (kind === 'percent') return formatPercent(locale, v);
	return formatNumber(locale, v, kind === 'integer' ? 0 : Number.isInteger(v) ? 0 : 1);
}

/**
 * The chart.js configuration for a spec: no chart.js defaults leak into how numbers read
 * (ticks and tooltips go through formatValue), and motion is off when the reader asked for
 * less of it.
 */
export function chartConfig(
	spec: ChartSpec,
	reducedMotion: boolean
): ChartConfiguration<'bar' | 'line'> {
	const kind = spec.valueKind ?? 'number';
	const valueAxis = spec.horizontal ? 'x' : 'y';
	const categoryAxis = spec.horizontal ? 'y' : 'x';
	const datasets = spec.series.map((s, i): ChartDataset<'bar' | 'line', (number | null)[]> => {
		const colour = s.color ?? SERIES_COLOURS[i % SERIES_COLOURS.length];
		const last = s.values.length - 1;
		const partial = (j: number) => spec.partialLast === true && j === last;
		if (spec.type === 'line')
			return {
				label: s.label,
				data: s.values,
				backgroundColor: colour,
				borderColor: colour,
				borderWidth: 2,
				// a line keeps gaps where a month has no ratings rather than inventing a value
				spanGaps: false,
				pointRadius: 3,
				// the running month: the segment into it dashed, its point hollow
				pointBackgroundColor: s.values.map((_, j) => (partial(j) ? '#ffffff' : colour)),
				segment: { borderDash: (ctx: { p1DataIndex: number }) => (partial(ctx.p1DataIndex) ? [6, 4] : undefined) }
			} as ChartDataset<'bar' | 'line', (number | null)[]>;
		const fills = s.values.map((_, j) => (s.colors?.[j] ?? colour) + (partial(j) ? '40' : 'cc'));
		return {
			label: s.label,
			data: s.values,
			backgroundColor: fills,
			borderColor: s.values.map((_, j) => s.colors?.[j] ?? colour),
			borderWidth: s.values.map((_, j) => (partial(j) ? 2 : 0)),
			spanGaps: false
		};
	});
	return {
		type: spec.type,
		data: { labels: spec.labels, datasets },
		options: {
			locale: spec.locale === 'vi' ? 'vi-VN' : 'en-GB',
			responsive: true,
			maintainAspectRatio: false,
			animation: reducedMotion ? false : { duration: 400 },
			indexAxis: spec.horizontal ? 'y' : 'x',
			interaction: { mode: 'index', intersect: false },
			scales: {
				[categoryAxis]: { stacked: spec.stacked ?? false, ticks: { autoSkip: true } },
				[valueAxis]: {
					stacked: spec.stacked ?? false,
					// a fitted range (min given) must not be pulled back to 0
					beginAtZero: spec.min === undefined,
					min: spec.min,
					max: spec.max,
					ticks: { callback: (v: string | number) => formatValue(kind, spec.locale, Number(v)) }
				}
			},
			plugins: {
				legend: { display: spec.series.length > 1, position: 'bottom' },
				tooltip: {
					callbacks: {
						label: (item) =>
							`${item.dataset.label ?? ''}: ${formatValue(kind, spec.locale, item.parsed[valueAxis] ?? null)}`
					}
				}
			}
		}
	};
}
