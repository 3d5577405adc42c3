import { describe, expect, it } from 'vitest';
import { DEFAULT_SIPAS_MAPPING, parseSipasMapping } from '../indices/settings';
import { answersForStage, askedQuestions, kioskQuestionsSchemaWithStageRule, parseKioskQuestions, questionStage, returnOnlyKeys } from './questions';

/** The stage rule of the tablet's extra questions (issue 14, item 7). */
const QUESTIONS = parseKioskQuestions([
	{ key: 'access', labelVi: 'Tiếp cận dịch vụ hành chính công' },
	{ key: 'result', labelVi: 'Kết quả cung ứng dịch vụ hành chính công', stage: 'both' },
	{ key: 'feedback', labelVi: 'Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị' },
	{ key: 'waiting', labelVi: 'Thời gian chờ', stage: 'receiving' }
]);
const RETURN_ONLY = returnOnlyKeys(DEFAULT_SIPAS_MAPPING);

describe('extra questions by stage', () => {
	it('the SIPAS result and feedback questions are return-only, whatever is stored; others as stored, default both', () => {
		expect([...RETURN_ONLY].sort()).toEqual(['feedback', 'result']);
		expect(QUESTIONS.map((q) => questionStage(q, RETURN_ONLY))).toEqual(['both', 'returning', 'returning', 'receiving']);
		// the SIPAS setting decides which keys those are; the rating itself or "not asked" are no key
		const custom = returnOnlyKeys(parseSipasMapping({ factors: { result: 'ket_qua', feedback: null, officer: '@level' } }));
		expect([...custom]).toEqual(['ket_qua']);
		expect(questionStage({ key: 'result' }, custom)).toBe('both');
	});

	it('a receiving-stage prompt is not asked the result or feedback question', () => {
		expect(askedQuestions(QUESTIONS, RETURN_ONLY, 'receiving').map((q) => q.key)).toEqual(['access', 'waiting']);
		expect(askedQuestions(QUESTIONS, RETURN_ONLY, 'returning').map((q) => q.key)).toEqual(['access', 'result', 'feedback']);
		expect(askedQuestions(QUESTIONS, RETURN_ONLY).map((q) => `${q.key}:${q.stage}`)).toEqual([
			'access:both',
			'result:returning',
			'feedback:returning',
			'waiting:receiving'
		]);
	});

	it('sets aside, with a reason, an answer to a question not asked at the rated stage; keeps the rest', () => {
		const sent = { access: 1, result: 2, feedback: 3, waiting: 4, other_key: 5 };
		expect(answersForStage(sent, 'receiving', QUESTIONS, RETURN_ONLY)).toEqual({
			kept: { access: 1, waiting: 4, other_key: 5 },
			ignored: [
				{ key: 'result', reason: 'not_asked_at_stage' },
				{ key: 'feedback', reason: 'not_asked_at_stage' }
			]
		});
		expect(answersForStage(sent, 'returning', QUESTIONS, RETURN_ONLY)).toEqual({
			kept: { access: 1, result: 2, feedback: 3, other_key: 5 },
			ignored: [{ key: 'waiting', reason: 'not_asked_at_stage' }]
		});
		// a rating attributed to no service: its stage is unknown, so only both-stage answers stand
		expect(answersForStage({ result: 1, access: 2 }, null, QUESTIONS, RETURN_ONLY)).toEqual({
			kept: { access: 2 },
			ignored: [{ key: 'result', reason: 'stage_unknown' }]
		});
		// a return-only key the tablet is not configured to ask is still held to the rule
		expect(answersForStage({ result: 1 }, 'receiving', [], RETURN_ONLY)).toEqual({ kept: null, ignored: [{ key: 'result', reason: 'not_asked_at_stage' }] });
	});

	it('the settings form may not put the result or feedback question at receiving or both', () => {
		const schema = kioskQuestionsSchemaWithStageRule(RETURN_ONLY);
		const paths = (v: unknown) => (schema.safeParse(v).error?.issues ?? []).map((i) => `${i.path.join('.')}:${i.message}`);
		expect(paths([{ key: 'result', labelVi: 'Kết quả', stage: 'receiving' }])).toEqual(['0.stage:returnOnly']);
		expect(paths([{ key: 'access', labelVi: 'Tiếp cận' }, { key: 'feedback', labelVi: 'Phản ánh', stage: 'both' }])).toEqual(['1.stage:returnOnly']);
		expect(paths([{ key: 'result', labelVi: 'Kết quả', stage: 'returning' }, { key: 'feedback', labelVi: 'Phản ánh' }])).toEqual([]);
		expect(paths([{ key: 'access', labelVi: 'Tiếp cận', stage: 'lunch' }]).map((p) => p.split(':')[0])).toEqual(['0.stage']);
	});
});
