import { z } from 'zod';

/**
 * The tablet's optional extra questions, the `kiosk.questions` setting: at most four (they share
 * one screen), each an answer key of `ratings.answers` (the shape the device API accepts, see
 * tablet-rating.ts) with its Vietnamese and English label. A malformed stored value shows no
 * questions, with a warning, rather than a broken screen.
 */
export const KIOSK_QUESTIONS_KEY = 'kiosk.questions';
export const MAX_KIOSK_QUESTIONS = 4;
export const ANSWER_KEY_PATTERN = /^[a-z_]{1,32}$/;

const question = z.object({
	key: z.string().regex(ANSWER_KEY_PATTERN),
	labelVi: z.string().trim().min(1).max(200),
	labelEn: z.string().trim().max(200).default('')
});

export const kioskQuestionsSchema = z
	.array(question)
	.max(MAX_KIOSK_QUESTIONS)
	.default([])
	.superRefine((qs, ctx) => {
		qs.forEach((q, i) => {
			if (qs.findIndex((o) => o.key === q.key) !== i) ctx.addIssue({ code: 'custom', message: 'duplicate', path: [i, 'key'] });
		});
	});

export type ExtraQuestion = z.infer<typeof question>;
export const DEFAULT_KIOSK_QUESTIONS: ExtraQuestion[] = [];

export function parseKioskQuestions(value: unknown): ExtraQuestion[] {
	// older deployments may list more than four: the screen always showed the first four
	const parsed = kioskQuestionsSchema.safeParse(Array.isArray(value) ? value.slice(0, MAX_KIOSK_QUESTIONS) : (value ?? []));
	if (parsed.success) return parsed.data;
	console.warn(`settings "${KIOSK_QUESTIONS_KEY}" is not valid, showing no extra questions: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
	return DEFAULT_KIOSK_QUESTIONS;
}
