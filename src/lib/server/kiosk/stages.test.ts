import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { recordRatings, type RatingInput } from '../ratings/record';
import { seedCentre } from '../ratings/test-fixtures';
import { recordWithContact } from './contact';
import { kioskState } from './prompt';
import { KIOSK_QUESTIONS_KEY } from './questions';

/**
 * The SIPAS result and feedback questions are asked only when the result is returned (issue 14,
 * item 7): the tablet is not shown them at receiving, and the server stores no answer to them on
 * a rating of a receiving service (the rating itself is stored and counted).
 */
const T = (iso: string) => new Date(`2026-05-04T${iso}Z`);

describe.each(testDatabaseKinds)('stage of the extra questions on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	const storedAnswers = async (key: string) =>
		(await h.rows<{ answers: unknown; counted: boolean }>(sql`select answers, counted from ratings where idempotency_key = ${key}`)).map((r) => ({
			answers: typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers,
			counted: r.counted
		}))[0];

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedCentre(h.db, 2);
		// the SIPAS setting is left at its defaults: "result" and "feedback" are its answer keys
		await h.db.insert(s.settings).values({
			key: KIOSK_QUESTIONS_KEY,
			value: [
				{ key: 'access', labelVi: 'Tiếp cận dịch vụ hành chính công' },
				{ key: 'result', labelVi: 'Kết quả cung ứng dịch vụ hành chính công' },
				{ key: 'feedback', labelVi: 'Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị', stage: 'both' }
			]
		});
	});
	afterAll(async () => h?.close());

	it('the tablet asks the result and feedback questions at the return stage only', async () => {
		const [receiving, returning] = f.counterIds;
		const e1 = await f.openService(receiving, new Date(Date.now() - 60_000), null, 'receiving');
		const e2 = await f.openService(returning, new Date(Date.now() - 60_000), null, 'returning');
		const atReceiving = await kioskState(receiving);
		expect(atReceiving.prompt?.stage).toBe('receiving');
		expect(atReceiving.questions.map((q) => q.key)).toEqual(['access']);
		const atReturning = await kioskState(returning);
		expect(atReturning.prompt?.stage).toBe('returning');
		expect(atReturning.questions.map((q) => [q.key, q.stage])).toEqual([
			['access', 'both'],
			['result', 'returning'],
			['feedback', 'returning']
		]);
		await f.closeService(e1.id, new Date());
		await f.closeService(e2.id, new Date());
	});

	it('a receiving-stage rating keeps its level and the access answer; the result and feedback answers are set aside with a reason', async () => {
		const counter = f.counterIds[0];
		const atReceiving = await f.openService(counter, T('01:00:00'), T('01:10:00'), 'receiving');
		const atReturning = await f.openService(counter, T('02:00:00'), T('02:10:00'), 'returning');
		const tab = (key: string, serviceEventId: number, at: string): RatingInput => ({
			source: 'tablet',
			idempotencyKey: key,
			counterId: counter,
			serviceEventId,
			pressedAt: T(at),
			level: 2,
			answers: { access: 1, result: 4, feedback: 5 }
		});
		const [r1, r2] = await recordRatings([tab('tab:st-1', atReceiving.id, '01:05:00'), tab('tab:st-2', atReturning.id, '02:05:00')], { db: h.db, publish: false });
		expect(r1).toMatchObject({
			counted: true,
			duplicate: false,
			ignoredAnswers: [
				{ key: 'result', reason: 'not_asked_at_stage' },
				{ key: 'feedback', reason: 'not_asked_at_stage' }
			]
		});
		expect(await storedAnswers('tab:st-1')).toEqual({ answers: { access: 1 }, counted: true });
		// at the return stage every answer stands
		expect(r2.counted).toBe(true);
		expect(r2.ignoredAnswers).toBeUndefined();
		expect(await storedAnswers('tab:st-2')).toEqual({ answers: { access: 1, result: 4, feedback: 5 }, counted: true });
	});

	it('a rating whose only answers were not asked at its stage is stored with none', async () => {
		const counter = f.counterIds[1];
		const e = await f.openService(counter, T('03:00:00'), T('03:10:00'), 'receiving');
		const [r] = await recordRatings(
			[{ source: 'tablet', idempotencyKey: 'tab:st-3', counterId: counter, serviceEventId: e.id, pressedAt: T('03:05:00'), level: 1, answers: { result: 1 } }],
			{ db: h.db, publish: false }
		);
		expect(r).toMatchObject({ counted: true, ignoredAnswers: [{ key: 'result', reason: 'not_asked_at_stage' }] });
		expect(await storedAnswers('tab:st-3')).toEqual({ answers: null, counted: true });
	});

	it('the tablet’s reply (recordWithContact, what POST /api/v1/device/ratings answers) lists the answers set aside', async () => {
		const counter = f.counterIds[1];
		const e = await f.openService(counter, T('04:00:00'), T('04:10:00'), 'receiving');
		const input: RatingInput = { source: 'tablet', idempotencyKey: 'tab:st-4', counterId: counter, serviceEventId: e.id, pressedAt: T('04:05:00'), level: 4, answers: { access: 1, feedback: 2 } };
		const reply = await recordWithContact('tab:st-4', null, T('04:05:00'), async () => (await recordRatings([input], { db: h.db, publish: false }))[0]);
		expect(reply).toMatchObject({ counted: true, ignoredAnswers: [{ key: 'feedback', reason: 'not_asked_at_stage' }] });
	});
});
