/**
 * Charts for the dashboards: `chart(() => spec)` is the one {@attach} helper around chart.js;
 * most pages use `<ChartFigure>` ($lib/components/ChartFigure.svelte), which adds the caption
 * and the data table every chart must have.
 */
export { chart } from './chart.svelte';
export {
	chartConfig,
	formatValue,
	SERIES_COLOURS,
	type ChartSeries,
	type ChartSpec,
	type ChartValueKind
} from './config';
