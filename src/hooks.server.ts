import { building } from '$app/environment';
import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isLocale } from '$lib/i18n';
import { startApp } from '$lib/server/startup';
import { securityHeaders } from '$lib/server/security-headers';
import { refuseBody } from '$lib/server/body-limits';
import { RATINGS_PATH, publishFastPath } from '$lib/server/fast-path';
import { checkFormReads, clientErrorMessage, unsafeUrl, unsafeUrlMessage } from '$lib/server/bad-input';
import { describeError } from '$lib/server/error-log';
import { markWrites } from '$lib/server/db/replicas';
import { log } from '$lib/server/ops/log';
import { REQUEST_ID_HEADER, requestIdFrom } from '$lib/server/ops/request-id';
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
 * Bad input is refused in one place for every route: a URL holding NUL before any route reads
 * it, and every form an action reads (bad-input.ts checkFormReads: NUL or lone surrogates, a body
 * that is not a form). JSON bodies are checked where they are parsed (api.ts).
 */
const handleBadInput: Handle = ({ event, resolve }) => {
	if (unsafeUrl(event.url)) return refuse(unsafeUrlMessage());
	if (event.request.method === 'POST') {
		// SvelteKit throws a plain Error (a 500) when an action is asked for by its reserved name
		if (event.url.searchParams.has('/default')) return refuse(clientErrorMessage(400));
		checkFormReads(event.request);
	}
	return resolve(event);
};

const refuse = (message: string) => json({ error: 'bad_request', message }, { status: 400 });

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

/**
 * Every request gets an id (the proxy's x-request-id, or a fresh one), echoed in the response
 * and written in its log line; the device endpoints and probes log at debug, the rest at info.
 */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const handleRequestId: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const id = requestIdFrom(event.request.headers.get(REQUEST_ID_HEADER));
	event.locals.requestId = id;
	const response = await resolve(event);
	try {
		response.headers.set(REQUEST_ID_HEADER, id);
	} catch {
		// a response with immutable headers (a proxied fetch) keeps its own
	}
	const path = event.url.pathname;
	const level = QUIET_PATHS.has(path) || isDevicePath(path) ? 'debug' : 'info';
	log[level]({ reqId: id, method: event.request.method, route: event.route.id ?? "(no route)", status: response.status, ms: Math.round(performance.now() - started) }, 'request');
	return response;
};

// markWrites: after a write, this browser's reads stay on the primary for a while (db/replicas.ts)
const handleApp = sequence(handleRequestId, handleSecurityHeaders, handleLocale, handleBodyLimits, handleSession, handlePrivateCaching, markWrites, handleApiOrigin, handleBadInput);

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
	// a rating's body limit (64 KB, tighter than the API's) is enforced by its one pipeline, the
	// same on the fast path (tablet-rating.ts answerRatingRequest)
	const refused = event.url.pathname === RATINGS_PATH ? null : await refuseBody(event.request, event.url.pathname);
	return withSecurityHeaders(refused ?? (await resolve(event)));
};

/**
 * NOTE: in production (scripts/serve.js) POST /api/v1/device/ratings never reaches this `handle`:
 * the fast path (src/lib/server/fast-path.ts) answers it before SvelteKit, through the same
 * pipeline as its route (answerRatingRequest). It skips every handle here, so a hook added to
 * this file does NOT run for tablet ratings: the fast path sets the security headers and logs
 * errors itself, and has no session, locale, origin or bad-input step (a device request needs
 * none: bearer credential, JSON checked where it is parsed). A new hook that must cover ratings
 * goes into fast-path.ts too. The production server's body limits (bodyGate) also run before
 * this, from the headers alone.
 */
const handleDeviceRequest = sequence(handleRequestId, handleDevice);
export const handle: Handle = (input) => (isDevicePath(input.event.url.pathname) ? handleDeviceRequest(input) : handleApp(input));

/**
 * What SvelteKit raises for a client's mistake (a body over the size limit, a body that is not a
 * form, an action that does not exist) is answered with its status and a message, and not logged:
 * an anonymous client could otherwise fill the log. Anything else is logged with a short id,
 * without query parameters (error-log.ts), and answered without details.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status < 500) return { message: clientErrorMessage(status) };
	const id = crypto.randomUUID().slice(0, 8);
	log.error({ reqId: event.locals.requestId, errorId: id, method: event.request.method, route: event.route.id ?? "(no route)", error: describeError(error) }, 'request failed');
	return { message: 'Internal error', id };
};
