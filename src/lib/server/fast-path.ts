import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Reply } from './api';
import { describeError } from './error-log';
import { bodyGate } from './body-limits';
import { securityHeaders } from './security-headers';
import { log } from './ops/log';
import { REQUEST_ID_HEADER, requestIdFrom } from './ops/request-id';
import { TOO_LARGE, answerRatingRequest } from './kiosk/tablet-rating';

/**
 * The production server's fast path for the one request every tablet tap makes: POST
 * /api/v1/device/ratings is answered straight from Node's request and response, before
 * SvelteKit builds a Request, runs hooks and streams a Response back. That work cost the server
 * more CPU per request than the rating itself (bench:api), on machines that share two cores
 * with PostgreSQL (docs/benchmarks.md, "How a tablet rating gets past 4,000 a second"). The answer comes from answerRatingRequest, as the SvelteKit
 * route's does (that route still answers under `vite dev`); every other request goes to SvelteKit.
 *
 * What it skips is everything in hooks.server.ts `handle`: a hook added there does not run for
 * this request (the security headers are set here, errors are logged here as handleError does).
 *
 * scripts/serve.js reads the handler from globalThis under FAST_PATH after the app started
 * (hooks.server.ts `init` publishes it): the server script is plain JavaScript outside the
 * bundle and has no other way to reach the app's modules.
 */
export const FAST_PATH = Symbol.for('hai-long.fast-path');

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export const RATINGS_PATH = '/api/v1/device/ratings';

export function publishFastPath(): void {
	(globalThis as Record<symbol, unknown>)[FAST_PATH] = serverFastPath;
}

/** What the production server runs before SvelteKit: the rating fast path, then the body limits (body-limits.ts). */
export const serverFastPath: FastPath = (req, res) => ratingFastPath(req, res) || bodyGate(req, res);

/** Takes the request (true) if it is a rating POST, else leaves it to SvelteKit (false). */
export const ratingFastPath: FastPath = (req, res) => {
	if (req.method !== 'POST') return false;
	const url = req.url ?? '';
	const q = url.indexOf('?');
	if ((q < 0 ? url : url.slice(0, q)) !== RATINGS_PATH) return false;
	answer(req, res).catch((e) => fail(req, res, e));
	return true;
};

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
	const reply = await answerRatingRequest({
		authorization: req.headers.authorization ?? null,
		contentType: req.headers['content-type'] ?? null,
		contentLength: req.headers['content-length'] ?? null,
		readBody: (limit) => readBody(req, limit)
	});
	// a refused body was not read to its end: the connection cannot be used again
	send(res, reply, reply === TOO_LARGE);
}

const utf8 = new TextDecoder();

/** The request's id (ops/request-id.ts), made once per request. */
const ids = new WeakMap<IncomingMessage, string>();
function requestIdOf(req: IncomingMessage): string {
	let id = ids.get(req);
	if (!id) ids.set(req, (id = requestIdFrom(req.headers[REQUEST_ID_HEADER])));
	return id;
}

/** The client went away while sending its body: nothing to answer, nothing to log. */
class ClientGone extends Error {}

/** The body as UTF-8 text, or null when it is over the limit (it is not read further). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				req.off('data', onData);
				req.pause();
				resolve(null);
			} else chunks.push(chunk);
		};
		req.on('data', onData);
		// as Request.text(): UTF-8, a leading byte-order mark dropped
		req.on('end', () => resolve(utf8.decode(Buffer.concat(chunks, size))));
		req.on('error', () => reject(new ClientGone()));
	});
}

function send(res: ServerResponse, reply: Reply, close = false): void {
	if (res.headersSent || res.destroyed) return;
	const payload = JSON.stringify(reply.body);
	res.writeHead(reply.status, {
		...securityHeaders(),
		[REQUEST_ID_HEADER]: requestIdOf(res.req),
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(payload),
		...(close ? { connection: 'close' } : {})
	});
	res.end(payload);
}

/** As hooks.server.ts handleError: logged with a short id, answered without details. */
function fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
	if (error instanceof ClientGone) return;
	const id = randomUUID().slice(0, 8);
	log.error({ reqId: requestIdOf(req), errorId: id, method: req.method, path: RATINGS_PATH, fastPath: true, error: describeError(error) }, 'request failed');
	send(res, { status: 500, body: { message: 'Internal error', id } });
}
