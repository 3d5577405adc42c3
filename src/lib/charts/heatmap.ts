/**
 * The hour × weekday grid behind <Heatmap>: pure, so the colour scale is tested without a DOM.
 * Weekdays are ISO (1 = Thứ Hai … 7 = Chủ nhật), as PostgreSQL's `extract(isodow …)` gives
 * them; hours are Vietnam local hours 0–23 (`extract(hour from at at time zone 'Asia/Ho_Chi_Minh')`).
 */
export type HeatCell = { weekday: number; hour: number; count: number; value?: number | null };

export type HeatGrid = {
	hours: number[];
	rows: {
		weekday: number;
		cells: { hour: number; count: number; value: number | null; intensity: number | null }[];
	}[];
};

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/**
 * Lays the cells out as 7 weekday rows over the given hours (default: every hour that has a
 * rating, widened to the office day 7–17). Each cell's intensity is its measure (`value` when
 * the map shows a rate, else `count`) placed between the smallest and largest measure on the
 * map, 0–1; cells without ratings have none. A cell under `minCount` ratings is shown but
 * not coloured and stays out of the scale: 100 % of two ratings must not outshine 91 % of a
 * thousand.
 */
export function heatGrid(
	cells: readonly HeatCell[],
	byValue: boolean,
	hours?: readonly number[],
	minCount = 1
): HeatGrid {
	const at = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]));
	const seen = cells.filter((c) => c.count > 0).map((c) => c.hour);
	const span = hours ?? range(Math.min(7, ...seen), Math.max(17, ...seen));
	const measure = (c: HeatCell | undefined) =>
		!c || c.count <= 0 || c.count < minCount ? null : byValue ? (c.value ?? null) : c.count;
	const measures = cells
		.filter((c) => span.includes(c.hour) && WEEKDAYS.includes(c.weekday as 1))
		.map(measure)
		.filter((m): m is number => m !== null);
	const lo = Math.min(...measures);
	const hi = Math.max(...measures);
	return {
		hours: [...span],
		rows: WEEKDAYS.map((weekday) => ({
			weekday,
			cells: span.map((hour) => {
				const c = at.get(`${weekday}:${hour}`);
				const m = measure(c);
				return {
					hour,
					count: c?.count ?? 0,
					value: c?.value ?? null,
					intensity: m === null ? null : hi > lo ? (m - lo) / (hi - lo) : 1
				};
			})
		}))
	};
}

function range(from: number, to: number): number[] {
	return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Five steps of the brand green, light to dark. Dark ink reads on the first three and white on
 * the last two, each at 4.5:1 or more; no single ink reaches 4.5:1 on the shades in between, so
 * the scale has steps rather than a gradient.
 */
export const HEAT_STEPS = [
	{ background: '#e2ece9', ink: '#1c2530' },
	{ background: '#b6cec9', ink: '#1c2530' },
	{ background: '#85aea5', ink: '#1c2530' },
	{ background: '#3c7d6f', ink: '#ffffff' },
	{ background: '#0b5d4b', ink: '#ffffff' }
] as const;

/** The step (0–4) of an intensity, or null for a cell without ratings. */
export function heatStep(intensity: number | null): number | null {
	return intensity === null
		? null
		: Math.min(HEAT_STEPS.length - 1, Math.floor(intensity * HEAT_STEPS.length));
}
