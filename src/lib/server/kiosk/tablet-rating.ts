import { TabletRatingBody } from '$lib/kiosk/contract';
import { errorReply, isJson, parseJsonText, type Reply } from '../api';
import { authenticateDevice } from '../auth/credentials';
import { RatingRejected } from '../ratings';
import { commitTabletRating } from './commit';
import { tabletRatingAnswer } from './answers';
import type { z } from 'zod';
import { recordWithContact } from './contact';

/** A tablet posts one rating: the body's schema is the kiosk's own (src/lib/kiosk/contract.ts). */
export { TabletRatingBody };

/** The largest body a tablet rating can need (a 2,000-character comment, reasons, answers, a phone). */
export const TABLET_RATING_MAX_BYTES = 64 * 1024;

export const TOO_LARGE: Reply = errorReply(413, 'too_large', `Nội dung quá lớn / Body over ${TABLET_RATING_MAX_BYTES} bytes`);

export const DEVICE_UNAUTHORISED = 'Thiết bị chưa được ghép nối hoặc đã bị thu hồi / Device not paired or revoked';

/** A rating request as each transport sees it: the headers, and a way to read the body. */
export type RatingRequest = {
	authorization: string | null;
	contentType: string | null;
	contentLength: string | null;
	/**
	 * The body as UTF-8 text (a leading byte-order mark dropped, as Request.text() does), read at
	 * most up to `limit` bytes: null when it holds more, and then it is read no further.
	 */
	readBody(limit: number): Promise<string | null>;
};

/**
 * POST /api/v1/device/ratings, the one pipeline: the production server's fast path (fast-path.ts)
 * and the SvelteKit route (+server.ts, under `vite dev` or with the fast path off) both answer
 * through here, and fast-path.test.ts runs the same cases through both.
 *
 * The order is chosen so that nobody can make the server read much: a JSON body declared or found
 * over TABLET_RATING_MAX_BYTES is a 413 at once, before the credential is looked up and without
 * reading past the limit (an unauthenticated client gets 413, not a 401 after a 12 MB upload);
 * then the credential (401), the media type (415; a body of another type is not read), the JSON
 * and its fields (400), and the rating itself (200, or 422 when refused).
 */
export async function answerRatingRequest(req: RatingRequest): Promise<Reply> {
	let text = '';
	if (isJson(req.contentType)) {
		if (Number(req.contentLength) > TABLET_RATING_MAX_BYTES) return TOO_LARGE;
		const body = await req.readBody(TABLET_RATING_MAX_BYTES);
		if (body === null) return TOO_LARGE;
		text = body;
	}
	return rateFromTablet(req.authorization, req.contentType, text);
}

/**
 * A rating from a body already read (answerRatingRequest reads it within the limit). A refused
 * rating is a 422; anything unexpected is thrown.
 */
export async function rateFromTablet(authorization: string | null, contentType: string | null, text: string): Promise<Reply> {
	const device = await authenticateDevice(authorization);
	if (!device) return errorReply(401, 'unauthorised', DEVICE_UNAUTHORISED);
	if (Buffer.byteLength(text) > TABLET_RATING_MAX_BYTES) return TOO_LARGE;
	const body = parseJsonText(contentType, text, TabletRatingBody);
	if (!body.ok) return body.reply;
	const b = body.data;
	const receivedAt = new Date();
	const key = `tab:${b.key}`;
	try {
		const answer = await recordWithContact(key, b.contact ?? null, receivedAt, (contactId) =>
			commitTabletRating({
				source: 'tablet',
				idempotencyKey: key,
				deviceId: device.deviceId,
				serviceEventId: b.serviceEventId ?? null,
				pressedAt: new Date(receivedAt.getTime() - b.ageMs),
				level: b.level,
				reasonCodes: b.reasonCodes?.length ? b.reasonCodes : null,
				comment: b.comment || null,
				answers: b.answers && Object.keys(b.answers).length ? b.answers : null,
				contactId
			})
		);
		return { status: 200, body: answer satisfies z.input<typeof tabletRatingAnswer> };
	} catch (e) {
		if (e instanceof RatingRejected) return errorReply(422, e.code, e.message);
		throw e;
	}
}
