import type { HelloFrame, LedMode } from './codec';
import type { PressToStore } from './host-session';
import { LogLimiter } from './log-limiter';
import { Outbox, type OutboxDone, type OutboxPress } from './outbox';
import { pressKey, type PortStatusUpdate, type PressOutcome, type PressSink } from './sink';

/**
 * The bridge's sink: a press is first appended to the fsynced outbox, then posted to the
 * server; the box gets its ACK only once the server answered stored or duplicate (NAK for
 * rejected). A resend of a press the server already answered is answered at once from the
 * outbox; a resend of one still on its way is left unanswered (the first arrival's answer
 * follows). After a restart the outbox's pending presses are posted again: the server's
 * idempotency key makes that harmless.
 */

export type BridgeSinkOptions = {
	server: string;
	token: string;
	outboxFile: string;
	log?: (line: string) => void;
	/** LED changes the server asks for (a counted rating: THANKS). */
	onLed?: (uid: string, mode: LedMode) => void;
	fetch?: typeof fetch;
	now?: () => number;
};

type Answer = { key: string; status: 'stored' | 'duplicate' | 'rejected'; reason?: string; counted: boolean; notCountedReason?: string };

/** Not-counted reasons the person running the bridge can act on (the press itself is stored). */
const TELL: Record<string, string> = {
	bridge_not_assigned: 'is bound to a counter not assigned to this bridge: stored, not counted (an administrator assigns counters on the boxes page)',
	too_old: 'is older than the server accepts (BRIDGE_MAX_AGE_DAYS): stored, not counted'
};

const RETRY_MS = [250, 500, 1000, 2000, 5000];

export class BridgeSink implements PressSink {
	readonly outbox: Outbox;
	private readonly waiters = new Map<string, (o: PressOutcome) => void>();
	private sending = false;
	private retryTimer: NodeJS.Timeout | null = null;
	private failures = 0;
	private closed = false;
	private readonly log: (line: string) => void;
	private readonly fetch: typeof fetch;
	private readonly now: () => number;
	private readonly base: string;
	private readonly limiter: LogLimiter;

	constructor(private readonly opts: BridgeSinkOptions) {
		this.outbox = Outbox.open(opts.outboxFile);
		this.log = opts.log ?? ((l) => console.warn(l));
		this.limiter = new LogLimiter(60_000, this.log);
		this.fetch = opts.fetch ?? fetch;
		this.now = opts.now ?? Date.now;
		this.base = opts.server.replace(/\/+$/, '');
		if (this.outbox.pending.size > 0) {
			this.log(`bridge: ${this.outbox.pending.size} presses from the outbox to send`);
			this.kick();
		}
	}

	close(): void {
		this.closed = true;
		if (this.retryTimer) clearTimeout(this.retryTimer);
		this.outbox.close();
	}

	private async call(method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
		const res = await this.fetch(`${this.base}/api/v1/boxes/${route}`, {
			method,
			headers: { authorization: `Bearer ${this.opts.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(10_000)
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${text.slice(0, 200)}`);
		return JSON.parse(text);
	}

	async hello(path: string, hello: HelloFrame): Promise<void> {
		const r = (await this.call('POST', 'hello', { port: path, uid: hello.uid, fw: hello.fw, buttons: hello.buttons, boot: hello.boot })) as { led?: LedMode };
		if (r.led && r.led !== 'IDLE') this.opts.onLed?.(hello.uid, r.led);
	}

	async press(_path: string, p: PressToStore): Promise<PressOutcome> {
		const key = pressKey(p);
		const done = this.outbox.done.get(key);
		if (done) return done === 'rejected' ? 'nak' : 'ack';
		if (this.waiters.has(key)) return 'silent';
		if (!this.outbox.pending.has(key)) {
			const rec: OutboxPress = { t: 'p', k: key, uid: p.uid, boot: p.boot, seq: p.seq, button: p.button, buttons: p.buttons, ageMs: p.ageMs, at: p.arrivedAt };
			try {
				this.outbox.append([rec]);
			} catch (e) {
				this.log(`bridge: outbox write failed (${(e as Error).message}); the box will resend`);
				return 'silent';
			}
		}
		const answer = new Promise<PressOutcome>((resolve) => this.waiters.set(key, resolve));
		this.kick();
		return answer;
	}

	async status(u: PortStatusUpdate): Promise<void> {
		await this.call('POST', 'status', {
			port: u.path,
			connected: u.connected,
			uid: u.uid,
			boot: u.hello?.boot ?? null,
			lastSeq: u.heartbeat?.lastSeq ?? null,
			pending: u.heartbeat?.pending ?? null,
			frameAgeMs: u.lastFrameAt ? Math.max(0, this.now() - u.lastFrameAt) : null,
			heartbeat: u.heartbeat !== null,
			validDelta: u.validDelta,
			badDelta: u.badDelta
		});
	}

	async ledModes(uids: string[]): Promise<Record<string, LedMode>> {
		if (uids.length === 0) return {};
		const q = uids.map((u) => `uid=${encodeURIComponent(u)}`).join('&');
		return ((await this.call('GET', `led?${q}`)) as { modes: Record<string, LedMode> }).modes;
	}

	/** Posts pending presses, oldest first, until none is left; backs off while the server is unreachable. */
	private kick(): void {
		if (this.sending || this.retryTimer || this.closed) return;
		this.sending = true;
		void this.drain().finally(() => (this.sending = false));
	}

	private async drain(): Promise<void> {
		while (!this.closed && this.outbox.pending.size > 0) {
			const batch = [...this.outbox.pending.values()].slice(0, 200);
			const now = this.now();
			let answers: Answer[];
			try {
				const r = (await this.call('POST', 'presses', {
					presses: batch.map((p) => ({ uid: p.uid, boot: p.boot, seq: p.seq, button: p.button, buttons: p.buttons, ageMs: p.ageMs + Math.max(0, now - p.at) }))
				})) as { results: Answer[] };
				answers = r.results;
			} catch (e) {
				const delay = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)];
				if (this.failures === 1 || this.failures % 20 === 0) {
					this.log(`bridge: server unreachable (${(e as Error).message}); ${this.outbox.pending.size} presses kept in the outbox`);
				}
				this.retryTimer = setTimeout(() => {
					this.retryTimer = null;
					this.kick();
				}, delay);
				return;
			}
			if (this.failures > 0) this.log('bridge: server reachable again');
			this.failures = 0;
			const records: OutboxDone[] = answers.filter((a) => this.outbox.pending.has(a.key)).map((a) => ({ t: 'd', k: a.key, r: a.status }));
			if (records.length === 0) return; // the server answered nothing we asked: do not spin
			this.outbox.append(records);
			for (const a of answers) {
				const w = this.waiters.get(a.key);
				this.waiters.delete(a.key);
				w?.(a.status === 'rejected' ? 'nak' : 'ack');
				const uid = a.key.split(':')[1];
				if (a.counted) this.opts.onLed?.(uid, 'THANKS');
				const tell = a.notCountedReason && TELL[a.notCountedReason];
				if (tell) this.limiter.log(`${uid}:${a.notCountedReason}`, `bridge: a press of box ${uid} ${tell}`);
			}
		}
	}
}
