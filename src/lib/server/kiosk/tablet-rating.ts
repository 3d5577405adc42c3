import { TabletRatingBody } from '$lib/kiosk/contract';
import { errorReply, parseJsonText, type Reply } from '../api';
import { authenticateDevice } from '../auth/credentials';
import { RatingRejected } from '../ratings';
import { commitTabletRating } from './commit';
import { recordWithContact } from './contact';

/** A tablet posts one rating: the body's schema is the kiosk's own (src/lib/kiosk/contract.ts). */
export { TabletRatingBody };

/** The largest body a tablet rating can need (a 2,000-character comment, reasons, answers, a phone). */
export const TABLET_RATING_MAX_BYTES = 64 * 1024;

export const TOO_LARGE: Reply = errorReply(413, 'too_large', `Nội dung quá lớn / Body over ${TABLET_RATING_MAX_BYTES} bytes`);

export const DEVICE_UNAUTHORISED = 'Thiết bị chưa được ghép nối hoặc đã bị thu hồi / Device not paired or revoked';

/**
 * POST /api/v1/device/ratings from the request's parts to its answer: the SvelteKit route
 * (`vite dev`) and the production server's fast path (fast-path.ts) both answer through here,
 * so they cannot differ. A refused rating is a 422; anything unexpected is thrown.
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
		return { status: 200, body: answer };
	} catch (e) {
		if (e instanceof RatingRejected) return errorReply(422, e.code, e.message);
		throw e;
	}
}
