import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { REASON_CODES } from '$lib/server/db/schema';
import { apiError, parseJson } from '$lib/server/api';
import { requireDevice } from '$lib/server/auth/guard';
import { RatingRejected } from '$lib/server/ratings';
import { commitTabletRating } from '$lib/server/kiosk/commit';
import { recordWithContact } from '$lib/server/kiosk/contact';
import type { RequestHandler } from './$types';

/**
 * A tablet posts one rating. `key` is the tablet's idempotency key (a UUID made at the tap), so a
 * rating queued offline and sent several times is stored once and answered identically.
 * `ageMs` is how long ago the tap happened by the tablet's own clock: the server computes the
 * press time from its clock, as for button boxes, so a wrong tablet clock does not matter.
 */
const Body = z.object({
	key: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a UUID-like key'),
	serviceEventId: z.number().int().positive().nullable().optional(),
	level: z.number().int().min(1).max(5),
	ageMs: z.number().int().min(0).max(30 * 86_400_000),
	reasonCodes: z.array(z.enum(REASON_CODES)).max(REASON_CODES.length).optional(),
	comment: z.string().trim().max(2000).optional(),
	answers: z.record(z.string().regex(/^[a-z_]{1,32}$/), z.number().int().min(1).max(5)).optional(),
	contact: z
		.object({ phone: z.string().regex(/^\+?[0-9 .-]{8,20}$/, 'a phone number'), consent: z.literal(true), consentVersion: z.string().max(20) })
		.optional()
});

export const POST: RequestHandler = async (event) => {
	const device = await requireDevice(event);
	const body = await parseJson(event, Body);
	if (!body.ok) return body.response;
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
		return json(answer);
	} catch (e) {
		if (e instanceof RatingRejected) return apiError(422, e.code, e.message);
		throw e;
	}
};
