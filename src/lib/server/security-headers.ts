import { config } from './config';

/** Set on every response the app writes (hooks.server.ts, and the production server's fast path). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
	// a page that may be framed says so itself
	'X-Frame-Options': 'DENY'
};

/** One year, subdomains included: the values https://hstspreload.org asks for, without `preload`. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** The public URL (ORIGIN) is https: the app is reached through TLS. */
export const httpsOrigin = (): boolean => config().origin?.startsWith('https://') ?? false;

/**
 * Cookies are `Secure` whenever the site is served over https, and always under
 * NODE_ENV=production; a trial on plain http (`npm start`, `vite dev`) keeps working.
 */
export const cookiesSecure = (): boolean => httpsOrigin() || config().production;

let withHsts: Readonly<Record<string, string>> | undefined;

/** SECURITY_HEADERS, plus Strict-Transport-Security when ORIGIN is https (over http a browser ignores it). */
export function securityHeaders(): Readonly<Record<string, string>> {
	if (!httpsOrigin()) return SECURITY_HEADERS;
	withHsts ??= { ...SECURITY_HEADERS, 'Strict-Transport-Security': HSTS };
	return withHsts;
}
