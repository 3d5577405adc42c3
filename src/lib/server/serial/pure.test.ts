import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, reconnectDelayMs } from './backoff';
import { encodeFrame } from './codec';
import { GroupCommitter } from './group-commit';
import { HostSession, OFFLINE_AFTER_MS } from './host-session';
import { LogLimiter } from './log-limiter';
import { parseSerialPorts } from './port-spec';

const line = (f: Parameters<typeof encodeFrame>[0]) => encodeFrame(f).trimEnd();

describe('SERIAL_PORTS', () => {
	it('reads paths with optional baud rates', () => {
		expect(parseSerialPorts('/dev/ttyUSB0, /dev/ttyACM0@9600')).toEqual([
			{ path: '/dev/ttyUSB0', baudRate: 115200 },
			{ path: '/dev/ttyACM0', baudRate: 9600 }
		]);
		expect(parseSerialPorts('')).toEqual([]);
		expect(parseSerialPorts(undefined)).toEqual([]);
		expect(parseSerialPorts('COM3@115200')).toEqual([{ path: 'COM3', baudRate: 115200 }]);
	});
	it('says what is wrong', () => {
		expect(() => parseSerialPorts('/dev/ttyUSB0@96OO')).toThrow(/baud rate/);
		expect(() => parseSerialPorts('/dev/ttyUSB0,/dev/ttyUSB0@9600')).toThrow(/twice/);
		expect(() => parseSerialPorts('/dev/tty USB0')).toThrow(/not a port path/);
	});
});

describe('reconnect back-off', () => {
	it('starts fast and is capped at 2 s, so a returning box is read within 5 s', () => {
		const mid = () => 0.5;
		expect([0, 1, 2, 3, 4, 5, 50].map((a) => reconnectDelayMs(a, mid))).toEqual([100, 250, 500, 1000, 2000, 2000, 2000]);
		for (let a = 0; a < 100; a++) for (const r of [0, 0.999]) expect(reconnectDelayMs(a, () => r)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
		expect(reconnectDelayMs(0, () => 0)).toBe(80);
	});
});

describe('log limiter', () => {
	it('writes the first line per key, then one per interval with the count suppressed', () => {
		let t = 0;
		const out: string[] = [];
		const l = new LogLimiter(1000, (s) => out.push(s), () => t);
		expect(l.log('a', 'x')).toBe(true);
		expect(l.log('a', 'x')).toBe(false);
		expect(l.log('b', 'y')).toBe(true);
		t = 1000;
		l.log('a', 'x');
		expect(out).toEqual(['x', 'y', 'x (+1 more since 1970-01-01T00:00:00.000Z)']);
	});
});

describe('host session (PROTOCOL.md §7)', () => {
	it('sends WHO on open and for a PRESS or HB before HELLO, at most once a second, storing nothing', () => {
		const s = new HostSession();
		expect(s.opened(0)).toEqual([{ kind: 'send', frame: { type: 'WHO' } }]);
		expect(s.line(line({ type: 'PRESS', boot: 3, seq: 1, button: 2, ageMs: 0 }), 100)).toEqual([]);
		expect(s.line(line({ type: 'HB', boot: 3, lastSeq: 1, pending: 1 }), 1200)).toEqual([{ kind: 'send', frame: { type: 'WHO' } }]);
	});

	it('hands presses on with the HELLO identity, NAKs buttons the box lacks, asks WHO on another boot', () => {
		const s = new HostSession();
		s.opened(0);
		expect(s.line(line({ type: 'HELLO', uid: 'BOX-7', fw: '1.0.0', buttons: 3, boot: 12 }), 10)[0]).toMatchObject({ kind: 'hello' });
		expect(s.line(line({ type: 'PRESS', boot: 12, seq: 4, button: 3, ageMs: 2040 }), 5000)).toEqual([
			{ kind: 'press', press: { uid: 'BOX-7', boot: 12, seq: 4, button: 3, buttons: 3, ageMs: 2040, arrivedAt: 5000 } }
		]);
		expect(s.line(line({ type: 'PRESS', boot: 12, seq: 5, button: 4, ageMs: 0 }), 5001)).toEqual([
			{ kind: 'send', frame: { type: 'NAK', boot: 12, seq: 5, reason: 'button_range' } }
		]);
		expect(s.line(line({ type: 'PRESS', boot: 13, seq: 1, button: 1, ageMs: 0 }), 9000)).toEqual([{ kind: 'send', frame: { type: 'WHO' } }]);
		expect(s.line(line({ type: 'HB', boot: 12, lastSeq: 5, pending: 0 }), 9001)).toEqual([
			{ kind: 'heartbeat', uid: 'BOX-7', hb: { type: 'HB', boot: 12, lastSeq: 5, pending: 0 } }
		]);
	});

	it('counts bad lines by code, including host frames coming from a box, and never throws', () => {
		const s = new HostSession();
		s.line('$HB,1,0,0*0000', 0);
		s.line('garbage', 0);
		s.line(line({ type: 'WHO' }), 0);
		s.discarded('too_long');
		expect(s.badByCode).toEqual({ crc: 1, framing: 1, wrong_direction: 1, too_long: 1 });
		expect(s.badFrames).toBe(4);
		expect(s.validFrames).toBe(0);
	});

	it('is offline after two missed heartbeats', () => {
		const s = new HostSession();
		expect(s.online(0)).toBe(false);
		s.line(line({ type: 'HELLO', uid: 'B', fw: '1', buttons: 5, boot: 1 }), 1000);
		expect(s.online(1000 + OFFLINE_AFTER_MS)).toBe(true);
		expect(s.online(1001 + OFFLINE_AFTER_MS)).toBe(false);
	});
});

describe('group commit', () => {
	it('flushes a lone item at once and gathers the ones that arrive during a flush', async () => {
		const batches: number[][] = [];
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const g = new GroupCommitter<number, number>(async (items) => {
			batches.push(items);
			if (batches.length === 1) await gate;
			return items.map((i) => i * 10);
		});
		const first = g.submit(1);
		const rest = [g.submit(2), g.submit(3)];
		expect(batches).toEqual([[1]]);
		release();
		expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30]);
		expect(batches).toEqual([[1], [2, 3]]);
	});
	it('rejects every item of a failed flush', async () => {
		const g = new GroupCommitter<number, number>(async () => {
			throw new Error('db down');
		});
		await expect(g.submit(1)).rejects.toThrow('db down');
	});
});
