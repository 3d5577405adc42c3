import {
	decodeLine,
	isButtonInRange,
	NAK_REASONS,
	type DecodeErrorCode,
	type HeartbeatFrame,
	type HelloFrame,
	type HostFrame,
	type PressFrame
} from './codec';

/**
 * The host side of one serial port, without I/O (PROTOCOL.md §7.1–7.2): feed it lines, it
 * says what to do. The reader (server) and the bridge both drive one per port, so both follow
 * the same rules: WHO before trusting a PRESS or HB from an unknown box or another boot, NAK a
 * button the box did not declare, hand every other press on for storage (ACK only after that).
 */

/** Two missed heartbeats (HB every 5 s). */
export const OFFLINE_AFTER_MS = 10_000;
/** At most one WHO per second when a box keeps talking without a HELLO. */
const WHO_INTERVAL_MS = 1000;

export type BadCode = DecodeErrorCode | 'wrong_direction' | 'incomplete';

export type PressToStore = {
	uid: string;
	boot: number;
	seq: number;
	button: number;
	buttons: number;
	ageMs: number;
	/** Host clock (ms since epoch) when the frame arrived: pressed at = arrivedAt − ageMs. */
	arrivedAt: number;
};

export type SessionAction =
	| { kind: 'send'; frame: HostFrame }
	| { kind: 'hello'; hello: HelloFrame }
	| { kind: 'press'; press: PressToStore }
	| { kind: 'heartbeat'; hb: HeartbeatFrame; uid: string }
	| { kind: 'bad'; code: BadCode; message: string };

export class HostSession {
	hello: HelloFrame | null = null;
	lastHeartbeat: HeartbeatFrame | null = null;
	/** Host time of the last valid frame; 0 = none yet. */
	lastValidAt = 0;
	validFrames = 0;
	badFrames = 0;
	readonly badByCode: Partial<Record<BadCode, number>> = {};
	private lastWhoAt = -Infinity;

	/** The port was (re)opened: the box may have reset, so forget its HELLO and ask again. */
	opened(now: number): SessionAction[] {
		this.hello = null;
		this.lastWhoAt = now;
		return [{ kind: 'send', frame: { type: 'WHO' } }];
	}

	online(now: number): boolean {
		return this.lastValidAt > 0 && now - this.lastValidAt <= OFFLINE_AFTER_MS;
	}

	/** Bytes the line splitter threw away (too long, or cut off by a close). */
	discarded(code: 'too_long' | 'incomplete'): SessionAction[] {
		return [this.bad(code, `line discarded (${code})`)];
	}

	line(line: string, now: number): SessionAction[] {
		const r = decodeLine(line);
		if (!r.ok) return [this.bad(r.error.code, r.error.message)];
		const f = r.frame;
		if (f.type !== 'HELLO' && f.type !== 'PRESS' && f.type !== 'HB') return [this.bad('wrong_direction', `${f.type} is a host frame`)];
		this.validFrames++;
		this.lastValidAt = now;
		switch (f.type) {
			case 'HELLO':
				this.hello = f;
				return [{ kind: 'hello', hello: f }];
			case 'HB':
				if (!this.hello || this.hello.boot !== f.boot) return this.askWho(now);
				this.lastHeartbeat = f;
				return [{ kind: 'heartbeat', hb: f, uid: this.hello.uid }];
			case 'PRESS':
				return this.press(f, now);
		}
	}

	private press(f: PressFrame, now: number): SessionAction[] {
		const hello = this.hello;
		if (!hello || hello.boot !== f.boot) return this.askWho(now);
		if (!isButtonInRange(f.button, hello.buttons)) {
			return [{ kind: 'send', frame: { type: 'NAK', boot: f.boot, seq: f.seq, reason: NAK_REASONS.buttonRange } }];
		}
		return [
			{
				kind: 'press',
				press: { uid: hello.uid, boot: f.boot, seq: f.seq, button: f.button, buttons: hello.buttons, ageMs: f.ageMs, arrivedAt: now }
			}
		];
	}

	private askWho(now: number): SessionAction[] {
		if (now - this.lastWhoAt < WHO_INTERVAL_MS) return [];
		this.lastWhoAt = now;
		return [{ kind: 'send', frame: { type: 'WHO' } }];
	}

	private bad(code: BadCode, message: string): SessionAction {
		this.badFrames++;
		this.badByCode[code] = (this.badByCode[code] ?? 0) + 1;
		return { kind: 'bad', code, message };
	}
}
