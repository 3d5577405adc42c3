import { Transform, type TransformCallback } from 'node:stream';
import { MAX_LINE_BYTES } from './codec';

/**
 * Splitting a serial byte stream into protocol lines with bounded memory.
 *
 * @serialport/parser-readline buffers without limit until it sees a delimiter, so a box
 * that streams garbage without newlines would grow the buffer forever. These split on
 * `\n`, strip one `\r` before it, and discard (count, never emit) any line whose content
 * exceeds `maxLength` bytes, holding at most `maxLength + 1` bytes at any time.
 *
 * Lines come out as latin1 strings: one character per byte, so a stray non-ASCII byte stays
 * visible to decodeLine (which rejects it as `bad_char`) instead of being folded into U+FFFD.
 * Empty lines carry nothing and are skipped. A `$` in the middle of a line does not restart
 * the line: resynchronising there would let one corrupted byte turn the tail of a frame into
 * a candidate frame of its own, and a stray `$` already makes the line fail decoding.
 */

export type DiscardReason = 'too_long' | 'incomplete';
export type DiscardInfo = { reason: DiscardReason; bytes: number };

export type LineSplitterOptions = {
	/** Longest line content in bytes, terminator excluded. Default: the protocol's 128. */
	maxLength?: number;
	onDiscard?: (info: DiscardInfo) => void;
};

const LF = 0x0a;
const CR = 0x0d;

/** Pure, synchronous splitter: feed it chunks, get complete lines back. */
export class LineSplitter {
	readonly maxLength: number;
	private readonly buf: Uint8Array;
	private len = 0;
	/** Bytes thrown away from the current over-long line, or -1 when not discarding. */
	private discarding = -1;
	private readonly onDiscard?: (info: DiscardInfo) => void;
	discardedLines = 0;

	constructor(options: LineSplitterOptions = {}) {
		this.maxLength = options.maxLength ?? MAX_LINE_BYTES;
		if (!Number.isInteger(this.maxLength) || this.maxLength < 1)
			throw new RangeError(`maxLength must be a positive integer, got ${this.maxLength}`);
		// +1: room for the `\r` that may precede `\n`.
		this.buf = new Uint8Array(this.maxLength + 1);
		this.onDiscard = options.onDiscard;
	}

	/** Bytes currently held for an unfinished line (never more than maxLength + 1). */
	get buffered(): number {
		return this.len;
	}

	push(chunk: Uint8Array): string[] {
		const lines: string[] = [];
		for (let i = 0; i < chunk.length; i++) {
			const b = chunk[i];
			if (b === LF) {
				if (this.discarding >= 0) {
					this.discard('too_long', this.discarding);
					this.discarding = -1;
					continue;
				}
				let end = this.len;
				if (end > 0 && this.buf[end - 1] === CR) end--;
				this.len = 0;
				if (end > this.maxLength) this.discard('too_long', end);
				else if (end > 0) lines.push(latin1(this.buf, end));
				continue;
			}
			if (this.discarding >= 0) {
				this.discarding++;
				continue;
			}
			if (this.len === this.buf.length) {
				this.discarding = this.len + 1;
				this.len = 0;
				continue;
			}
			this.buf[this.len++] = b;
		}
		return lines;
	}

	/** End of stream: an unterminated line is dropped (a cable pulled mid-frame). */
	end(): void {
		const pending = this.discarding >= 0 ? this.discarding : this.len;
		if (pending > 0) this.discard(this.discarding >= 0 ? 'too_long' : 'incomplete', pending);
		this.len = 0;
		this.discarding = -1;
	}

	private discard(reason: DiscardReason, bytes: number) {
		this.discardedLines++;
		this.onDiscard?.({ reason, bytes });
	}
}

function latin1(bytes: Uint8Array, length: number): string {
	let s = '';
	for (let i = 0; i < length; i++) s += String.fromCharCode(bytes[i]);
	return s;
}

/**
 * Stream form for a serialport pipe: bytes in, one string per line out (object mode).
 * Emits `discard` with a DiscardInfo for every line it throws away.
 */
export class BoundedLineParser extends Transform {
	private readonly splitter: LineSplitter;

	constructor(options: Omit<LineSplitterOptions, 'onDiscard'> = {}) {
		super({ readableObjectMode: true });
		this.splitter = new LineSplitter({
			...options,
			onDiscard: (info) => this.emit('discard', info)
		});
	}

	get discardedLines(): number {
		return this.splitter.discardedLines;
	}

	override _transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
		const bytes =
			chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk), encoding || 'latin1');
		for (const line of this.splitter.push(bytes)) this.push(line);
		callback();
	}

	override _flush(callback: TransformCallback): void {
		this.splitter.end();
		callback();
	}
}
