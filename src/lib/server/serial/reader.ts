import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { reconnectDelayMs } from './backoff';
import { encodeFrame, type HelloFrame, type HostFrame, type LedMode } from './codec';
import { HostSession, type BadCode, type SessionAction } from './host-session';
import { BoundedLineParser, type DiscardInfo } from './line-parser';
import { LogLimiter } from './log-limiter';
import type { PortStatusUpdate, PressSink } from './sink';
import { framesRefused } from '../ops/metrics';

/**
 * Reads one serial port for as long as the process runs: opens it, sends WHO, hands frames to a
 * HostSession and presses to the sink, ACKs only what the sink confirmed stored. Unplugging
 * never ends it: every close or failed open is followed by another try on a short back-off
 * (≤ 2 s), so a box that comes back is read again within 5 s. Online/offline comes from the
 * frames themselves (no valid frame for 10 s = offline), not from serialport's close event;
 * a port that stays open but silent for 30 s is closed and reopened.
 */

export type SerialReaderOptions = {
	path: string;
	baudRate?: number;
	sink: PressSink;
	log?: (line: string) => void;
	now?: () => number;
	/** Reopen a port that has been silent this long (open but no bytes). */
	silentReopenMs?: number;
};

export interface SerialReaderEvents {
	hello: [hello: HelloFrame];
	online: [uid: string];
	offline: [uid: string | null];
	opened: [];
	closed: [];
}

export class SerialReader extends EventEmitter<SerialReaderEvents> {
	readonly path: string;
	readonly session = new HostSession();
	private port: SerialPort | null = null;
	private attempt = 0;
	private stopped = true;
	private reconnectTimer: NodeJS.Timeout | null = null;
	private tickTimer: NodeJS.Timeout | null = null;
	private wasOnline = false;
	private lastBytesAt = 0;
	private lastStatusAt = 0;
	private validReported = 0;
	private badReported: Partial<Record<BadCode, number>> = {};
	private readonly limiter: LogLimiter;
	private readonly now: () => number;
	private readonly log: (line: string) => void;
	/** Presses handed to the sink and not yet answered (for tests and shutdown). */
	inFlight = 0;

	constructor(private readonly opts: SerialReaderOptions) {
		super();
		this.path = opts.path;
		this.now = opts.now ?? Date.now;
		this.log = opts.log ?? ((l) => console.warn(l));
		this.limiter = new LogLimiter(60_000, this.log, this.now);
	}

	get isOpen(): boolean {
		return this.port !== null;
	}

	/** A box on this port sent a valid frame within the last 10 s. */
	get boxOnline(): boolean {
		return this.wasOnline;
	}

	get uid(): string | null {
		return this.session.hello?.uid ?? null;
	}

	start(): void {
		if (!this.stopped) return;
		this.stopped = false;
		this.tickTimer = setInterval(() => this.tick(), 1000);
		this.connect();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		if (this.tickTimer) clearInterval(this.tickTimer);
		const port = this.port;
		this.port = null;
		if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
		await this.reportStatus('closed').catch(() => {});
	}

	send(frame: HostFrame): boolean {
		const port = this.port;
		if (!port) return false; // the box resends whatever needed an answer
		port.write(encodeFrame(frame));
		return true;
	}

	setLed(mode: LedMode): boolean {
		return this.send({ type: 'LED', mode });
	}

	private connect(): void {
		if (this.stopped) return;
		const port = new SerialPort({ path: this.opts.path, baudRate: this.opts.baudRate ?? 115200, autoOpen: false });
		port.on('error', (e) => this.limiter.log(`${this.path}:error`, `serial ${this.path}: ${e.message}`));
		port.open((err) => {
			if (err) {
				this.limiter.log(`${this.path}:open`, `serial ${this.path}: cannot open (${err.message}); retrying`);
				this.scheduleReconnect();
				return;
			}
			if (this.stopped) {
				port.close();
				return;
			}
			this.attempt = 0;
			this.port = port;
			this.lastBytesAt = this.now();
			const parser = new BoundedLineParser();
			port.on('data', () => (this.lastBytesAt = this.now()));
			port.pipe(parser);
			parser.on('data', (line: string) => this.apply(this.session.line(line, this.now())));
			parser.on('discard', (info: DiscardInfo) => this.apply(this.session.discarded(info.reason)));
			port.once('close', () => this.closed(port));
			this.log(`serial ${this.path}: open`);
			this.emit('opened');
			this.apply(this.session.opened(this.now()));
			void this.reportStatus('open');
		});
	}

	private closed(port: SerialPort): void {
		if (this.port !== port) return;
		this.port = null;
		port.removeAllListeners('data');
		this.log(`serial ${this.path}: closed; reopening`);
		this.emit('closed');
		void this.reportStatus('closed');
		this.scheduleReconnect();
	}

	private scheduleReconnect(): void {
		if (this.stopped || this.reconnectTimer) return;
		const delay = reconnectDelayMs(this.attempt++);
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = null;
			this.connect();
		}, delay);
	}

	private tick(): void {
		const now = this.now();
		const online = this.session.online(now);
		if (online !== this.wasOnline) {
			this.wasOnline = online;
			if (online) this.emit('online', this.uid ?? '');
			else {
				this.log(`serial ${this.path}: box ${this.uid ?? '?'} offline (no frame for 10 s)`);
				this.emit('offline', this.uid);
			}
			void this.reportStatus(this.port ? 'open' : 'closed');
		} else if (now - this.lastStatusAt > 10_000 && this.hasDeltas()) {
			void this.reportStatus(this.port ? 'open' : 'closed');
		}
		const silentFor = now - this.lastBytesAt;
		const reopenAfter = this.opts.silentReopenMs ?? 30_000;
		if (this.port && silentFor > reopenAfter) {
			// Some USB-serial drivers never report an unplug: reopening finds out.
			const port = this.port;
			this.log(`serial ${this.path}: silent for ${Math.round(silentFor / 1000)} s; reopening`);
			this.closed(port);
			port.close(() => {});
		}
	}

	private apply(actions: SessionAction[]): void {
		for (const a of actions) {
			switch (a.kind) {
				case 'send':
					this.send(a.frame);
					if (a.frame.type === 'NAK') framesRefused.inc({ reason: a.frame.reason });
					if (a.frame.type === 'NAK') this.log(`serial ${this.path}: NAK ${a.frame.boot}/${a.frame.seq} (${a.frame.reason})`);
					break;
				case 'bad':
					framesRefused.inc({ reason: a.code });
					this.limiter.log(`${this.path}:bad:${a.code}`, `serial ${this.path}: bad frame (${a.code}): ${a.message}`);
					break;
				case 'hello':
					this.opts.sink.hello(this.path, a.hello).then(
						() => {
							this.emit('hello', a.hello);
							void this.reportStatus('open');
						},
						(e: Error) => this.limiter.log(`${this.path}:hello`, `serial ${this.path}: cannot register ${a.hello.uid}: ${e.message}`)
					);
					break;
				case 'heartbeat':
					void this.reportStatus('open');
					break;
				case 'press': {
					const p = a.press;
					this.inFlight++;
					this.opts.sink
						.press(this.path, p)
						.then(
							(outcome) => {
								if (outcome === 'ack') this.send({ type: 'ACK', boot: p.boot, seq: p.seq });
								else if (outcome === 'nak') {
									framesRefused.inc({ reason: 'button_range' });
									this.send({ type: 'NAK', boot: p.boot, seq: p.seq, reason: 'button_range' });
								}
							},
							(e: Error) => this.limiter.log(`${this.path}:press`, `serial ${this.path}: press not stored: ${e.message}`)
						)
						.finally(() => this.inFlight--);
					break;
				}
			}
		}
	}

	private hasDeltas(): boolean {
		return this.session.validFrames !== this.validReported || Object.keys(this.badDelta()).length > 0;
	}

	private badDelta(): Partial<Record<BadCode, number>> {
		const delta: Partial<Record<BadCode, number>> = {};
		for (const [code, n] of Object.entries(this.session.badByCode) as [BadCode, number][]) {
			const d = n - (this.badReported[code] ?? 0);
			if (d > 0) delta[code] = d;
		}
		return delta;
	}

	private async reportStatus(connected: 'open' | 'closed'): Promise<void> {
		const s = this.session;
		const validNow = s.validFrames;
		const badNow = { ...s.badByCode };
		const update: PortStatusUpdate = {
			path: this.path,
			connected,
			uid: this.uid,
			hello: s.hello,
			heartbeat: s.lastHeartbeat,
			lastFrameAt: s.lastValidAt || null,
			validDelta: validNow - this.validReported,
			badDelta: this.badDelta()
		};
		this.validReported = validNow;
		this.badReported = badNow;
		this.lastStatusAt = this.now();
		try {
			await this.opts.sink.status(update);
		} catch (e) {
			// Put the deltas back so the next report carries them.
			this.validReported -= update.validDelta;
			for (const [code, n] of Object.entries(update.badDelta) as [BadCode, number][]) this.badReported[code] = (this.badReported[code] ?? 0) - n;
			this.limiter.log(`${this.path}:status`, `serial ${this.path}: status not saved: ${(e as Error).message}`);
		}
	}
}
