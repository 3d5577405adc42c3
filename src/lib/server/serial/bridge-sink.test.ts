import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeSink } from './bridge-sink';
import { pressKey } from './sink';

describe('the bridge sink', () => {
	const sinks: BridgeSink[] = [];
	afterEach(() => sinks.splice(0).forEach((s) => s.close()));

	it('acknowledges a press the server stored uncounted, and tells the person running it why, once a minute per box', async () => {
		const lines: string[] = [];
		const leds: string[] = [];
		const answer = (key: string, notCountedReason: string) => ({ results: [{ key, status: 'stored', counted: false, notCountedReason }] });
		const reasons = ['bridge_not_assigned', 'bridge_not_assigned', 'too_old', 'no_service'];
		const fakeFetch = (async (_url: string, init: RequestInit) => {
			const { presses } = JSON.parse(String(init.body)) as { presses: { uid: string; boot: number; seq: number }[] };
			return new Response(JSON.stringify(answer(pressKey(presses[0]), reasons[presses[0].seq - 1])), { status: 200 });
		}) as typeof fetch;
		const sink = new BridgeSink({
			server: 'http://server.test',
			token: 'brg_1.xxxxxxxxxxxxxxxxxxxx',
			outboxFile: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-sink-')), 'outbox.jsonl'),
			log: (l) => lines.push(l),
			onLed: (_uid, mode) => leds.push(mode),
			fetch: fakeFetch
		});
		sinks.push(sink);
		for (let seq = 1; seq <= reasons.length; seq++) {
			expect(await sink.press('/dev/ttyUSB0', { uid: 'BOX-1', boot: 1, seq, button: 1, buttons: 5, ageMs: 0, arrivedAt: Date.now() })).toBe('ack');
		}
		expect(lines).toEqual([
			'bridge: a press of box BOX-1 is bound to a counter not assigned to this bridge: stored, not counted (an administrator assigns counters on the boxes page)',
			'bridge: a press of box BOX-1 is older than the server accepts (BRIDGE_MAX_AGE_DAYS): stored, not counted'
		]);
		expect(leds).toEqual([]);
	});
});
