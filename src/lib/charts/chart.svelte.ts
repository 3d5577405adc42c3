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
		let first = true;
		$effect(() => {
			const next = chartConfig(spec(), prefersReducedMotion());
			if (first) {
				first = false;
				return;
			}
			instance.data = next.data;
			instance.options = next.options ?? {};
			instance.update();
		});
		return () => instance.destroy();
	};
}
