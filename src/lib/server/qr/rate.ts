import { z } from 'zod';
import { REASON_CODES } from '../db/schema';
import { recordRating, RatingRejected } from '../ratings';
import { CONSENT_VERSION, normalisePhone, recordWithContact } from '../kiosk/contact';

/** A citizen rating a dossier later from home still counts within this window after the service. */
export const QR_DOSSIER_WINDOW_MS = 30 * 86_400_000;

export const QrRatingForm = z.object({
	key: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
	level: z.coerce.number().int().min(1).max(5),
	reasonCodes: z.array(z.enum(REASON_CODES)).max(REASON_CODES.length).default([]),
	comment: z.string().trim().max(2000).default(''),
	phone: z.string().trim().max(20).default(''),
	consent: z.literal('on').optional()
});
export type QrRatingInput = z.infer<typeof QrRatingForm>;

export function parseQrForm(form: FormData) {
	return QrRatingForm.safeParse({
		key: form.get('key'),
		level: form.get('level'),
		reasonCodes: form.getAll('reasonCodes'),
		comment: form.get('comment') ?? '',
		phone: form.get('phone') ?? '',
		consent: form.get('consent') ?? undefined
	});
}

export type QrOutcome = { ok: true; counted: boolean } | { ok: false; problem: 'consent' | 'phone' | 'rejected' };

/**
 * Stores a rating given on the citizen's own phone (source 'qr'). The form carries a key made
 * when the page was rendered, so a double submit or a reload stores it once.
 */
export async function recordQrRating(
	input: QrRatingInput,
	target: { serviceEventId: number | null; counterId: number; windowMs?: number }
): Promise<QrOutcome> {
	if (input.phone && !input.consent) return { ok: false, problem: 'consent' };
	if (input.phone && !normalisePhone(input.phone)) return { ok: false, problem: 'phone' };
	const key = `qr:${input.key}`;
	const now = new Date();
	try {
		const answer = await recordWithContact(key, input.phone ? { phone: input.phone, consentVersion: CONSENT_VERSION } : null, now, (contactId) =>
			recordRating(
				{
					source: 'qr',
					idempotencyKey: key,
					counterId: target.counterId,
					serviceEventId: target.serviceEventId,
					pressedAt: now,
					level: input.level,
					reasonCodes: input.reasonCodes.length ? input.reasonCodes : null,
					comment: input.comment || null,
					contactId
				},
				{ receivedAt: now, ...(target.windowMs ? { graceMs: target.windowMs } : {}) }
			)
		);
		return { ok: true, counted: answer.counted };
	} catch (e) {
		if (e instanceof RatingRejected) return { ok: false, problem: 'rejected' };
		throw e;
	}
}
