/**
 * The extra questions citizens answer on the counter tablet (one per SIPAS factor other than the
 * officer, whom the rating itself is about): keys as the `indices.sipas` setting's defaults read
 * them. Answers follow the rating's own level, a little worse for the procedure, and fewer
 * citizens answer about feedback handling (most have given none).
 *
 * Each rating's answers come from a generator seeded by the rating's id alone, never from the
 * simulation's stream, so adding them changed no other generated value (the planted patterns and
 * every checksum stay as they were).
 */
import { Random } from './random';

export const DEMO_QUESTIONS = [
	{ key: 'access', labelVi: 'Tiếp cận dịch vụ hành chính công', labelEn: 'Access to public administrative services', stage: 'both', answered: 0.9, worse: 0.12 },
	{ key: 'procedure', labelVi: 'Thủ tục hành chính', labelEn: 'Administrative procedures', stage: 'both', answered: 0.9, worse: 0.25 },
	{ key: 'result', labelVi: 'Kết quả cung ứng dịch vụ hành chính công', labelEn: 'Results of the public administrative service', stage: 'returning', answered: 0.85, worse: 0.12 },
	{
		key: 'feedback',
		labelVi: 'Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị',
		labelEn: 'Receiving and handling comments, complaints and petitions',
		stage: 'returning',
		answered: 0.35,
		worse: 0.15
	}
] as const;

/** Share of tablet ratings whose citizen also answers the questions. */
const ANSWERING = 0.65;

/**
 * The answers of one tablet rating at its service's stage: the result and feedback questions are
 * asked only when the result is returned (kiosk/questions.ts), so a rating at receiving has none
 * for them. The draws are the same at both stages (an answer not asked is drawn and dropped), so
 * the other answers do not depend on the stage.
 */
export function demoAnswers(ratingId: number, level: number, levelCount: number, stage: 'receiving' | 'returning'): Record<string, number> | null {
	const rng = new Random((ratingId ^ 0x5a1fa5) >>> 0);
	if (!rng.chance(ANSWERING)) return null;
	const answers: Record<string, number> = {};
	for (const q of DEMO_QUESTIONS) {
		if (!rng.chance(q.answered)) continue;
		const r = rng.next();
		if (q.stage !== 'both' && q.stage !== stage) continue;
		const shifted = r < q.worse ? level + 1 : r < q.worse + 0.1 ? level - 1 : level;
		answers[q.key] = Math.min(levelCount, Math.max(1, shifted));
	}
	return Object.keys(answers).length ? answers : null;
}
