import { page } from '$app/state';
import { isLocale, type Locale } from './format';

/** The locale the server chose for this request (page.data), safe during SSR. */
export function locale(): Locale {
	const l = page.data?.locale;
	return isLocale(l) ? l : 'vi';
}

/** A name stored in Vietnamese with an optional English form: the English one for English readers when there is one. */
export function localName<V extends string | null>(vi: V, en: string | null | undefined): V | string {
	return locale() === 'en' && en ? en : vi;
}
