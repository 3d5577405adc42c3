import { log } from '../ops/log';
import { z } from 'zod';

/**
 * The tablet's optional extra questions, the `kiosk.questions` setting: at most four (they share
 * one screen), each an answer key of `ratings.answers` (the shape the device API accepts, see
 * tablet-rating.ts) with its Vietnamese and English label, and the stage of the service at which
 * it is asked (`stage`: receiving, returning or both). A malformed stored value shows no
 * questions, with a warning, rather than a broken screen.
 *
 * The stage rule (issue 14, item 7; the factors: LEGAL_SOURCES.qd2640Sipas): a citizen can judge
 * the result (SIPAS factor "Kết quả cung ứng dịch vụ hành chính công") and how their feedback was
 * handled (SIPAS factor "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị") only when the result
 * is returned, so the questions the SIPAS
 * setting reads for those two factors are asked only at the return stage (trả kết quả), whatever
 * the stored stage says; the settings form refuses another stage for them. Any other question
 * without a stored stage is asked at both stages, as before stages existed.
 */
export const KIOSK_QUESTIONS_KEY = 'kiosk.questions';
export const MAX_KIOSK_QUESTIONS = 4;
export const ANSWER_KEY_PATTERN = /^[a-z_]{1,32}$/;

export const QUESTION_STAGES = ['receiving', 'returning', 'both'] as const;
export type QuestionStage = (typeof QUESTION_STAGES)[number];
export type ServiceStage = 'receiving' | 'returning';

const question = z.object({
	key: z.string().regex(ANSWER_KEY_PATTERN),
	labelVi: z.string().trim().min(1).max(200),
	labelEn: z.string().trim().max(200).default(''),
	/** Absent: the default (see questionStage). */
	stage: z.enum(QUESTION_STAGES).optional()
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

/**
 * The questions as the settings form saves them: the schema, and the stage rule for the keys the
 * SIPAS setting reads for the result and feedback factors (those may not be asked at receiving).
 */
export function kioskQuestionsSchemaWithStageRule(returnOnly: ReadonlySet<string>) {
	return kioskQuestionsSchema.superRefine((qs, ctx) => {
		qs.forEach((q, i) => {
			if (returnOnly.has(q.key) && q.stage !== undefined && q.stage !== 'returning') {
				ctx.addIssue({ code: 'custom', message: 'returnOnly', path: [i, 'stage'] });
			}
		});
	});
}

export type ExtraQuestion = z.infer<typeof question>;
/** A question as the tablet gets it: its stage resolved. */
export type AskedQuestion = { key: string; labelVi: string; labelEn: string; stage: QuestionStage };
export const DEFAULT_KIOSK_QUESTIONS: ExtraQuestion[] = [];

export function parseKioskQuestions(value: unknown): ExtraQuestion[] {
	// older deployments may list more than four: the screen always showed the first four
	const parsed = kioskQuestionsSchema.safeParse(Array.isArray(value) ? value.slice(0, MAX_KIOSK_QUESTIONS) : (value ?? []));
	if (parsed.success) return parsed.data;
	log.warn(`settings "${KIOSK_QUESTIONS_KEY}" is not valid, showing no extra questions: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
	return DEFAULT_KIOSK_QUESTIONS;
}

/**
 * The answer keys asked only when the result is returned: those the SIPAS setting reads for the
 * result and the feedback-handling factors (null or the rating itself are no answer key).
 */
export function returnOnlyKeys(sipas: { result: string | null; feedback: string | null }): Set<string> {
	return new Set([sipas.result, sipas.feedback].filter((k): k is string => !!k && ANSWER_KEY_PATTERN.test(k)));
}

/** The stage a question is asked at: return only for the result and feedback questions, else as stored (default both). */
export function questionStage(q: Pick<ExtraQuestion, 'key' | 'stage'>, returnOnly: ReadonlySet<string>): QuestionStage {
	if (returnOnly.has(q.key)) return 'returning';
	return q.stage ?? 'both';
}

export function askedAt(stage: QuestionStage, service: ServiceStage): boolean {
	return stage === 'both' || stage === service;
}

/** The questions with their stages resolved; with a service stage, only those asked at it. */
export function askedQuestions(questions: ExtraQuestion[], returnOnly: ReadonlySet<string>, service?: ServiceStage): AskedQuestion[] {
	return questions
		.map((q) => ({ key: q.key, labelVi: q.labelVi, labelEn: q.labelEn, stage: questionStage(q, returnOnly) }))
		.filter((q) => service === undefined || askedAt(q.stage, service));
}

export type IgnoredAnswer = { key: string; reason: 'not_asked_at_stage' | 'stage_unknown' };

/**
 * The answers of a rating that may stand, given the stage of the service it was attributed to
 * (null: attributed to none). An answer to a question not asked at that stage is set aside with
 * its reason; the rating itself is never refused for it. A key that is no configured question
 * keeps the old behaviour (kept), unless it is a return-only key.
 */
export function answersForStage(
	answers: Record<string, number>,
	service: ServiceStage | null,
	questions: ExtraQuestion[],
	returnOnly: ReadonlySet<string>
): { kept: Record<string, number> | null; ignored: IgnoredAnswer[] } {
	const configured = new Map(questions.map((q) => [q.key, q]));
	const kept: Record<string, number> = {};
	const ignored: IgnoredAnswer[] = [];
	for (const [key, value] of Object.entries(answers)) {
		const q = configured.get(key);
		const stage: QuestionStage = q ? questionStage(q, returnOnly) : returnOnly.has(key) ? 'returning' : 'both';
		if (stage === 'both') kept[key] = value;
		else if (service === null) ignored.push({ key, reason: 'stage_unknown' });
		else if (askedAt(stage, service)) kept[key] = value;
		else ignored.push({ key, reason: 'not_asked_at_stage' });
	}
	return { kept: Object.keys(kept).length ? kept : null, ignored };
}
