import { describe, expect, it } from 'vitest';
import { chartConfig, formatValue, type ChartSpec } from './config';

const spec: ChartSpec = {
	type: 'bar',
	labels: ['UBND phường Bến Nghé', 'UBND xã Tân Phú'],
	series: [
		{ label: 'Tỷ lệ hài lòng', values: [0.915, null] },
		{ label: 'Tháng trước', values: [0.9, 0.85] }
	],
	valueKind: 'percent',
	locale: 'vi',
	horizontal: true,
	min: 0,
	max: 1
};

type Callable = (...args: unknown[]) => string;

describe('chart configuration', () => {
	it('formats values as Vietnamese write them', () => {
		expect(formatValue('percent', 'vi', 0.915)).toBe('91,5%');
		expect(formatValue('integer', 'vi', 12345)).toBe('12.345');
		expect(formatValue('number', 'vi', 4.25)).toBe('4,3');
		expect(formatValue('number', 'en', 4.25)).toBe('4.3');
		expect(formatValue('percent', 'vi', null)).toBe('—');
	});

	it('labels ticks and tooltips through the same formatter, on the value axis of a sideways bar', () => {
		const config = chartConfig(spec, false);
		const options = config.options!;
		expect(options.indexAxis).toBe('y');
		expect(options.locale).toBe('vi-VN');
		const scales = options.scales as Record<
			string,
			{ min?: number; max?: number; ticks?: { callback?: Callable } }
		>;
		expect(scales.x.min).toBe(0);
		expect(scales.x.max).toBe(1);
		expect(scales.x.ticks!.callback!(0.5)).toBe('50,0%');
		expect(scales.y.ticks?.callback).toBeUndefined();
		const label = options.plugins!.tooltip!.callbacks!.label as unknown as Callable;
		expect(label({ dataset: { label: 'Tỷ lệ hài lòng' }, parsed: { x: 0.915, y: 0 } })).toBe(
			'Tỷ lệ hài lòng: 91,5%'
		);
		expect(config.data.labels).toEqual(spec.labels);
		expect(config.data.datasets.map((d) => d.data)).toEqual([
			[0.915, null],
			[0.9, 0.85]
		]);
		expect(options.plugins!.legend!.display).toBe(true);
	});

	it('turns animation off for readers who prefer reduced motion', () => {
		expect(chartConfig(spec, true).options!.animation).toBe(false);
		expect(chartConfig(spec, false).options!.animation).not.toBe(false);
	});

	it('draws a single-series line without a legend, leaving gaps for missing months', () => {
		const config = chartConfig(
			{
				type: 'line',
				labels: ['T1', 'T2', 'T3'],
				series: [{ label: 'Số đánh giá', values: [10, null, 30] }],
				valueKind: 'integer',
				locale: 'vi'
			},
			false
		);
		expect(config.type).toBe('line');
		expect(config.options!.indexAxis).toBe('x');
		expect(config.options!.plugins!.legend!.display).toBe(false);
		expect(config.data.datasets[0]).toMatchObject({ spanGaps: false, borderWidth: 2 });
		const scales = config.options!.scales as Record<string, { ticks?: { callback?: Callable } }>;
		expect(scales.y.ticks!.callback!(1500)).toBe('1.500');
	});

	it('draws a running last month dashed on a line and pale on a bar, and fits the axis without forcing 0', () => {
		const base = { labels: ['10/2026', '11/2026', '12/2026 (đang diễn ra)'], series: [{ label: 'Tỷ lệ', values: [0.9, 0.92, 0.5] }], valueKind: 'percent' as const, locale: 'vi' as const, partialLast: true, min: 0.4, max: 1 };
		const line = chartConfig({ ...base, type: 'line' }, false);
		const segment = (line.data.datasets[0] as unknown as { segment: { borderDash: (c: { p1DataIndex: number }) => number[] | undefined } }).segment;
		expect(segment.borderDash({ p1DataIndex: 1 })).toBeUndefined();
		expect(segment.borderDash({ p1DataIndex: 2 })).toEqual([6, 4]);
		const scales = line.options!.scales as Record<string, { beginAtZero?: boolean; min?: number }>;
		expect(scales.y).toMatchObject({ beginAtZero: false, min: 0.4 });
		const bar = chartConfig({ ...base, type: 'bar', series: [{ ...base.series[0], colors: ['#111111', '#222222', '#333333'] }] }, false);
		expect(bar.data.datasets[0].backgroundColor).toEqual(['#111111cc', '#222222cc', '#33333340']);
		expect(bar.data.datasets[0].borderWidth).toEqual([0, 0, 2]);
		const whole = chartConfig({ ...base, type: 'bar', partialLast: false }, false);
		expect((whole.data.datasets[0].borderWidth as number[]).every((w) => w === 0)).toBe(true);
	});
});
