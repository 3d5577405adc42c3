import type { IncomingMessage, ServerResponse } from 'node:http';
import { translate, type MessageKey } from '$lib/i18n';
import { config } from './config';
import { securityHeaders } from './security-headers';

/**
 * How much a request may send, by route, refused before anyone reads it: a public form could
 * otherwise make the server parse megabytes for nothing (issue 19, finding 4).
 *
 * - public pages, sign-in, the language switch, the kiosk: FORM_BODY_LIMIT (64 KB; the longest
 *   legitimate one, a complaint, is under 20 KB);
 * - signed-in pages and the JSON API: APP_BODY_LIMIT (1 MB; a full batch of 1,000 dossiers is
 *   about 0.5 MB, body-limits.test.ts);
 * - the national dossier sync, POST /api/v1/national/dossiers: NATIONAL_SYNC_BODY_LIMIT (4 MB; a
 *   batch of 1,000 in the national shape with their steps is about 1 MB, national.test.ts);
 * - an officer's admin page, /app/admin/officers/<id>: PHOTO_BODY_LIMIT (8 MB) for the photo upload
 *   (a photo of up to 5 MB, src/lib/server/officers/photos.ts; room above it so a larger phone
 *   photo gets the page's own "too large" message rather than this refusal);
 * - import pages, the ones at /app/…/import (the dossier CSV import, the table imports'
 *   TableImport pages): BODY_SIZE_LIMIT (default 12M; files up to 10 MB), which adapter-node
 *   also enforces on every body it streams.
 *
 * A form may hold at most MAX_FORM_FIELDS fields (the largest one, bulk assignment of
 * complaints, sends about 200). A body without Content-Length (chunked) is refused with 411
 * where the limit is below BODY_SIZE_LIMIT: browsers and the app's clients always send one, and
 * the declared length is then exactly what Node lets through.
 *
 * The production server checks the declared length before SvelteKit sees the request
 * (bodyGate, published with the fast path); hooks.server.ts checks the same under `vite dev`
 * and counts form fields everywhere.
 */
export const FORM_BODY_LIMIT = 64 * 1024;
export const APP_BODY_LIMIT = 1024 * 1024;
export const MAX_FORM_FIELDS = 1000;
export const PHOTO_BODY_LIMIT = 8 * 1024 * 1024;
/**
 * The national dossier-sync endpoint: a batch of 1,000 dossiers in the national shape, each with
 * its processing steps, is about 1 MB with three steps each (national.test.ts checks a full batch fits); 10 MB is refused.
 */
export const NATIONAL_SYNC_BODY_LIMIT = 4 * 1024 * 1024;
export const NATIONAL_SYNC_PATH = '/api/v1/national/dossiers';

/** A page that takes a file upload: its path ends in /import, under /app. */
export const isImportPage = (pathname: string) => pathname.startsWith('/app/') && pathname.endsWith('/import');

/** The page that takes an officer's photo. */
export const isPhotoUploadPage = (pathname: string) => /^\/app\/admin\/officers\/[0-9]+$/.test(pathname);

export function bodyLimit(pathname: string): number {
	const cap = config().bodySizeLimit;
	if (isImportPage(pathname)) return cap;
	if (isPhotoUploadPage(pathname)) return Math.min(PHOTO_BODY_LIMIT, cap);
	if (pathname === NATIONAL_SYNC_PATH) return Math.min(NATIONAL_SYNC_BODY_LIMIT, cap);
	const signedInOrApi = pathname === '/app' || pathname.startsWith('/app/') || pathname.startsWith('/api/');
	return Math.min(signedInOrApi ? APP_BODY_LIMIT : FORM_BODY_LIMIT, cap);
}

export type BodyRefusal = { status: 411 | 413; error: string; key: MessageKey; max?: number };

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Judges a request by its headers alone. A body is only read (by SvelteKit) when it has a
 * Content-Type, so a request without one is let through whatever it says about length.
 */
export function judgeDeclaredBody(
	method: string,
	pathname: string,
	headers: { contentType: string | null; contentLength: string | null; chunked: boolean }
): BodyRefusal | null {
	if (NO_BODY.has(method) || !headers.contentType) return null;
	const limit = bodyLimit(pathname);
	if (headers.contentLength !== null) {
		return Number(headers.contentLength) > limit ? { status: 413, error: 'too_large', key: 'api.bodyTooLarge', max: limit } : null;
	}
	if (headers.chunked && limit < config().bodySizeLimit) return { status: 411, error: 'length_required', key: 'api.lengthRequired' };
	return null;
}

const formType = (contentType: string | null) => {
	const type = (contentType ?? '').toLowerCase();
	return type.startsWith('application/x-www-form-urlencoded') ? 'urlencoded' : type.startsWith('multipart/form-data') ? 'multipart' : null;
};

/** The number of fields a form body holds, counted on its bytes without parsing it; null for other bodies. */
export function countFormFields(contentType: string | null, body: Uint8Array): number | null {
	const type = formType(contentType);
	if (type === 'urlencoded') {
		if (body.length === 0) return 0;
		let fields = 1;
		for (const byte of body) if (byte === 0x26 /* & */) fields++;
		return fields;
	}
	if (type === 'multipart') {
		const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
		if (!boundary) return null;
		const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
		const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
		let delimiters = 0;
		for (let at = bytes.indexOf(delimiter); at >= 0; at = bytes.indexOf(delimiter, at + delimiter.length)) delimiters++;
		// n fields are separated by n delimiters and closed by one more
		return Math.max(0, delimiters - 1);
	}
	return null;
}

export const tooManyFields: BodyRefusal = { status: 413, error: 'too_many_fields', key: 'api.tooManyFields', max: MAX_FORM_FIELDS };

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * The refusal as it is written: JSON in the API's `{error, message}` shape under /api/, plain text
 * elsewhere; both languages, since it is answered before the reader's language is known.
 */
export function refusalReply(pathname: string, refusal: BodyRefusal): { status: number; headers: Record<string, string>; body: string } {
	const max = refusal.key === 'api.tooManyFields' ? String(refusal.max) : size(refusal.max ?? 0);
	const message = `${translate('vi', refusal.key, { max })} / ${translate('en', refusal.key, { max })}`;
	const api = pathname.startsWith('/api/');
	return {
		status: refusal.status,
		headers: {
			...securityHeaders(),
			'content-type': api ? 'application/json' : 'text/plain; charset=utf-8',
			'cache-control': 'no-store'
		},
		body: api ? JSON.stringify({ error: refusal.error, message }) : message
	};
}

/**
 * For hooks.server.ts: the refusal for a request SvelteKit has received, or null. Checks the
 * declared length (the production server has done so already) and counts a form's fields on a
 * copy of its body, which is read at most up to the route's limit.
 */
export async function refuseBody(request: Request, pathname: string): Promise<Response | null> {
	const contentType = request.headers.get('content-type');
	const declared = judgeDeclaredBody(request.method, pathname, {
		contentType,
		contentLength: request.headers.get('content-length'),
		chunked: request.headers.has('transfer-encoding')
	});
	let refusal = declared;
	if (!refusal && request.body && formType(contentType)) {
		let body: Uint8Array;
		try {
			body = new Uint8Array(await request.clone().arrayBuffer());
		} catch {
			return null; // the client went away or sent less than it declared: the route meets the same error
		}
		if ((countFormFields(contentType, body) ?? 0) > MAX_FORM_FIELDS) refusal = tooManyFields;
	}
	if (!refusal) return null;
	const reply = refusalReply(pathname, refusal);
	return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

/**
 * For the production server (scripts/serve.js, through the published fast path): answers a
 * body over its route's limit from the headers alone, before the body is read or SvelteKit
 * builds a Request.
 */
export function bodyGate(req: IncomingMessage, res: ServerResponse): boolean {
	const method = req.method ?? 'GET';
	if (NO_BODY.has(method) || !req.headers['content-type']) return false;
	let pathname: string;
	try {
		// the path as SvelteKit will route it (adapter-node builds its URL the same way: dot segments go)
		pathname = new URL(`http://gate.invalid${req.url ?? '/'}`).pathname;
	} catch {
		return false; // adapter-node answers a target it cannot read
	}
	const refusal = judgeDeclaredBody(method, pathname, {
		contentType: req.headers['content-type'],
		contentLength: req.headers['content-length'] ?? null,
		chunked: req.headers['transfer-encoding'] !== undefined
	});
	if (!refusal) return false;
	const reply = refusalReply(pathname, refusal);
	// Node discards the unread body as it arrives (nothing is kept), so a client still sending sees
	// this answer rather than a reset connection; a body larger than any route takes, or one of
	// unknown length, is not worth draining: the connection closes instead.
	const drain = refusal.status === 413 && Number(req.headers['content-length']) <= config().bodySizeLimit;
	res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body), ...(drain ? {} : { connection: 'close' }) });
	res.end(reply.body);
	return true;
}
