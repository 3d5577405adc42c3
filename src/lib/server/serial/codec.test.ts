import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DECODE_ERROR_CODES,
	LED_MODES,
	MAX_LINE_BYTES,
	UINT32_MAX,
	crc16ccitt,
	decodeLine,
	encodeFrame,
	formatCrc,
	isButtonInRange,
	type DecodeErrorCode,
	type Frame
} from './codec';
import { LineSplitter } from './line-parser';

const VECTORS = path.resolve(__dirname, '../../../../firmware-protocol/vectors/frames.tsv');

type Vector = { name: string; expect: string; bytes: Uint8Array; fields: string };

/** The C-style escapes of frames.tsv: \r \n \t \\ \xHH. */
function unescape(s: string): Uint8Array {
	const out: number[] = [];
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (c !== '\\') {
			out.push(c.charCodeAt(0));
			continue;
		}
		const n = s[++i];
		if (n === 'r') out.push(0x0d);
		else if (n === 'n') out.push(0x0a);
		else if (n === 't') out.push(0x09);
		else if (n === '\\') out.push(0x5c);
		else if (n === 'x') {
			out.push(parseInt(s.slice(i + 1, i + 3), 16));
			i += 2;
		} else throw new Error(`bad escape \\${n}`);
	}
	return Uint8Array.from(out);
}

function loadVectors(): Vector[] {
	return fs
		.readFileSync(VECTORS, 'utf8')
		.split('\n')
		.filter((l) => l !== '' && !l.startsWith('#'))
		.map((l) => {
			const cols = l.split('\t');
			if (cols.length !== 4) throw new Error(`vector line needs 4 columns: ${l}`);
			return { name: cols[0], expect: cols[1], bytes: unescape(cols[2]), fields: cols[3] };
		});
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** Vector fields `type=PRESS boot=12 …` as a frame object (numbers where the codec has numbers). */
function fieldsToFrame(fields: string): Record<string, string | number> {
	const o: Record<string, string | number> = {};
	for (const kv of fields.split(' ')) {
		const eq = kv.indexOf('=');
		const k = kv.slice(0, eq);
		const v = kv.slice(eq + 1);
		o[k] = ['type', 'uid', 'fw', 'reason', 'mode'].includes(k) ? v : Number(v);
	}
	return o;
}

const vectors = loadVectors();

describe('shared vectors (firmware-protocol/vectors/frames.tsv)', () => {
	it('has at least 40 frame vectors covering every error code', () => {
		const frames = vectors.filter((v) => v.expect !== 'crc16');
		expect(frames.length).toBeGreaterThanOrEqual(40);
		for (const code of DECODE_ERROR_CODES) {
			expect(
				frames.some((v) => v.expect === code),
				code
			).toBe(true);
		}
		expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
	});

	for (const v of vectors.filter((v) => v.expect === 'crc16')) {
		it(`crc ${v.name}`, () => {
			expect(formatCrc(crc16ccitt(v.bytes))).toBe(v.fields);
			expect(crc16ccitt(latin1(v.bytes))).toBe(parseInt(v.fields, 16));
		});
	}

	for (const v of vectors.filter((v) => v.expect === 'ok')) {
		it(`decodes ${v.name}`, () => {
			const line = latin1(v.bytes);
			const r = decodeLine(line);
			expect(r).toEqual({ ok: true, frame: fieldsToFrame(v.fields) });
			// Encoding is canonical: the decoded frame re-encodes to the same bytes.
			if (r.ok) expect(encodeFrame(r.frame)).toBe(line.replace(/\r?\n$/, '') + '\r\n');
		});
	}

	for (const v of vectors.filter((v) => v.expect !== 'ok' && v.expect !== 'crc16')) {
		it(`rejects ${v.name} with ${v.expect}`, () => {
			expect(DECODE_ERROR_CODES).toContain(v.expect as DecodeErrorCode);
			const r = decodeLine(latin1(v.bytes));
			expect(r.ok).toBe(false);
			if (!r.ok) {
				expect(r.error.code).toBe(v.expect);
				expect(r.error.message.length).toBeGreaterThan(0);
			}
		});
	}
});

describe('crc16ccitt', () => {
	it('has the CRC-16/CCITT-FALSE check value', () => {
		expect(crc16ccitt('123456789')).toBe(0x29b1);
		expect(crc16ccitt(new TextEncoder().encode('123456789'))).toBe(0x29b1);
		expect(crc16ccitt('')).toBe(0xffff);
	});
});

describe('encodeFrame', () => {
	it('writes the examples of PROTOCOL.md', () => {
		expect(encodeFrame({ type: 'WHO' })).toBe('$WHO*2A8C\r\n');
		expect(encodeFrame({ type: 'PRESS', boot: 12, seq: 1, button: 1, ageMs: 0 })).toBe(
			'$PRESS,12,1,1,0*22D8\r\n'
		);
	});

	it('refuses frames it could not decode again', () => {
		const bad: unknown[] = [
			{ type: 'PRESS', boot: 1, seq: 0, button: 1, ageMs: 0 },
			{ type: 'PRESS', boot: -1, seq: 1, button: 1, ageMs: 0 },
			{ type: 'PRESS', boot: 1.5, seq: 1, button: 1, ageMs: 0 },
			{ type: 'ACK', boot: UINT32_MAX + 1, seq: 1 },
			{ type: 'HELLO', uid: 'a,b', fw: '1', buttons: 5, boot: 1 },
			{ type: 'HELLO', uid: 'a', fw: '1', buttons: 6, boot: 1 },
			{ type: 'NAK', boot: 1, seq: 1, reason: '' },
			{ type: 'LED', mode: 'ask' },
			{ type: 'NOPE' }
		];
		for (const f of bad)
			expect(() => encodeFrame(f as Frame), JSON.stringify(f)).toThrow(RangeError);
	});
});

describe('PROTOCOL.md', () => {
	it('shows only frames with correct CRCs', () => {
		const doc = fs.readFileSync(path.resolve(VECTORS, '../../PROTOCOL.md'), 'utf8');
		const examples = [...doc.matchAll(/\$[A-Z][A-Za-z0-9_,.+-]*\*[0-9A-F]{4}\b/g)].map((m) => m[0]);
		expect(examples.length).toBeGreaterThanOrEqual(20);
		for (const line of examples) expect(decodeLine(line), line).toMatchObject({ ok: true });
	});
});

describe('isButtonInRange', () => {
	it('checks a press against the buttons its box declared', () => {
		expect(isButtonInRange(1, 3)).toBe(true);
		expect(isButtonInRange(3, 3)).toBe(true);
		expect(isButtonInRange(4, 3)).toBe(false);
		expect(isButtonInRange(0, 5)).toBe(false);
		expect(isButtonInRange(5, 5)).toBe(true);
		expect(isButtonInRange(6, 5)).toBe(false);
	});
});

// ---- properties --------------------------------------------------------------------------

const u32 = fc.integer({ min: 0, max: UINT32_MAX });
const pos32 = fc.integer({ min: 1, max: UINT32_MAX });
const token = (chars: string, max: number) =>
	fc.string({ unit: fc.constantFrom(...chars.split('')), minLength: 1, maxLength: max });
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

const arbFrame: fc.Arbitrary<Frame> = fc.oneof(
	fc.record({
		type: fc.constant('HELLO' as const),
		uid: token(ID_CHARS, 32),
		fw: token(ID_CHARS.replace('_-', '') + '._+-', 16),
		buttons: fc.integer({ min: 3, max: 5 }),
		boot: u32
	}),
	fc.record({
		type: fc.constant('PRESS' as const),
		boot: u32,
		seq: pos32,
		button: pos32,
		ageMs: u32
	}),
	fc.record({ type: fc.constant('HB' as const), boot: u32, lastSeq: u32, pending: u32 }),
	fc.constant({ type: 'WHO' as const }),
	fc.record({ type: fc.constant('ACK' as const), boot: u32, seq: pos32 }),
	fc.record({
		type: fc.constant('NAK' as const),
		boot: u32,
		seq: pos32,
		reason: token(ID_CHARS, 32)
	}),
	fc.record({ type: fc.constant('LED' as const), mode: fc.constantFrom(...LED_MODES) })
);

describe('codec properties', () => {
	it('decodes what it encodes, for every frame type, with any accepted terminator', () => {
		fc.assert(
			fc.property(arbFrame, fc.constantFrom('\r\n', '\n', ''), (frame, term) => {
				const line = encodeFrame(frame);
				expect(line.length).toBeLessThanOrEqual(MAX_LINE_BYTES + 2);
				expect(decodeLine(line.slice(0, -2) + term)).toEqual({ ok: true, frame });
			}),
			{ numRuns: 2000 }
		);
	});

	/*
	 * Every single-bit flip, terminator included, is rejected. CRC-16 catches any single-bit
	 * error in the body, and a flip in the CRC digits changes its value or makes it non-hex or
	 * lower-case. A flip in `\r` or `\n` leaves a control or extra character inside the line
	 * (the terminator is only stripped when the line ends in `\n`, and a stripped `\r\n` or `\n`
	 * leaves no `\r` to hide behind), so it fails as bad_char or framing. The brief allowed an
	 * identical re-decode in terminator handling; none happens, so this asserts the stronger
	 * rejection.
	 */
	it('rejects every single-bit flip of a valid encoded frame', () => {
		fc.assert(
			fc.property(arbFrame, (frame) => {
				const bytes = Buffer.from(encodeFrame(frame), 'latin1');
				for (let i = 0; i < bytes.length; i++) {
					for (let bit = 0; bit < 8; bit++) {
						const flipped = Buffer.from(bytes);
						flipped[i] ^= 1 << bit;
						const r = decodeLine(flipped.toString('latin1'));
						if (r.ok)
							expect.fail(`flip of bit ${bit} at ${i} decoded to ${JSON.stringify(r.frame)}`);
					}
				}
			}),
			{ numRuns: 300 }
		);
	});

	/*
	 * The same through the line splitter: a flipped `\n` merges two frames into one line, a
	 * flipped `*` or `J` becomes `\n` and splits one. Whatever happens, what decodes is the
	 * original stream with at most two adjacent frames missing, never a frame that was not sent.
	 */
	it('loses at most two frames and invents none when one bit of a stream flips', () => {
		fc.assert(
			fc.property(
				fc.array(arbFrame, { minLength: 1, maxLength: 6 }),
				fc.nat(),
				fc.integer({ min: 0, max: 7 }),
				(frames, pos, bit) => {
					const bytes = Buffer.from(frames.map(encodeFrame).join(''), 'latin1');
					bytes[pos % bytes.length] ^= 1 << bit;
					const decoded = new LineSplitter()
						.push(bytes)
						.map(decodeLine)
						.flatMap((r) => (r.ok ? [r.frame] : []));
					expect(decoded.length).toBeGreaterThanOrEqual(frames.length - 2);
					// `decoded` must be `frames` with one run of 1–2 adjacent frames taken out.
					let start = 0;
					while (start < decoded.length && sameFrame(decoded[start], frames[start])) start++;
					const skipped = frames.length - decoded.length;
					expect(skipped).toBeGreaterThanOrEqual(1);
					for (let k = start; k < decoded.length; k++)
						expect(decoded[k]).toEqual(frames[k + skipped]);
				}
			),
			{ numRuns: 3000 }
		);
	});

	it('never throws on arbitrary strings or bytes, and whatever it accepts is canonical', () => {
		const check = (line: string) => {
			const r = decodeLine(line);
			if (r.ok) expect(encodeFrame(r.frame)).toBe(line.replace(/\r?\n$/, '') + '\r\n');
			else expect(DECODE_ERROR_CODES).toContain(r.error.code);
		};
		fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 3000 });
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 300 }), (b) =>
				check(Buffer.from(b).toString('latin1'))
			),
			{ numRuns: 3000 }
		);
		// Near misses: real bodies with random edits, and a correct CRC appended so the field
		// parser (not just the CRC) sees them.
		const body = fc
			.tuple(arbFrame, fc.string({ unit: 'grapheme-ascii', maxLength: 8 }), fc.nat())
			.map(([f, junk, at]) => {
				const b = encodeFrame(f).slice(1, -7);
				const i = at % (b.length + 1);
				return b.slice(0, i) + junk + b.slice(i + (at % 3));
			});
		fc.assert(
			fc.property(body, (b) => check(`$${b}*${formatCrc(crc16ccitt(b))}\r\n`)),
			{ numRuns: 5000 }
		);
		for (const odd of [undefined, null, 42, {}, []]) {
			expect(decodeLine(odd as unknown as string).ok).toBe(false);
		}
	});
});

function sameFrame(a: Frame, b: Frame): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
