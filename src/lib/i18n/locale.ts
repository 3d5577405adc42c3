import { page } from '$app/state';
import { isLocale, type Locale } from './format';

/** The locale the server chose for this request (page.data), safe during SSR. */
export function locale(): Locale {
	const l = page.data?.locale;
	return isLocale(l) ? l : 'vi';
}
