import type { RequestEvent } from '@sveltejs/kit';

/** The client's address as adapter-node sees it (set ADDRESS_HEADER behind a proxy). */
export function clientIp(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/**
 * The one check for a redirect target that comes from input (`next` on /login and /lang): only
 * a path on this site is followed, never an open redirect. Browsers read a backslash as `/` and
 * drop tabs and newlines from a URL, so `/\evil`, `/<tab>/evil` and `//evil` all leave the site:
 * refused, as are schemes, control characters and anything a URL parser would not keep on this
 * origin. Characters beyond ASCII are percent-encoded (a Location header carries bytes).
 */
export function safeNext(value: unknown, fallback = '/app'): string {
	if (typeof value !== 'string' || value.length > 2000 || !value.isWellFormed()) return fallback;
	// eslint-disable-next-line no-control-regex
	if (!value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
	const here = 'http://same-origin.invalid';
	if (new URL(value, here).origin !== here) return fallback;
	return value.replace(/[^\u0021-\u007e]+/g, encodeURIComponent);
}
