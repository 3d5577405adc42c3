import { z } from 'zod';
import { NOT_COUNTED_REASONS } from '../db/schema';

/**
 * What the tablets' endpoints answer (/api/v1/devices/pair, /api/v1/device, /api/v1/device/ratings),
 * as the OpenAPI document shows it. The routes and recordWithContact (contact.ts) are typed with
 * these schemas' inputs.
 */

/** The counter a tablet serves; the pairing answer leaves out the centre's English name. */
export const deviceCounterAnswer = z.object({
	id: z.int(),
	nameVi: z.string(),
	nameEn: z.string().nullable(),
	centreVi: z.string(),
	centreEn: z.string().nullable().optional().describe('In GET /api/v1/device only.')
});

export const pairAnswer = z.object({
	deviceId: z.int(),
	credential: z.string().describe('dev_<id>.<secret>; shown once, send as Authorization: Bearer.'),
	counter: deviceCounterAnswer
});

export const deviceSelfAnswer = z.object({ deviceId: z.int(), uid: z.string(), counter: deviceCounterAnswer.nullable().describe('Null while the tablet is bound to no counter.') });

/** The same for a first send and every repeat, but for ignoredAnswers. */
export const tabletRatingAnswer = z.object({
	ratingId: z.int(),
	counted: z.boolean(),
	notCountedReason: z.enum(NOT_COUNTED_REASONS).nullable(),
	ignoredAnswers: z
		.array(z.object({ key: z.string(), reason: z.enum(['not_asked_at_stage', 'stage_unknown']) }))
		.optional()
		.describe('Answers set aside (the rating is stored); only on the reply that stored the rating.')
});
export type RatingAnswer = z.input<typeof tabletRatingAnswer>;
