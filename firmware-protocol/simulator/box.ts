/**
 * A button box in software: the box side of protocol v1 over any Duplex stream (a serialport,
 * a socket, a PassThrough pair). Mirrors the reference firmware (../firmware/proto.c): a ring
 * of unacknowledged presses resent at 2 s, 4 s, 8 s, 16 s, then every 30 s; HELLO at start
 * and on WHO (which also restarts the backoff); HB every 5 s; ACK/NAK drop a press of the
 * current boot. On top it can misbehave on purpose: corrupt outgoing frames, ignore ACKs,
 * power-cycle.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
	decodeLine,
	encodeFrame,
	type DecodeError,
	type Frame,
	type HostFrame,
	type LedMode
} from '../../src/lib/server/serial/codec';
import { LineSplitter } from '../../src/lib/server/serial/line-parser';

export type BoxOptions = {
	uid: string;
	boot: number;
	fw?: string;
	buttons?: number;
	/** Fraction (0..1) of outgoing frames with one bit flipped. */
	corrupt?: number;
	/** Fraction (0..1) of ACKs the box ignores, as if they were lost on the wire. */
	dropAck?: number;
	ringSize?: number;
	resendFirstMs?: number;
	resendMaxMs?: number;
	hbIntervalMs?: number;
	/** How often the box looks for due frames. */
	tickMs?: number;
	/** Returns a number in [0, 1); Math.random by default. */
	random?: () => number;
	now?: () => number;
};

type Slot = {
	seq: number;
	button: number;
	pressedAt: number;
	nextSend: number;
	intervalMs: number;
	sends: number;
};

export type BoxStats = {
	pressed: number;
	acked: number;
	naked: number;
	/** Presses dropped because the ring was full, or held in it when the box power-cycled. */
	lost: number;
	framesSent: number;
	pressFramesSent: number;
	resends: number;
	corrupted: number;
	acksIgnored: number;
	badLines: number;
};

export interface SimulatedBoxEvents {
	sent: [line: string, corrupted: boolean];
	received: [frame: HostFrame];
	bad: [error: DecodeError, line: string];
	acked: [seq: number];
	naked: [seq: number, reason: string];
	led: [mode: LedMode];
	idle: [];
}

export class SimulatedBox extends EventEmitter<SimulatedBoxEvents> {
	readonly uid: string;
	readonly fw: string;
	readonly buttons: number;
	boot: number;
	lastSeq = 0;
	led: LedMode = 'IDLE';
	readonly stats: BoxStats = {
		pressed: 0,
		acked: 0,
		naked: 0,
		lost: 0,
		framesSent: 0,
		pressFramesSent: 0,
		resends: 0,
		corrupted: 0,
		acksIgnored: 0,
		badLines: 0
	};

	private readonly ring = new Map<number, Slot>();
	private readonly splitter = new LineSplitter();
	private readonly opts: Required<Omit<BoxOptions, 'uid' | 'boot' | 'fw' | 'buttons'>>;
	private timer: NodeJS.Timeout | null = null;
	private nextHb = 0;
	private readonly onData = (chunk: Buffer) => this.receive(chunk);

	constructor(
		private readonly stream: Duplex,
		options: BoxOptions
	) {
		super();
		this.uid = options.uid;
		this.fw = options.fw ?? 'sim-1.0.0';
		this.buttons = options.buttons ?? 5;
		this.boot = options.boot;
		this.opts = {
			corrupt: options.corrupt ?? 0,
			dropAck: options.dropAck ?? 0,
			ringSize: options.ringSize ?? 64,
			resendFirstMs: options.resendFirstMs ?? 2000,
			resendMaxMs: options.resendMaxMs ?? 30000,
			hbIntervalMs: options.hbIntervalMs ?? 5000,
			tickMs: options.tickMs ?? 20,
			random: options.random ?? Math.random,
			now: options.now ?? (() => performance.now())
		};
		// Validates uid, fw, buttons and boot before anything is sent.
		encodeFrame(this.hello());
	}

	get pending(): number {
		return this.ring.size;
	}

	start(): void {
		if (this.timer) return;
		this.stream.on('data', this.onData);
		this.nextHb = this.opts.now() + this.opts.hbIntervalMs;
		this.send(this.hello());
		this.timer = setInterval(() => this.poll(), this.opts.tickMs);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.stream.off('data', this.onData);
	}

	/** Records a press of `button` (1 = most satisfied); returns its seq, or 0 if the ring was full. */
	press(button: number, ageMs = 0): number {
		const seq = ++this.lastSeq;
		this.stats.pressed++;
		if (this.ring.size >= this.opts.ringSize) {
			this.stats.lost++;
			return 0;
		}
		const now = this.opts.now();
		this.ring.set(seq, {
			seq,
			button,
			pressedAt: now - ageMs,
			nextSend: now,
			intervalMs: this.opts.resendFirstMs,
			sends: 0
		});
		this.poll();
		return seq;
	}

	/** Power loss and restart: unacknowledged presses are gone, boot + 1, seq from 1, HELLO. */
	powerCycle(): void {
		this.stats.lost += this.ring.size;
		this.ring.clear();
		this.boot++;
		this.lastSeq = 0;
		this.led = 'IDLE';
		this.splitter.end();
		this.nextHb = this.opts.now() + this.opts.hbIntervalMs;
		if (this.timer) this.send(this.hello());
	}

	/** Resolves once nothing is pending (or rejects after timeoutMs). */
	waitIdle(timeoutMs = 60_000): Promise<void> {
		if (this.ring.size === 0) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const t = setTimeout(() => {
				this.off('idle', done);
				reject(new Error(`${this.uid}: ${this.ring.size} presses still unacknowledged`));
			}, timeoutMs);
			const done = () => {
				clearTimeout(t);
				resolve();
			};
			this.once('idle', done);
		});
	}

	private hello(): Frame {
		return { type: 'HELLO', uid: this.uid, fw: this.fw, buttons: this.buttons, boot: this.boot };
	}

	private poll(): void {
		const now = this.opts.now();
		if (now >= this.nextHb) {
			this.nextHb = now + this.opts.hbIntervalMs;
			this.send({ type: 'HB', boot: this.boot, lastSeq: this.lastSeq, pending: this.ring.size });
		}
		// Map iteration is insertion order, which is seq order: oldest first, as the firmware.
		for (const slot of this.ring.values()) {
			if (slot.nextSend > now) continue;
			this.send({
				type: 'PRESS',
				boot: this.boot,
				seq: slot.seq,
				button: slot.button,
				ageMs: Math.max(0, Math.round(now - slot.pressedAt))
			});
			this.stats.pressFramesSent++;
			if (slot.sends++ > 0) this.stats.resends++;
			slot.nextSend = now + slot.intervalMs;
			slot.intervalMs = Math.min(slot.intervalMs * 2, this.opts.resendMaxMs);
		}
	}

	private send(frame: Frame): void {
		let bytes = Buffer.from(encodeFrame(frame), 'latin1');
		const corrupted = this.opts.random() < this.opts.corrupt;
		if (corrupted) {
			bytes = Buffer.from(bytes);
			const i = Math.floor(this.opts.random() * bytes.length);
			bytes[i] ^= 1 << Math.floor(this.opts.random() * 8);
			this.stats.corrupted++;
		}
		this.stats.framesSent++;
		if (!this.stream.destroyed && this.stream.writable) this.stream.write(bytes);
		this.emit('sent', bytes.toString('latin1'), corrupted);
	}

	private receive(chunk: Buffer): void {
		for (const line of this.splitter.push(chunk)) {
			const r = decodeLine(line);
			if (!r.ok) {
				this.stats.badLines++;
				this.emit('bad', r.error, line);
				continue;
			}
			const f = r.frame;
			switch (f.type) {
				case 'WHO': {
					const now = this.opts.now();
					for (const slot of this.ring.values()) {
						slot.nextSend = now;
						slot.intervalMs = this.opts.resendFirstMs;
					}
					this.send(this.hello());
					break;
				}
				case 'ACK':
					if (this.opts.random() < this.opts.dropAck) {
						this.stats.acksIgnored++;
						break;
					}
					if (f.boot === this.boot && this.ring.delete(f.seq)) {
						this.stats.acked++;
						this.emit('acked', f.seq);
					}
					break;
				case 'NAK':
					if (f.boot === this.boot && this.ring.delete(f.seq)) {
						this.stats.naked++;
						this.emit('naked', f.seq, f.reason);
					}
					break;
				case 'LED':
					this.led = f.mode;
					this.emit('led', f.mode);
					break;
				default:
					// A box frame echoed back (a loop-back cable): not for us.
					this.stats.badLines++;
					continue;
			}
			this.emit('received', f);
			if (this.ring.size === 0 && (f.type === 'ACK' || f.type === 'NAK')) this.emit('idle');
		}
	}
}

/** A small seedable PRNG (mulberry32), so a simulator run can be replayed. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
