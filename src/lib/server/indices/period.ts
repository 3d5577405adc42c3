/** Months in Vietnam time, the period unit of the indices and late-dossier pages. Pure. */
import { acceptedDay } from '../calendar/accepted';
import { localDate, localTime } from '../calendar/working-days';

export interface Month {
	/** YYYY-MM */
	key: string;
	/** First instant of the month, Vietnam time. */
	from: Date;
	/** First instant of the next month. */
	to: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthOf(key: string): Month | null {
	const m = MONTH.exec(key);
	if (!m) return null;
	const [y, mo] = [Number(m[1]), Number(m[2])];
	return { key, from: localTime(`${key}-01`, 0), to: localTime(`${nextKey(y, mo)}-01`, 0) };
}

function nextKey(y: number, m: number): string {
	return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function addMonths(key: string, n: number): string {
	const [y, m] = key.split('-').map(Number);
	const i = y * 12 + (m - 1) + n;
	return `${Math.floor(i / 12)}-${String((((i % 12) + 12) % 12) + 1).padStart(2, '0')}`;
}

export const currentMonthKey = (now = new Date()) => localDate(now).slice(0, 7);
export const lastFullMonthKey = (now = new Date()) => addMonths(currentMonthKey(now), -1);

/** The month asked for, or the fallback when absent, malformed or outside the accepted dates (`bad` tells the page). */
export function parseMonth(value: string | null, fallback: string): { month: Month; bad: boolean } {
	const asked = value && acceptedDay(`${value}-01`) ? monthOf(value) : null;
	return { month: asked ?? monthOf(fallback)!, bad: value !== null && value !== '' && asked === null };
}

/** The `n` months ending with `key`, oldest first. */
export function monthsEnding(key: string, n: number): Month[] {
	return Array.from({ length: n }, (_, i) => monthOf(addMonths(key, i - n + 1))!);
}

/**
 * The local months a period covers when it is whole months ([first instant of a month, first
 * instant of a later month)), as the rollups' `month` bounds `[from, to)` (YYYY-MM-01); null for any
 * other period (a range of days), which the queries answer from the raw rows.
 */
export function wholeMonths(period: { from: Date; to: Date }): { from: string; to: string } | null {
	const [from, to] = [localDate(period.from), localDate(period.to)];
	if (!from.endsWith('-01') || !to.endsWith('-01') || to <= from) return null;
	if (localTime(from, 0).getTime() !== period.from.getTime() || localTime(to, 0).getTime() !== period.to.getTime()) return null;
	return { from, to };
}
