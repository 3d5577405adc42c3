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

/** Dates and numbers in the reader's language, always in Vietnam's time zone. */
export function formatDate(locale: Locale, d: Date | string, withTime = false): string {
	return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
		timeZone: 'Asia/Ho_Chi_Minh',
		dateStyle: 'short',
		...(withTime ? { timeStyle: 'short' } : {})
	}).format(typeof d === 'string' ? new Date(d) : d);
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
