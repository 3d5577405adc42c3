import type { KioskState, ScaleLevel, TabletRatingDetails } from './contract';
import { COMMENT_MAX, CONSENT_VERSION, PHONE_PATTERN } from './rules';
import type { OutboxItem, SendOutcome } from './outbox';

/**
 * The citizen's tablet at a counter, as a state machine with no DOM and no server code:
 *
 *   idle ──(a service opens)──▶ prompt ──(a face)──▶ details ──(send / skip / a minute untouched)──▶ thanks ──(5 s)──▶ idle
 *                                  │  └──(satisfied, no extra question)──────────────────────────────▶ thanks
 *                                  └──(a minute without a tap, or the service closed)──▶ idle
 *
 * Ratings go to the outbox first and are sent from there (on every rating, every RESEND_MS and
 * when the network comes back), so nothing is lost offline. The long poll keeps `kiosk` current;
 * a 401 from either unpairs the tablet. The page (src/routes/(kiosk)/kiosk/+page.svelte) renders
 * the snapshot and forwards taps; all I/O comes in through `KioskIo`, so the unit tests
 * (machine.test.ts) drive every state and timer with fake timers.
 */

export const PROMPT_TIMEOUT_MS = 60_000;
export const DETAILS_TIMEOUT_MS = 60_000;
export const THANKS_MS = 5_000;
/** After a failed long poll (offline, a 5xx), the next try. */
export const POLL_RETRY_MS = 3_000;
/** How often the outbox is sent again while anything waits in it. */
export const RESEND_MS = 5_000;
/** The long poll's wait, in seconds (the server answers sooner when the state changes). */
export const POLL_WAIT_S = 25;

export const CREDENTIAL_KEY = 'hl.device.credential';
export const LAST_STATE_KEY = 'hl.kiosk.state';

export type Phase = 'idle' | 'prompt' | 'details' | 'thanks';
export type Draft = { reasons: string[]; comment: string; phone: string; consent: boolean; answers: Record<string, number> };
/** Why the details cannot be sent yet (each has a kiosk.details.* message). */
export type DetailsProblem = 'consentNeeded' | 'phoneInvalid';

export type Snapshot = {
	/** false until start(): the server-rendered welcome shows meanwhile. */
	ready: boolean;
	credential: string | null;
	/** Why the tablet is unpaired, when it was paired before. */
	unpaired: 'revoked' | null;
	kiosk: KioskState | null;
	phase: Phase;
	chosen: ScaleLevel | null;
	draft: Draft;
	problem: DetailsProblem | null;
	online: boolean;
	/** Ratings in the outbox, not yet accepted by the server. */
	waiting: number;
};

/** Everything the machine does to the world. */
export type KioskIo = {
	/** GET /api/v1/device/prompt; throws when offline or on a 5xx. */
	fetchState(credential: string, knownKey: string, waitSeconds: number): Promise<KioskState | 'unauthorised'>;
	enqueue(item: OutboxItem): Promise<void>;
	flush(credential: string): Promise<SendOutcome>;
	count(): Promise<number>;
	/** localStorage, or a stand-in. */
	storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
	newKey(): string;
	now(): number;
};

const emptyDraft = (): Draft => ({ reasons: [], comment: '', phone: '', consent: false, answers: {} });

/** The questions asked at the prompt's stage (the server sends only those; a state cached before stages existed has none). */
export function askedQuestions(kiosk: KioskState | null) {
	return (kiosk?.questions ?? []).filter((q) => !kiosk?.prompt || !q.stage || q.stage === 'both' || q.stage === kiosk.prompt.stage);
}

/**
 * The rating body for a choice and what was written on the details screen, in the contract's
 * shape (its type; machine.test.ts parses the bodies with its schema). `strict` (the citizen pressed Send) refuses a phone without
 * consent or one that is not a phone number; otherwise (Skip, or the citizen walked away) the
 * details are kept but such a phone is left out, since consent was never given for it.
 */
export function ratingDetails(
	serviceEventId: number | null,
	level: number,
	draft: Draft | null,
	strict: boolean
): { ok: true; body: TabletRatingDetails } | { ok: false; problem: DetailsProblem } {
	const body: TabletRatingDetails = { serviceEventId, level };
	if (!draft) return { ok: true, body };
	const phone = draft.phone.trim();
	if (phone && !draft.consent && strict) return { ok: false, problem: 'consentNeeded' };
	if (draft.reasons.length) body.reasonCodes = [...draft.reasons] as TabletRatingDetails['reasonCodes'];
	const comment = draft.comment.trim();
	if (comment) body.comment = comment.slice(0, COMMENT_MAX);
	if (Object.keys(draft.answers).length) body.answers = { ...draft.answers };
	if (phone && draft.consent) {
		if (PHONE_PATTERN.test(phone)) body.contact = { phone, consent: true, consentVersion: CONSENT_VERSION };
		else if (strict) return { ok: false, problem: 'phoneInvalid' };
	}
	return { ok: true, body };
}

export class KioskMachine {
	#s: Snapshot = {
		ready: false,
		credential: null,
		unpaired: null,
		kiosk: null,
		phase: 'idle',
		chosen: null,
		draft: emptyDraft(),
		problem: null,
		online: true,
		waiting: 0
	};
	/** Services already rated or abandoned here: their prompt does not come back. */
	readonly #done = new Set<number>();
	#timer: ReturnType<typeof setTimeout> | undefined;
	#resend: ReturnType<typeof setInterval> | undefined;
	#alive = false;
	/** A rating being written to the outbox: a second tap on Send must not write it twice. */
	#recording = false;
	readonly #listeners = new Set<(s: Snapshot) => void>();

	constructor(private readonly io: KioskIo) {}

	get snapshot(): Snapshot {
		return this.#s;
	}

	/** Calls `listener` with every new snapshot (a new object each time); returns the unsubscribe. */
	subscribe(listener: (s: Snapshot) => void): () => void {
		this.#listeners.add(listener);
		listener(this.#s);
		return () => this.#listeners.delete(listener);
	}

	#set(patch: Partial<Snapshot>) {
		this.#s = { ...this.#s, ...patch };
		for (const l of this.#listeners) l(this.#s);
	}

	/** Reads the saved credential and last state (offline after a reload, the last prompt can still be rated) and begins. */
	start(): void {
		this.#alive = true;
		const saved = this.io.storage.getItem(LAST_STATE_KEY);
		let kiosk: KioskState | null = null;
		try {
			kiosk = saved ? (JSON.parse(saved) as KioskState) : null;
		} catch {
			// a damaged copy: the long poll brings a fresh one
		}
		this.#set({ ready: true, kiosk });
		const credential = this.io.storage.getItem(CREDENTIAL_KEY);
		if (credential) this.paired(credential);
		this.#apply();
		this.#resend = setInterval(() => void this.send(), RESEND_MS);
	}

	stop(): void {
		this.#alive = false;
		clearInterval(this.#resend);
		clearTimeout(this.#timer);
	}

	/** The tablet was paired (or started with a saved credential). */
	paired(credential: string): void {
		this.io.storage.setItem(CREDENTIAL_KEY, credential);
		this.#set({ credential, unpaired: null });
		void this.#poll(credential);
		void this.send();
	}

	/** Sends the outbox now (also on a timer, and when the browser says it is online again). */
	async send(): Promise<void> {
		const credential = this.#s.credential;
		if (!credential) return;
		const outcome = await this.io.flush(credential).catch((): SendOutcome => 'offline');
		if (outcome === 'unauthorised') this.#unpair();
		else if (outcome === 'offline') this.#set({ online: false });
		this.#set({ waiting: await this.io.count() });
	}

	/** A face was tapped on the prompt. */
	choose(level: ScaleLevel): Promise<void> {
		if (this.#s.phase !== 'prompt') return Promise.resolve();
		const needsDetails = level.class !== 'satisfied' || askedQuestions(this.#s.kiosk).length > 0;
		this.#set({ chosen: level });
		if (!needsDetails) return this.#record(false);
		this.#set({ phase: 'details' });
		this.#detailsTimer();
		return Promise.resolve();
	}

	/** The citizen changed something on the details screen. */
	edit(patch: Partial<Draft>): void {
		if (this.#s.phase !== 'details') return;
		this.#set({ draft: { ...this.#s.draft, ...patch } });
	}

	toggleReason(code: string, on: boolean): void {
		const reasons = this.#s.draft.reasons.filter((r) => r !== code);
		this.edit({ reasons: on ? [...reasons, code] : reasons });
	}

	answer(question: string, level: number): void {
		this.edit({ answers: { ...this.#s.draft.answers, [question]: level } });
	}

	/** Send (with the details) or Skip (the face alone) on the details screen. */
	submit(withDetails: boolean): Promise<void> {
		if (this.#s.phase !== 'details') return Promise.resolve();
		return this.#record(withDetails, withDetails);
	}

	/** Any touch or key: on the details screen, its one-minute timer starts again. */
	touched(): void {
		if (this.#s.phase === 'details') this.#detailsTimer();
	}

	#later(ms: number, fn: () => void) {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(fn, ms);
	}

	/** A citizen who walks away from the details still tapped a face: what they chose is recorded. */
	#detailsTimer() {
		this.#later(DETAILS_TIMEOUT_MS, () => void this.#record(true, false));
	}

	#toIdle() {
		clearTimeout(this.#timer);
		this.#set({ phase: 'idle', chosen: null, draft: emptyDraft(), problem: null });
		this.#apply();
	}

	/** Shows the prompt for an open, unrated service; abandons it after a minute without a tap. */
	#apply() {
		const p = this.#s.kiosk?.prompt;
		if (this.#s.phase === 'idle' && p && !this.#done.has(p.serviceEventId)) {
			this.#set({ phase: 'prompt' });
			this.#later(PROMPT_TIMEOUT_MS, () => {
				this.#done.add(p.serviceEventId);
				this.#toIdle();
			});
		} else if (this.#s.phase === 'prompt' && !p) {
			this.#toIdle();
		}
	}

	async #record(withDetails: boolean, strict = false): Promise<void> {
		const { chosen, kiosk, draft } = this.#s;
		if (!chosen || this.#recording) return;
		const p = kiosk?.prompt ?? null;
		const details = ratingDetails(p?.serviceEventId ?? null, chosen.level, withDetails ? draft : null, strict);
		if (!details.ok) return this.#set({ problem: details.problem });
		clearTimeout(this.#timer);
		this.#recording = true;
		try {
			await this.io.enqueue({ key: this.io.newKey(), tappedAt: this.io.now(), body: details.body });
		} finally {
			this.#recording = false;
		}
		if (p) this.#done.add(p.serviceEventId);
		this.#set({ phase: 'thanks', problem: null, waiting: await this.io.count() });
		this.#later(THANKS_MS, () => this.#toIdle());
		void this.send();
	}

	async #poll(credential: string) {
		while (this.#alive && this.#s.credential === credential) {
			try {
				const kiosk = await this.io.fetchState(credential, this.#s.kiosk?.key ?? '', POLL_WAIT_S);
				if (this.#s.credential !== credential) return;
				if (kiosk === 'unauthorised') return this.#unpair();
				this.io.storage.setItem(LAST_STATE_KEY, JSON.stringify(kiosk));
				this.#set({ kiosk, online: true });
				this.#apply();
			} catch {
				this.#set({ online: false });
				await new Promise((r) => setTimeout(r, POLL_RETRY_MS));
			}
		}
	}

	#unpair() {
		this.io.storage.removeItem(CREDENTIAL_KEY);
		this.#set({ credential: null, unpaired: 'revoked' });
	}
}
