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
	{ key: 'access', labelVi: 'Tiếp cận dịch vụ', labelEn: 'Access to the service', answered: 0.9, worse: 0.12 },
	{ key: 'procedure', labelVi: 'Thủ tục hành chính', labelEn: 'The procedure', answered: 0.9, worse: 0.25 },
	{ key: 'result', labelVi: 'Kết quả giải quyết', labelEn: 'The result', answered: 0.85, worse: 0.12 },
	{ key: 'feedback', labelVi: 'Tiếp nhận, xử lý góp ý, phản ánh', labelEn: 'Handling of feedback', answered: 0.35, worse: 0.15 }
] as const;

/** Share of tablet ratings whose citizen also answers the questions. */
const ANSWERING = 0.65;

export function demoAnswers(ratingId: number, level: number, levelCount: number): Record<string, number> | null {
	const rng = new Random((ratingId ^ 0x5a1fa5) >>> 0);
	if (!rng.chance(ANSWERING)) return null;
	const answers: Record<string, number> = {};
	for (const q of DEMO_QUESTIONS) {
		if (!rng.chance(q.answered)) continue;
		const r = rng.next();
		const shifted = r < q.worse ? level + 1 : r < q.worse + 0.1 ? level - 1 : level;
		answers[q.key] = Math.min(levelCount, Math.max(1, shifted));
	}
	return Object.keys(answers).length ? answers : null;
}
