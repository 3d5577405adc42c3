import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeOutboxRecord, Outbox, replayOutbox, type OutboxPress } from './outbox';

const press = (seq: number): OutboxPress => ({ t: 'p', k: `box:B:1:${seq}`, uid: 'B', boot: 1, seq, button: 2, buttons: 5, ageMs: 0, at: 1000 + seq });

describe('outbox format', () => {
	it('replays presses without an answer as pending, answered ones as done', () => {
		const text = [press(1), press(2), { t: 'd', k: 'box:B:1:1', r: 'stored' } as const, press(3)].map(encodeOutboxRecord).join('');
		const s = replayOutbox(text);
		expect([...s.pending.keys()]).toEqual(['box:B:1:2', 'box:B:1:3']);
		expect(s.done.get('box:B:1:1')).toBe('stored');
		expect(s.badLines).toBe(0);
	});

	it('skips a line cut anywhere by a kill, keeping every complete record before it', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 20 }), fc.nat(), (n, cutSeed) => {
				const full = Array.from({ length: n }, (_, i) => encodeOutboxRecord(press(i + 1))).join('');
				const cut = cutSeed % full.length;
				const text = full.slice(0, cut);
				const s = replayOutbox(text);
				// A record cut only of its newline is complete (flat objects: "}" only ends one).
				const complete = text.split('\n').length - 1 + (text.endsWith('}') ? 1 : 0);
				expect(s.pending.size).toBe(complete);
				expect(s.badLines).toBeLessThanOrEqual(1);
			})
		);
	});

	it('ignores garbage and records of the wrong shape', () => {
		const s = replayOutbox('{"t":"p","k":"x"}\nnot json\n{"t":"d","k":"y","r":"maybe"}\n');
		expect(s.pending.size).toBe(0);
		expect(s.badLines).toBe(3);
	});
});

describe('outbox file', () => {
	it('survives reopening and compacts a file of mostly finished presses', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-')), 'o.jsonl');
		const o = Outbox.open(file);
		for (let i = 1; i <= 300; i++) o.append([press(i)]);
		o.append(Array.from({ length: 299 }, (_, i) => ({ t: 'd' as const, k: `box:B:1:${i + 1}`, r: 'stored' as const })));
		fs.appendFileSync(file, '{"t":"p","k":"box:B:1:9'); // a torn line from a kill
		o.close();
		const before = fs.statSync(file).size;
		const again = Outbox.open(file);
		expect([...again.pending.keys()]).toEqual(['box:B:1:300']);
		expect(again.done.get('box:B:1:5')).toBe('stored');
		expect(fs.statSync(file).size).toBeLessThan(before);
		again.append([{ t: 'd', k: 'box:B:1:300', r: 'duplicate' }]);
		again.close();
		expect(Outbox.open(file).pending.size).toBe(0);
	});

	it('keeps records appended after a tail torn just before its newline', () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-')), 'o.jsonl');
		fs.writeFileSync(file, encodeOutboxRecord(press(1)) + encodeOutboxRecord(press(2)).trimEnd());
		const o = Outbox.open(file);
		expect(o.pending.size).toBe(2);
		o.append([press(3)]);
		o.close();
		expect([...Outbox.open(file).pending.keys()]).toEqual(['box:B:1:1', 'box:B:1:2', 'box:B:1:3']);
	});
});
