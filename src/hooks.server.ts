import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isLocale } from '$lib/i18n';
import { startApp } from '$lib/server/startup';
import { securityHeaders } from '$lib/server/security-headers';
import { refuseBody } from '$lib/server/body-limits';
import { publishFastPath } from '$lib/server/fast-path';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';

export const init: ServerInit = async () => {
	if (building) return;
	await startApp();
	publishFastPath();
};

/** Vietnamese unless the reader chose English (cookie), or their account says so. */
const handleLocale: Handle = async ({ event, resolve }) => {
	const chosen = event.cookies.get('lang');
	event.locals.locale = isLocale(chosen) ? chosen : 'vi';
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
};

const handleSession: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await validateSessionToken(token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			setSessionCookie(event.cookies, token, result.session.expiresAt);
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};

/**
 * JSON endpoints that accept a session cookie refuse cross-site writes: SvelteKit's own check
 * covers form posts only. Device and integration endpoints use bearer tokens, not cookies.
 */
const handleApiOrigin: Handle = async ({ event, resolve }) => {
	const { request, url } = event;
	const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
	if (unsafe && url.pathname.startsWith('/api/') && event.cookies.get(SESSION_COOKIE)) {
		const origin = request.headers.get('origin');
		if (!origin || origin !== url.origin) {
			return new Response(JSON.stringify({ error: 'cross_origin', message: 'Cross-site request refused' }), {
				status: 403,
				headers: { 'content-type': 'application/json' }
			});
		}
	}
	return resolve(event);
};

function withSecurityHeaders(response: Response): Response {
	for (const [name, value] of Object.entries(securityHeaders())) {
		if (name !== 'X-Frame-Options' || !response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
}

const handleSecurityHeaders: Handle = async ({ event, resolve }) => withSecurityHeaders(await resolve(event));

/**
 * A body over its route's limit, or a form with too many fields, is refused before any route
 * parses it (body-limits.ts; the production server refuses an oversized one even earlier).
 */
const handleBodyLimits: Handle = async ({ event, resolve }) => (await refuseBody(event.request, event.url.pathname)) ?? resolve(event);

/**
 * What a signed-in reader sees (names, full phone numbers) is kept out of every cache: a
 * response that chose its own caching (exports, streams) keeps it.
 */
const handlePrivateCaching: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (event.locals.session && !response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
	return response;
};

const handleApp = sequence(handleSecurityHeaders, handleLocale, handleBodyLimits, handleSession, handlePrivateCaching, handleApiOrigin);

/**
 * The counter tablets' endpoints (/api/v1/device…) authenticate with the device's bearer
 * credential alone and answer JSON: no session cookie is looked up (they never use one, so
 * there is also no cookie-borne cross-site write to refuse) and the locale stays the default.
 * They are the busiest requests the server gets (every rating, every long poll), so they skip
 * those steps; the security headers are set as on every response.
 */
const isDevicePath = (path: string) => path === '/api/v1/device' || path.startsWith('/api/v1/device/');

const handleDevice: Handle = async ({ event, resolve }) => {
	event.locals.locale = 'vi';
	event.locals.user = null;
	event.locals.session = null;
	return withSecurityHeaders((await refuseBody(event.request, event.url.pathname)) ?? (await resolve(event)));
};

export const handle: Handle = (input) => (isDevicePath(input.event.url.pathname) ? handleDevice(input) : handleApp(input));

export const handleError: HandleServerError = ({ error, event, status }) => {
	const id = crypto.randomUUID().slice(0, 8);
	if (status !== 404) console.error(`[${id}] ${event.request.method} ${event.url.pathname}`, error);
	return { message: status === 404 ? 'Not found' : 'Internal error', id };
};
