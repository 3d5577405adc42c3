import { json } from '@sveltejs/kit';
import { TOO_LARGE, answerRatingRequest } from '$lib/server/kiosk/tablet-rating';
import type { RequestHandler } from './$types';

/**
 * A tablet posts one rating (see tablet-rating.ts, answerRatingRequest). The production server
 * (scripts/serve.js) answers this route on its fast path before SvelteKit; this route answers
 * under `vite dev`, through the same function.
 */
export const POST: RequestHandler = async ({ request }) => {
	const reply = await answerRatingRequest({
		authorization: request.headers.get('authorization'),
		contentType: request.headers.get('content-type'),
		contentLength: request.headers.get('content-length'),
		readBody: (limit) => readLimited(request, limit)
	});
	// a refused body was not read to its end: the connection is not used again (as on the fast path)
	return json(reply.body, { status: reply.status, headers: reply === TOO_LARGE ? { connection: 'close' } : {} });
};

const utf8 = new TextDecoder();

/**
 * The body as text, read up to `limit` bytes: null beyond it. The rest is left unread, not
 * cancelled: cancelling destroys the socket (adapter-node), and the client would see a reset
 * instead of the 413.
 */
async function readLimited(request: Request, limit: number): Promise<string | null> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			reader.releaseLock();
			return null;
		}
		chunks.push(value);
	}
	const all = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		all.set(c, at);
		at += c.byteLength;
	}
	// as Request.text(): UTF-8, a leading byte-order mark dropped
	return utf8.decode(all);
}
