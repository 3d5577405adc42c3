import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TabletRatingBody, CONSENT_VERSION, type KioskState, type ScaleLevel } from './contract';
import {
	CREDENTIAL_KEY,
	DETAILS_TIMEOUT_MS,
	KioskMachine,
	LAST_STATE_KEY,
	POLL_RETRY_MS,
	PROMPT_TIMEOUT_MS,
	RESEND_MS,
	THANKS_MS,
	ratingDetails,
	type KioskIo
} from './machine';
import { verdict, type OutboxItem, type SendOutcome } from './outbox';

/**
 * Every state and every timer of the kiosk machine, with fake timers and a fake device API: the
 * long poll is a queue of answers the test hands out one by one.
 */
const scale: ScaleLevel[] = [
	{ level: 1, labelVi: 'Rất không hài lòng', labelEn: 'Very dissatisfied', class: 'dissatisfied' },
	{ level: 3, labelVi: 'Bình thường', labelEn: 'Neutral', class: 'neutral' },
	{ level: 5, labelVi: 'Rất hài lòng', labelEn: 'Very satisfied', class: 'satisfied' }
];
const [unhappy, , happy] = scale;

function state(serviceEventId: number | null, extra: Partial<KioskState> = {}): KioskState {
	return {
		key: `k${serviceEventId ?? 'idle'}`,
		centre: { nameVi: 'Trung tâm', nameEn: null },
		counter: { nameVi: 'Quầy 1', nameEn: null },
		scale,
		reasons: ['attitude', 'waiting_time'],
		questions: [],
		prompt:
			serviceEventId === null
				? null
				: {
						serviceEventId,
						stage: 'receiving',
						officer: { fullName: 'Nguyễn Văn An', staffNumber: 'CB1', photoUrl: null },
						procedure: { nameVi: 'Cấp bản sao', nameEn: null }
					},
		...extra
	};
}

type Answer = KioskState | 'unauthorised' | Error;

function fakeIo() {
	const store = new Map<string, string>();
	const outbox: OutboxItem[] = [];
	/** Every rating ever written to the outbox, sent or not. */
	const recorded: OutboxItem[] = [];
	/** The long poll's pending requests: the test answers them with `answer`. */
	const polls: { known: string; resolve: (a: KioskState | 'unauthorised') => void; reject: (e: Error) => void }[] = [];
	let flushOutcome: SendOutcome = 'sent';
	let keys = 0;
	const io: KioskIo = {
		fetchState: (_credential, known) => new Promise((resolve, reject) => polls.push({ known, resolve, reject })),
		enqueue: async (item) => void (outbox.push(item), recorded.push(item)),
		flush: vi.fn(async () => {
			if (flushOutcome === 'sent') outbox.length = 0;
			return flushOutcome;
		}),
		count: async () => outbox.length,
		storage: {
			getItem: (k) => store.get(k) ?? null,
			setItem: (k, v) => void store.set(k, v),
			removeItem: (k) => void store.delete(k)
		},
		newKey: () => `key-0000-${++keys}`,
		now: () => Date.now()
	};
	return {
		io,
		store,
		outbox,
		recorded,
		polls,
		setFlush: (o: SendOutcome) => (flushOutcome = o),
		/** Answers the oldest pending long poll and lets the machine react. */
		async answer(a: Answer) {
			const p = polls.shift();
			if (!p) throw new Error('no long poll is pending');
			if (a instanceof Error) p.reject(a);
			else p.resolve(a);
			await vi.advanceTimersByTimeAsync(0);
		}
	};
}

describe('the kiosk machine', () => {
	let f: ReturnType<typeof fakeIo>;
	let m: KioskMachine;

	beforeEach(() => {
		vi.useFakeTimers();
		f = fakeIo();
		m = new KioskMachine(f.io);
	});
	afterEach(() => {
		m.stop();
		vi.useRealTimers();
	});

	/** Paired, long poll answered with a prompt for service 7. */
	async function prompted(extra: Partial<KioskState> = {}) {
		f.store.set(CREDENTIAL_KEY, 'cred');
		m.start();
		await f.answer(state(7, extra));
		expect(m.snapshot.phase).toBe('prompt');
	}

	it('waits unpaired, without polling, until paired; then stores the credential and polls', async () => {
		expect(m.snapshot.ready).toBe(false);
		m.start();
		expect(m.snapshot).toMatchObject({ ready: true, credential: null, phase: 'idle' });
		expect(f.polls).toHaveLength(0);
		m.paired('cred');
		expect(f.store.get(CREDENTIAL_KEY)).toBe('cred');
		expect(f.polls).toHaveLength(1);
		await f.answer(state(null));
		expect(m.snapshot).toMatchObject({ phase: 'idle', online: true });
		expect(f.polls).toEqual([expect.objectContaining({ known: 'kidle' })]); // the next poll names the state it knows
	});

	it('idle → prompt when a service opens, and back to idle when it closes unrated', async () => {
		await prompted();
		expect(JSON.parse(f.store.get(LAST_STATE_KEY)!)).toMatchObject({ key: 'k7' });
		await f.answer(state(null));
		expect(m.snapshot.phase).toBe('idle');
	});

	it('prompt timer: a minute without a tap abandons the service, whose prompt does not come back', async () => {
		await prompted();
		await vi.advanceTimersByTimeAsync(PROMPT_TIMEOUT_MS - 1);
		expect(m.snapshot.phase).toBe('prompt');
		await vi.advanceTimersByTimeAsync(1);
		expect(m.snapshot.phase).toBe('idle');
		await f.answer(state(7));
		expect(m.snapshot.phase).toBe('idle');
		await f.answer(state(8));
		expect(m.snapshot.phase).toBe('prompt');
		expect(f.recorded).toEqual([]);
	});

	it('prompt → thanks for a satisfied face when no question is asked; thanks timer → idle after 5 s', async () => {
		await prompted();
		await m.choose(happy);
		expect(m.snapshot.phase).toBe('thanks');
		expect(f.recorded).toEqual([{ key: 'key-0000-1', tappedAt: Date.now(), body: { serviceEventId: 7, level: 5 } }]);
		expect(f.io.flush).toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(THANKS_MS - 1);
		expect(m.snapshot.phase).toBe('thanks');
		await vi.advanceTimersByTimeAsync(1);
		expect(m.snapshot).toMatchObject({ phase: 'idle', chosen: null });
		// the service is rated: the same prompt does not come back
		await f.answer(state(7));
		expect(m.snapshot.phase).toBe('idle');
	});

	it('prompt → details for a dissatisfied face, or for a satisfied one when questions are asked at this stage', async () => {
		await prompted({ questions: [{ key: 'result', labelVi: 'Kết quả', labelEn: 'Result', stage: 'returning' }] });
		await m.choose(happy); // the question is asked when the result is returned, not at receiving
		expect(m.snapshot.phase).toBe('thanks');
		await vi.advanceTimersByTimeAsync(THANKS_MS);
		await f.answer(state(8, { questions: [{ key: 'time', labelVi: 'Thời gian', labelEn: 'Time', stage: 'both' }] }));
		await m.choose(happy);
		expect(m.snapshot).toMatchObject({ phase: 'details', chosen: happy });
		m.answer('time', 5);
		await m.submit(true);
		expect(f.recorded.at(-1)!.body).toEqual({ serviceEventId: 8, level: 5, answers: { time: 5 } });
	});

	it('details → thanks with reasons, comment and a consented phone, in the shape the server parses', async () => {
		await prompted();
		await m.choose(unhappy);
		expect(m.snapshot.phase).toBe('details');
		m.toggleReason('attitude', true);
		m.toggleReason('waiting_time', true);
		m.toggleReason('attitude', false);
		m.edit({ comment: '  Chờ lâu  ', phone: ' 0901 234 567 ', consent: true });
		await m.submit(true);
		expect(m.snapshot.phase).toBe('thanks');
		const body = f.recorded[0].body;
		expect(body).toEqual({
			serviceEventId: 7,
			level: 1,
			reasonCodes: ['waiting_time'],
			comment: 'Chờ lâu',
			contact: { phone: '0901 234 567', consent: true, consentVersion: CONSENT_VERSION }
		});
		expect(TabletRatingBody.safeParse({ key: f.recorded[0].key, ageMs: 0, ...body }).success).toBe(true);
	});

	it('details: a phone without consent, or not a phone number, is refused on Send and the screen stays', async () => {
		await prompted();
		await m.choose(unhappy);
		m.edit({ phone: '0901234567' });
		await m.submit(true);
		expect(m.snapshot).toMatchObject({ phase: 'details', problem: 'consentNeeded' });
		m.edit({ phone: 'abc', consent: true });
		await m.submit(true);
		expect(m.snapshot).toMatchObject({ phase: 'details', problem: 'phoneInvalid' });
		expect(f.recorded).toEqual([]);
		m.edit({ phone: '0901234567' });
		await m.submit(true);
		expect(m.snapshot).toMatchObject({ phase: 'thanks', problem: null });
	});

	it('details → thanks on Skip: the face alone', async () => {
		await prompted();
		await m.choose(unhappy);
		m.edit({ comment: 'x', phone: '0901234567', consent: true });
		await m.submit(false);
		expect(f.recorded[0].body).toEqual({ serviceEventId: 7, level: 1 });
	});

	it('details timer: after a minute untouched the choice is recorded with its details; a touch starts the minute again', async () => {
		await prompted();
		await m.choose(unhappy);
		m.toggleReason('attitude', true);
		await vi.advanceTimersByTimeAsync(DETAILS_TIMEOUT_MS - 1_000);
		m.touched();
		await vi.advanceTimersByTimeAsync(DETAILS_TIMEOUT_MS - 1);
		expect(m.snapshot.phase).toBe('details');
		await vi.advanceTimersByTimeAsync(1);
		expect(m.snapshot.phase).toBe('thanks');
		expect(f.recorded[0].body).toEqual({ serviceEventId: 7, level: 1, reasonCodes: ['attitude'] });
		await vi.advanceTimersByTimeAsync(THANKS_MS);
		expect(m.snapshot.phase).toBe('idle');
	});

	it('details timer: a phone left without consent is not kept, and the choice is still recorded', async () => {
		await prompted();
		await m.choose(unhappy);
		m.edit({ phone: '0901234567' });
		await vi.advanceTimersByTimeAsync(DETAILS_TIMEOUT_MS);
		expect(m.snapshot.phase).toBe('thanks');
		expect(f.recorded[0].body).toEqual({ serviceEventId: 7, level: 1 });
	});

	it('the details stay open when the service closes meanwhile, and the rating keeps its service', async () => {
		await prompted();
		await m.choose(unhappy);
		await f.answer(state(null, { key: 'closed' }));
		expect(m.snapshot.phase).toBe('details');
		await m.submit(false);
		expect(f.recorded[0].body).toEqual({ serviceEventId: null, level: 1 });
	});

	it('a second tap on Send writes the rating once', async () => {
		await prompted();
		await m.choose(unhappy);
		await Promise.all([m.submit(true), m.submit(true)]);
		expect(f.recorded).toHaveLength(1);
	});

	it('long poll: offline shows the banner and retries after 3 s; the next answer clears it', async () => {
		await prompted();
		await f.answer(new Error('offline'));
		expect(m.snapshot.online).toBe(false);
		expect(f.polls).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(POLL_RETRY_MS - 1);
		expect(f.polls).toHaveLength(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(f.polls).toHaveLength(1);
		await f.answer(state(7));
		expect(m.snapshot.online).toBe(true);
	});

	it('long poll: a 401 unpairs the tablet and forgets the credential', async () => {
		await prompted();
		await f.answer('unauthorised');
		expect(m.snapshot).toMatchObject({ credential: null, unpaired: 'revoked' });
		expect(f.store.has(CREDENTIAL_KEY)).toBe(false);
		expect(f.polls).toHaveLength(0);
	});

	it('outbox: offline keeps the rating and counts it; the resend timer sends it every 5 s', async () => {
		await prompted();
		f.setFlush('offline');
		await m.choose(happy);
		await vi.advanceTimersByTimeAsync(0);
		expect(m.snapshot).toMatchObject({ waiting: 1, online: false });
		const calls = vi.mocked(f.io.flush).mock.calls.length;
		await vi.advanceTimersByTimeAsync(RESEND_MS);
		expect(vi.mocked(f.io.flush).mock.calls.length).toBe(calls + 1);
		f.setFlush('sent');
		await vi.advanceTimersByTimeAsync(RESEND_MS);
		expect(m.snapshot.waiting).toBe(0);
	});

	it('outbox: a 401 while sending unpairs the tablet', async () => {
		await prompted();
		f.setFlush('unauthorised');
		await m.choose(happy);
		await vi.advanceTimersByTimeAsync(0);
		expect(m.snapshot).toMatchObject({ credential: null, unpaired: 'revoked' });
	});

	it('outbox: what each answer means for a queued rating', () => {
		expect([200, 400, 409, 422, 401, 500, 503].map(verdict)).toEqual(['remove', 'remove', 'remove', 'remove', 'unauthorised', 'retry', 'retry']);
	});

	it('starts from the last state saved before a reload: the last prompt can be rated offline', async () => {
		f.store.set(CREDENTIAL_KEY, 'cred');
		f.store.set(LAST_STATE_KEY, JSON.stringify(state(9)));
		m.start();
		expect(m.snapshot.phase).toBe('prompt');
		await f.answer(new Error('offline'));
		await m.choose(happy);
		expect(f.recorded[0].body).toEqual({ serviceEventId: 9, level: 5 });
	});

	it('stop() ends every timer', async () => {
		await prompted();
		m.stop();
		await vi.advanceTimersByTimeAsync(PROMPT_TIMEOUT_MS + RESEND_MS);
		expect(m.snapshot.phase).toBe('prompt');
		expect(vi.getTimerCount()).toBe(0);
	});
});

describe('ratingDetails', () => {
	const draft = { reasons: [], comment: 'x'.repeat(2100), phone: '', consent: false, answers: {} };
	it('cuts a comment to the contract’s length', () => {
		const r = ratingDetails(1, 2, draft, true);
		expect(r.ok && r.body.comment?.length).toBe(2000);
	});
	it('makes bodies the server’s schema accepts, whatever the citizen typed', () => {
		for (const phone of ['', '0901 234 567', '+84 901.234.567', 'abc', '12']) {
			for (const consent of [true, false]) {
				for (const strict of [true, false]) {
					const r = ratingDetails(7, 1, { reasons: ['attitude'], comment: ' x ', phone, consent, answers: { time: 2 } }, strict);
					if (r.ok) expect(TabletRatingBody.safeParse({ key: 'key-0000-0001', ageMs: 0, ...r.body }).success, `${phone} ${consent} ${strict}`).toBe(true);
					else expect(strict).toBe(true);
				}
			}
		}
	});
	it('keeps no details when none are given', () => {
		expect(ratingDetails(null, 3, null, true)).toEqual({ ok: true, body: { serviceEventId: null, level: 3 } });
	});
});
