import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine, encodeFrame } from './codec';
import { BoundedLineParser, LineSplitter, type DiscardInfo } from './line-parser';

/** Pipes chunks through a BoundedLineParser and collects what comes out. */
async function run(chunks: (string | Buffer)[], maxLength?: number) {
	const source = new PassThrough();
	const parser = new BoundedLineParser({ maxLength });
	const lines: string[] = [];
	const discards: DiscardInfo[] = [];
	parser.on('data', (l: string) => lines.push(l));
	parser.on('discard', (d: DiscardInfo) => discards.push(d));
	const done = new Promise<void>((resolve, reject) => {
		parser.on('end', resolve);
		parser.on('error', reject);
	});
	source.pipe(parser);
	for (const c of chunks) source.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
	source.end();
	await done;
	return { lines, discards, parser };
}

describe('BoundedLineParser', () => {
	it('splits frames however the bytes are chunked, on \\r\\n or \\n', async () => {
		const a = encodeFrame({ type: 'PRESS', boot: 1, seq: 1, button: 2, ageMs: 0 });
		const b = encodeFrame({ type: 'HB', boot: 1, lastSeq: 1, pending: 0 }).replace('\r\n', '\n');
		const all = a + b;
		const { lines, discards } = await run(all.split('').map((c) => c));
		expect(lines).toEqual([a.slice(0, -2), b.slice(0, -1)]);
		expect(lines.map((l) => decodeLine(l).ok)).toEqual([true, true]);
		expect(discards).toEqual([]);
	});

	it('keeps a line of exactly 128 bytes and discards 129 without holding it', async () => {
		const l128 = '$' + 'X'.repeat(127);
		const l129 = '$' + 'Y'.repeat(128);
		const { lines, discards } = await run([l128 + '\r\n', l129 + '\r\n', l129 + '\n', 'ok\n']);
		expect(lines).toEqual([l128, 'ok']);
		expect(discards).toEqual([
			{ reason: 'too_long', bytes: 130 },
			{ reason: 'too_long', bytes: 129 }
		]);
	});

	it('holds at most maxLength + 1 bytes while a box streams garbage without newlines', () => {
		const splitter = new LineSplitter();
		const junk = Buffer.alloc(1 << 20, 0x41);
		for (let i = 0; i < 16; i++) {
			expect(splitter.push(junk)).toEqual([]);
			expect(splitter.buffered).toBeLessThanOrEqual(129);
		}
		expect(splitter.push(Buffer.from('\n$WHO*2A8C\r\n'))).toEqual(['$WHO*2A8C']);
		expect(splitter.discardedLines).toBe(1);
	});

	it('skips empty lines, keeps non-ASCII bytes visible, drops an unterminated tail', async () => {
		const { lines, discards, parser } = await run([
			'\r\n\n',
			Buffer.from([0x24, 0xc9, 0x0a]),
			'$WHO*2A8C'
		]);
		expect(lines).toEqual(['$\u00c9']);
		expect(decodeLine(lines[0])).toMatchObject({ ok: false, error: { code: 'bad_char' } });
		expect(discards).toEqual([{ reason: 'incomplete', bytes: 9 }]);
		expect(parser.discardedLines).toBe(1);
	});

	it('emits the same lines for any chunking of any byte stream', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 600 }).map((b) => b.map((x) => (x % 7 === 0 ? 0x0a : x))),
				fc.array(fc.nat(), { maxLength: 10 }),
				(bytes, cuts) => {
					const whole = new LineSplitter().push(bytes);
					const s = new LineSplitter();
					const parts: string[] = [];
					let at = 0;
					for (const c of [...cuts.map((c) => c % (bytes.length + 1))].sort((x, y) => x - y)) {
						parts.push(...s.push(bytes.subarray(at, Math.max(at, c))));
						at = Math.max(at, c);
					}
					parts.push(...s.push(bytes.subarray(at)));
					expect(parts).toEqual(whole);
					for (const l of whole) expect(l.length).toBeLessThanOrEqual(128);
				}
			)
		);
	});
});
