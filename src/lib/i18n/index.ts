import { en, vi, type MessageKey } from './catalogue';

export type { MessageKey } from './catalogue';
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';

const catalogues: Record<Locale, Record<MessageKey, string>> = { vi, en };

export function isLocale(value: unknown): value is Locale {
	return value === 'vi' || value === 'en';
}

/** Looks a message up and fills {placeholders}. Usable on the server and in components. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
	const text = catalogues[locale][key] ?? vi[key];
	return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text;
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
