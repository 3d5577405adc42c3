import * as z from 'zod/mini';
import { REASON_CODES } from '../reasons';
import { COMMENT_MAX, CONSENT_VERSION, PHONE_PATTERN } from './rules';

/**
 * What a counter tablet and the server agree on, in one client-safe module: the kiosk builds its
 * rating bodies with these schemas (src/lib/kiosk/machine.ts) and the server parses them with the
 * same ones (src/lib/server/kiosk/tablet-rating.ts); the OpenAPI document is generated from them
 * (src/lib/server/dossiers/openapi.ts). The tablet's page takes only the types from here and the
 * values from rules.ts, so no schema library reaches its JavaScript (bench:kiosk); its bodies are
 * checked against these schemas by machine.test.ts. Written with zod/mini (small where it is
 * bundled); the server's parsers take any zod 4 schema.
 */

export { COMMENT_MAX, CONSENT_VERSION, PHONE_PATTERN };

const level = () => z.int().check(z.minimum(1), z.maximum(5));

export const TabletContact = z
	.object({
		phone: z.string().check(z.regex(PHONE_PATTERN, 'a phone number')),
		consent: z.literal(true),
		consentVersion: z.string().check(z.maxLength(20))
	})
	.check(z.describe('A phone number for a call back, given with explicit consent to the consent text of that version.'));

/** What the citizen told the tablet: everything a rating body holds but its key and age. */
export const TabletRatingDetails = z.object({
	serviceEventId: z.optional(z.nullable(z.int().check(z.positive()))).check(z.describe('The service the prompt was for; null when rated without one.')),
	level: level(),
	reasonCodes: z.optional(z.array(z.enum(REASON_CODES)).check(z.maxLength(REASON_CODES.length))),
	comment: z.optional(z.string().check(z.trim(), z.maxLength(COMMENT_MAX))),
	answers: z
		.optional(z.record(z.string().check(z.regex(/^[a-z_]{1,32}$/)), level()))
		.check(
			z.describe(
				'Answers to the extra questions, by key. An answer to a question not asked at the stage of the service rated (the SIPAS result and feedback questions are asked only when the result is returned) is not stored; the reply lists it in ignoredAnswers.'
			)
		),
	contact: z.optional(TabletContact)
});
export type TabletRatingDetails = z.input<typeof TabletRatingDetails>;

/**
 * POST /api/v1/device/ratings. `key` is the tablet's idempotency key (a UUID made at the tap), so a
 * rating queued offline and sent several times is stored once and answered identically. `ageMs`
 * is how long ago the tap happened by the tablet's own clock: the server computes the press time
 * from its clock, as for button boxes, so a wrong tablet clock does not matter.
 */
export const TabletRatingBody = z
	.extend(TabletRatingDetails, {
		key: z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/, 'a UUID-like key'), z.describe('Made at the tap; a repeat gets the same answer.')),
		ageMs: z.int().check(z.minimum(0), z.maximum(30 * 86_400_000), z.describe('How long ago the tap happened, by the tablet’s clock.'))
	})
	.check(
		z.meta({
			examples: [
				{
					key: '3f0c1a52-7d4e-4b8a-9c11-2b6e0d1f4a77',
					ageMs: 1200,
					serviceEventId: 1,
					level: 4,
					reasonCodes: ['waiting_time'],
					comment: 'Chờ lâu',
					contact: { phone: '0901 234 567', consent: true, consentVersion: CONSENT_VERSION }
				}
			]
		})
	);
export type TabletRatingBody = z.input<typeof TabletRatingBody>;

/** POST /api/v1/devices/pair: the one-time code an administrator shows, for a tablet credential. */
export const PairRequest = z
	.object({
		code: z.string().check(z.minLength(4), z.maxLength(20), z.describe('As shown to the administrator, e.g. ABCD-EFGH; case and dashes do not matter.')),
		label: z.optional(z.string().check(z.maxLength(80)))
	})
	.check(z.meta({ examples: [{ code: 'ABCD-EFGH', label: 'Quầy 1' }] }));

/** One level of the rating scale as the tablet shows it. */
export type ScaleLevel = {
	level: number;
	labelVi: string;
	labelEn: string;
	class: 'satisfied' | 'neutral' | 'dissatisfied';
};

/** An extra question and the stage it is asked at (the result and feedback questions only when the result is returned). */
export type AskedQuestion = {
	key: string;
	labelVi: string;
	labelEn: string;
	stage: 'receiving' | 'returning' | 'both';
};

/** GET /api/v1/device/prompt: what a counter tablet should show now. */
export type KioskState = {
	key: string;
	centre: { nameVi: string; nameEn: string | null } | null;
	counter: { nameVi: string; nameEn: string | null } | null;
	scale: ScaleLevel[];
	reasons: readonly string[];
	/** The extra questions asked at the prompt's stage (every question, with its stage, when idle). */
	questions: AskedQuestion[];
	prompt: null | {
		serviceEventId: number;
		stage: 'receiving' | 'returning';
		/** photoUrl: the uploaded photo, loaded with the tablet's credential (/api/v1/device/photos/…), or a legacy static path. */
		officer: { fullName: string; staffNumber: string; photoUrl: string | null };
		procedure: { nameVi: string; nameEn: string | null };
	};
};
