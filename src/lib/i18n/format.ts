/** Locale handling and formatting that needs no message catalogue (kept out of the kiosk bundle's way). */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';

/** Fills {placeholders}. */
export function fill(text: string, params?: Record<string, string | number>): string {
	return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
}

export function isLocale(value: unknown): value is Locale {
	return value === 'vi' || value === 'en';
}

/**
 * The one date and time format of the app, in both languages: dd/mm/yyyy and HH:mm (24 h), always
 * in Vietnam's time zone, never the browser's locale or zone (ICU's "short" Vietnamese style writes a
 * two-digit year and puts the time first: "14:05 24/12/26"). Built from formatToParts so that no
 * ICU version can change it. Pages, messages and exports all come through here.
 */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const wallClock = new Intl.DateTimeFormat('en-GB', {
	timeZone: VIETNAM_TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

export type WallClock = { year: string; month: string; day: string; hour: string; minute: string; second: string };

/** Vietnam wall-clock parts of an instant (or of a calendar day 'YYYY-MM-DD', read as that day). */
export function vietnamParts(d: Date | string | number): WallClock {
	if (typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)) {
		const [year, month, day] = d.split('-');
		return { year, month, day, hour: '00', minute: '00', second: '00' };
	}
	const date = d instanceof Date ? d : new Date(d);
	const parts: Record<string, string> = {};
	for (const p of wallClock.formatToParts(date)) parts[p.type] = p.value;
	return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** "24/12/2026", or "24/12/2026 14:05" with the time. The locale is kept for the callers' sake: both languages write it so. */
export function formatDate(_locale: Locale, d: Date | string | number, withTime = false): string {
	if (d === '' || (d instanceof Date && Number.isNaN(d.getTime()))) return '—';
	const p = vietnamParts(d);
	if (!p.year) return '—';
	return withTime ? `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}` : `${p.day}/${p.month}/${p.year}`;
}

/** "14:05", or "14:05:12" with seconds. */
export function formatTime(d: Date | string | number, withSeconds = false): string {
	const p = vietnamParts(d);
	return withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

/** A month 'YYYY-MM' as "tháng 11/2026" / "11/2026". */
export function formatMonth(locale: Locale, month: string): string {
	const [y, m] = month.split('-');
	return locale === 'vi' ? `tháng ${m}/${y}` : `${m}/${y}`;
}

export function formatNumber(locale: Locale, n: number, fractionDigits = 0): string {
	return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
		minimumFractionDigits: fractionDigits,
		maximumFractionDigits: fractionDigits
	}).format(n);
}

export function formatPercent(locale: Locale, ratio: number | null): string {
	if (ratio === null || !Number.isFinite(ratio)) return '—';
	return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
		style: 'percent',
		minimumFractionDigits: 1,
		maximumFractionDigits: 1
	}).format(ratio);
}
