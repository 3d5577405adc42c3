import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip
} from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { untrack } from 'svelte';
import { chartConfig, type ChartSpec } from './config';

// only the pieces the dashboards draw, so the rest of chart.js is tree-shaken away
Chart.register(
	BarController,
	BarElement,
	LineController,
	LineElement,
	PointElement,
	CategoryScale,
	LinearScale,
	Tooltip,
	Legend
);

// the app's typeface (it has every Vietnamese diacritic) and its soft ink for axes and legends
Chart.defaults.font.family = "'Be Vietnam Pro', system-ui, sans-serif";
Chart.defaults.color = '#4a5664';

const prefersReducedMotion = () =>
	typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * `<canvas {@attach chart(() => spec)}>`: creates the chart once, redraws it in place when the
 * spec's data changes (a live update must not flash a new chart), and destroys it when the
 * canvas goes. The spec is passed as a getter so that reading it happens in the inner effect:
 * the attachment itself never re-runs.
 */
export function chart(spec: () => ChartSpec): Attachment<HTMLCanvasElement> {
	return (canvas) => {
		const instance = untrack(() => new Chart(canvas, chartConfig(spec(), prefersReducedMotion())));
		let drawn = untrack(() => JSON.stringify(spec()));
		$effect(() => {
			const next = spec();
			const key = JSON.stringify(next);
			// a reload with the same figures (most live events elsewhere in scope) changes nothing
			if (key === drawn) return;
			drawn = key;
			const config = chartConfig(next, prefersReducedMotion());
			// datasets are updated in place so bars and lines move from their old values, not from zero
			instance.data.labels = config.data.labels;
			const datasets = config.data.datasets;
			instance.data.datasets.splice(datasets.length);
			datasets.forEach((d, i) => {
				if (instance.data.datasets[i]) Object.assign(instance.data.datasets[i], d);
				else instance.data.datasets.push(d);
			});
			instance.options = config.options ?? {};
			instance.update();
		});
		return () => instance.destroy();
	};
}
