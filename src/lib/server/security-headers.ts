/** Set on every response the app writes (hooks.server.ts, and the rating fast path). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
	// a page that may be framed says so itself
	'X-Frame-Options': 'DENY'
};
