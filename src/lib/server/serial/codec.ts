/**
 * Button-box wire protocol v1: pure encode/decode, no I/O.
 * The contract is firmware-protocol/PROTOCOL.md; the shared vectors in
 * firmware-protocol/vectors/frames.tsv pin this module and the firmware to the same bytes.
 */

export const PROTOCOL_VERSION = 1;
/** Longest accepted line, in bytes, not counting its `\r\n` or `\n` terminator. */
export const MAX_LINE_BYTES = 128;
export const UINT32_MAX = 0xffff_ffff;
export const MIN_BUTTONS = 3;
export const MAX_BUTTONS = 5;

export const LED_MODES = ['IDLE', 'ASK', 'THANKS'] as const;
export type LedMode = (typeof LED_MODES)[number];

export type HelloFrame = { type: 'HELLO'; uid: string; fw: string; buttons: number; boot: number };
export type PressFrame = {
	type: 'PRESS';
	boot: number;
	seq: number;
	button: number;
	ageMs: number;
};
export type HeartbeatFrame = { type: 'HB'; boot: number; lastSeq: number; pending: number };
export type WhoFrame = { type: 'WHO' };
export type AckFrame = { type: 'ACK'; boot: number; seq: number };
export type NakFrame = { type: 'NAK'; boot: number; seq: number; reason: string };
export type LedFrame = { type: 'LED'; mode: LedMode };

/** Frames a box sends. */
export type BoxFrame = HelloFrame | PressFrame | HeartbeatFrame;
/** Frames the host sends. */
export type HostFrame = WhoFrame | AckFrame | NakFrame | LedFrame;
export type Frame = BoxFrame | HostFrame;
export type FrameType = Frame['type'];

export const BOX_FRAME_TYPES: readonly FrameType[] = ['HELLO', 'PRESS', 'HB'];
export const HOST_FRAME_TYPES: readonly FrameType[] = ['WHO', 'ACK', 'NAK', 'LED'];

/**
 * Why a line was rejected, in the order the checks run (the first failing check wins):
 * too_long → bad_char → framing → crc → unknown_type → field_count → bad_field.
 */
export type DecodeErrorCode =
	'too_long' | 'bad_char' | 'framing' | 'crc' | 'unknown_type' | 'field_count' | 'bad_field';

export const DECODE_ERROR_CODES: readonly DecodeErrorCode[] = [
	'too_long',
	'bad_char',
	'framing',
	'crc',
	'unknown_type',
	'field_count',
	'bad_field'
];

export type DecodeError = { code: DecodeErrorCode; message: string };
export type DecodeResult = { ok: true; frame: Frame } | { ok: false; error: DecodeError };

export const UID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const FW_PATTERN = /^[A-Za-z0-9._+-]{1,16}$/;
export const NAK_REASON_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** Canonical unsigned decimal: no sign, no leading zero (except "0" itself), at most 10 digits. */
const UINT_PATTERN = /^(0|[1-9][0-9]{0,9})$/;
const CRC_PATTERN = /^[0-9A-F]{4}$/;

/** Reasons the host puts in NAK frames. Boxes treat every reason the same (drop the press). */
export const NAK_REASONS = {
	buttonRange: 'button_range'
} as const;

const FIELD_COUNTS: Record<FrameType, number> = {
	HELLO: 5,
	PRESS: 5,
	HB: 4,
	WHO: 1,
	ACK: 3,
	NAK: 4,
	LED: 2
};

const textEncoder = new TextEncoder();

/**
 * CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor.
 * Strings are taken as UTF-8 (frame bodies are ASCII, where that is the identity).
 */
export function crc16ccitt(input: Uint8Array | string): number {
	const bytes = typeof input === 'string' ? textEncoder.encode(input) : input;
	let crc = 0xffff;
	for (let i = 0; i < bytes.length; i++) {
		crc ^= bytes[i] << 8;
		for (let bit = 0; bit < 8; bit++) {
			crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
		}
	}
	return crc;
}

export function formatCrc(crc: number): string {
	return crc.toString(16).toUpperCase().padStart(4, '0');
}

export function isUint32(n: unknown): n is number {
	return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= UINT32_MAX;
}

/** Whether a pressed button exists on a box that declared `buttons` in its HELLO. */
export function isButtonInRange(button: number, buttons: number): boolean {
	return Number.isInteger(button) && Number.isInteger(buttons) && button >= 1 && button <= buttons;
}

export function isBoxFrame(frame: Frame): frame is BoxFrame {
	return frame.type === 'HELLO' || frame.type === 'PRESS' || frame.type === 'HB';
}

export function isHostFrame(frame: Frame): frame is HostFrame {
	return !isBoxFrame(frame);
}

/** The fields of a frame's body, after the type; throws RangeError when a field is invalid. */
function bodyFields(frame: Frame): string[] {
	const uint = (name: string, n: number, min = 0) => {
		if (!isUint32(n) || n < min) throw new RangeError(`${frame.type}.${name} out of range: ${n}`);
		return String(n);
	};
	const token = (name: string, s: string, pattern: RegExp) => {
		if (typeof s !== 'string' || !pattern.test(s))
			throw new RangeError(`${frame.type}.${name} invalid: ${JSON.stringify(s)}`);
		return s;
	};
	switch (frame.type) {
		case 'HELLO':
			if (
				!Number.isInteger(frame.buttons) ||
				frame.buttons < MIN_BUTTONS ||
				frame.buttons > MAX_BUTTONS
			)
				throw new RangeError(`HELLO.buttons out of range: ${frame.buttons}`);
			return [
				token('uid', frame.uid, UID_PATTERN),
				token('fw', frame.fw, FW_PATTERN),
				String(frame.buttons),
				uint('boot', frame.boot)
			];
		case 'PRESS':
			return [
				uint('boot', frame.boot),
				uint('seq', frame.seq, 1),
				uint('button', frame.button, 1),
				uint('ageMs', frame.ageMs)
			];
		case 'HB':
			return [
				uint('boot', frame.boot),
				uint('lastSeq', frame.lastSeq),
				uint('pending', frame.pending)
			];
		case 'WHO':
			return [];
		case 'ACK':
			return [uint('boot', frame.boot), uint('seq', frame.seq, 1)];
		case 'NAK':
			return [
				uint('boot', frame.boot),
				uint('seq', frame.seq, 1),
				token('reason', frame.reason, NAK_REASON_PATTERN)
			];
		case 'LED':
			if (!LED_MODES.includes(frame.mode)) throw new RangeError(`LED.mode invalid: ${frame.mode}`);
			return [frame.mode];
		default: {
			const never: never = frame;
			throw new RangeError(`unknown frame type: ${JSON.stringify(never)}`);
		}
	}
}

/** The body (between `$` and `*`) of a frame. Throws RangeError on an invalid frame. */
export function encodeBody(frame: Frame): string {
	return [frame.type, ...bodyFields(frame)].join(',');
}

/**
 * One wire line, `$BODY*CRC\r\n`. Throws RangeError when the frame is invalid: that is a
 * programming error, unlike a bad line from the wire, which decodeLine reports as a value.
 */
export function encodeFrame(frame: Frame): string {
	const body = encodeBody(frame);
	return `$${body}*${formatCrc(crc16ccitt(body))}\r\n`;
}

function fail(code: DecodeErrorCode, message: string): DecodeResult {
	return { ok: false, error: { code, message } };
}

function describeChar(code: number): string {
	return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Decodes one line, with its `\r\n` or `\n` terminator or without one (as a line splitter
 * hands it over). Never throws: every bad input is an `{ ok: false }` result.
 */
export function decodeLine(line: string): DecodeResult {
	if (typeof line !== 'string') return fail('framing', 'not a string');
	let text = line;
	if (text.endsWith('\r\n')) text = text.slice(0, -2);
	else if (text.endsWith('\n')) text = text.slice(0, -1);

	// Characters, not bytes: any character that is not a single ASCII byte is rejected just below.
	if (text.length > MAX_LINE_BYTES)
		return fail('too_long', `line of ${text.length} bytes exceeds ${MAX_LINE_BYTES}`);
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 || c > 0x7e)
			return fail('bad_char', `non-printable character ${describeChar(c)} at offset ${i}`);
	}

	if (text.length === 0) return fail('framing', 'empty line');
	if (text[0] !== '$') return fail('framing', 'line does not start with "$"');
	const star = text.indexOf('*');
	if (star < 0) return fail('framing', 'no "*" before the CRC');
	const body = text.slice(1, star);
	const crcText = text.slice(star + 1);
	if (body.includes('$')) return fail('framing', '"$" inside the body');
	if (crcText.includes('*')) return fail('framing', 'more than one "*"');
	if (!CRC_PATTERN.test(crcText))
		return fail('framing', `CRC must be 4 upper-case hex digits, got ${JSON.stringify(crcText)}`);
	if (body.length === 0) return fail('framing', 'empty body');

	const expected = crc16ccitt(body);
	const got = parseInt(crcText, 16);
	if (got !== expected)
		return fail('crc', `CRC ${crcText} does not match body (expected ${formatCrc(expected)})`);

	const fields = body.split(',');
	const type = fields[0];
	if (!Object.hasOwn(FIELD_COUNTS, type))
		return fail('unknown_type', `unknown frame type ${JSON.stringify(type.slice(0, 16))}`);
	const frameType = type as FrameType;
	if (fields.length !== FIELD_COUNTS[frameType])
		return fail(
			'field_count',
			`${frameType} takes ${FIELD_COUNTS[frameType]} fields including its type, got ${fields.length}`
		);
	return parseFields(frameType, fields);
}

class FieldError extends Error {}

function parseFields(type: FrameType, f: string[]): DecodeResult {
	const uint = (name: string, s: string, min = 0): number => {
		if (!UINT_PATTERN.test(s))
			throw new FieldError(`${type}.${name} is not a canonical unsigned integer`);
		const n = Number(s);
		if (n > UINT32_MAX) throw new FieldError(`${type}.${name} exceeds uint32`);
		if (n < min) throw new FieldError(`${type}.${name} must be at least ${min}`);
		return n;
	};
	const token = (name: string, s: string, pattern: RegExp): string => {
		if (!pattern.test(s)) throw new FieldError(`${type}.${name} is malformed`);
		return s;
	};
	try {
		let frame: Frame;
		switch (type) {
			case 'HELLO': {
				const uid = token('uid', f[1], UID_PATTERN);
				const fw = token('fw', f[2], FW_PATTERN);
				if (!/^[0-9]$/.test(f[3]) || Number(f[3]) < MIN_BUTTONS || Number(f[3]) > MAX_BUTTONS)
					throw new FieldError(`HELLO.buttons must be ${MIN_BUTTONS}..${MAX_BUTTONS}`);
				frame = { type, uid, fw, buttons: Number(f[3]), boot: uint('boot', f[4]) };
				break;
			}
			case 'PRESS':
				frame = {
					type,
					boot: uint('boot', f[1]),
					seq: uint('seq', f[2], 1),
					button: uint('button', f[3], 1),
					ageMs: uint('ageMs', f[4])
				};
				break;
			case 'HB':
				frame = {
					type,
					boot: uint('boot', f[1]),
					lastSeq: uint('lastSeq', f[2]),
					pending: uint('pending', f[3])
				};
				break;
			case 'WHO':
				frame = { type };
				break;
			case 'ACK':
				frame = { type, boot: uint('boot', f[1]), seq: uint('seq', f[2], 1) };
				break;
			case 'NAK':
				frame = {
					type,
					boot: uint('boot', f[1]),
					seq: uint('seq', f[2], 1),
					reason: token('reason', f[3], NAK_REASON_PATTERN)
				};
				break;
			case 'LED':
				if (!(LED_MODES as readonly string[]).includes(f[1]))
					throw new FieldError(`LED.mode must be one of ${LED_MODES.join(', ')}`);
				frame = { type, mode: f[1] as LedMode };
				break;
		}
		return { ok: true, frame };
	} catch (e) {
		if (e instanceof FieldError) return fail('bad_field', e.message);
		/* c8 ignore next */
		return fail('bad_field', 'unexpected field error');
	}
}
