/**
 * What makes a dashboard readable at a glance (issue 15, item 1), as pure functions the overview
 * page and its tests share: how far a figure is from its target, an axis fitted to the data, and
 * whether a month on a chart is still running. Rates are ratios (0–1); gaps are in percentage
 * points expressed as ratios (0.02 = 2 points).
 */

/** Distance to target, from met to very far; each grade has a colour, an icon and words. */
export const GRADES = ['met', 'close', 'below', 'far', 'veryFar'] as const;
export type Grade = (typeof GRADES)[number] | 'none';

/**
 * The upper edge of each grade below the target, in points: within 2 points is "close", within
 * 5 "below", within 10 "far", beyond that "very far". A province's reading of "near enough";
 * the steps are even enough that 76 % against 95 % and 94 % against 95 % never look alike.
 */
export const GRADE_STEPS = { close: 0.02, below: 0.05, far: 0.1 } as const;

export function gradeAgainstTarget(value: number | null, target: number | null): Grade {
	if (value === null || target === null || !Number.isFinite(value)) return 'none';
	const gap = target - value;
	// a rate equal to its target up to rounding noise is met
	if (gap <= 1e-9) return 'met';
	if (gap <= GRADE_STEPS.close + 1e-9) return 'close';
	if (gap <= GRADE_STEPS.below + 1e-9) return 'below';
	if (gap <= GRADE_STEPS.far + 1e-9) return 'far';
	return 'veryFar';
}

/** Points short of the target (0 when met), for "thiếu 3,4 điểm phần trăm". */
export const shortfall = (value: number | null, target: number | null) => (value === null || target === null ? null : Math.max(0, target - value));

/**
 * A value axis that shows the data's spread: from a round step below the lowest value to one
 * above the highest, clamped to [floor, ceil] (0–100 % for rates) and at least `minSpan` wide, so
 * 91 % and 96 % do not both look like full bars. The chart states the range in its caption.
 */
export function fittedAxis(
	values: readonly (number | null)[],
	options: { floor?: number; ceil?: number; step?: number; minSpan?: number; include?: readonly (number | null)[] } = {}
): { min: number; max: number } {
	const { floor = 0, ceil = 1, step = 0.05, minSpan = 0.2 } = options;
	const known = [...values, ...(options.include ?? [])].filter((v): v is number => v !== null && Number.isFinite(v));
	if (known.length === 0) return { min: floor, max: ceil };
	// round to a step, then clean the float noise (0.6000000000000001 reads badly in a caption)
	const snap = (v: number) => Math.round(v * 1e6) / 1e6;
	let min = snap(Math.floor(Math.min(...known) / step) * step - step);
	let max = snap(Math.ceil(Math.max(...known) / step) * step + step);
	min = Math.max(floor, min);
	max = Math.min(ceil, max);
	if (max - min < minSpan) {
		const missing = minSpan - (max - min);
		const down = Math.min(missing, min - floor);
		min = snap(min - down);
		max = snap(Math.min(ceil, max + (missing - down)));
	}
	return { min, max };
}

/**
 * A calendar month (YYYY-MM) still running on `today` (YYYY-MM-DD, Vietnam's date): the day it
 * runs to and how much of it has passed, so the chart draws it as partial rather than as a
 * collapse. Null for a finished month (or one not begun).
 */
export function runningMonth(month: string, today: string): { through: string; elapsed: number; daysInMonth: number } | null {
	if (today.slice(0, 7) !== month) return null;
	const [y, m] = month.split('-').map(Number);
	const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
	const day = Number(today.slice(8, 10));
	return { through: today, elapsed: day / daysInMonth, daysInMonth };
}

/**
 * Each grade's colour (text and bars, at least 4.5:1 on white) and icon. The colour is never the
 * only cue: the icon and the words ("Dưới chỉ tiêu 3,4 điểm phần trăm") say the same.
 */
export const GRADE_STYLE: Record<Grade, { colour: string; soft: string; icon: string }> = {
	met: { colour: '#1f6f3d', soft: '#e6f4ea', icon: '✓' },
	close: { colour: '#4f6b00', soft: '#f1f6de', icon: '≈' },
	below: { colour: '#8a5300', soft: '#fff4e0', icon: '▼' },
	far: { colour: '#a33d00', soft: '#fde9dc', icon: '▼▼' },
	veryFar: { colour: '#b3261e', soft: '#fdecea', icon: '✕' },
	none: { colour: '#4a5664', soft: '#f3f6f7', icon: '–' }
};
