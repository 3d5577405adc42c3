import type { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { SimulatedBox } from '../../../../firmware-protocol/simulator/box';
import type { PressToStore } from './host-session';
import { SerialReader } from './reader';
import type { PressOutcome, PressSink } from './sink';
import { closePort, serialTestsLeftOut, openPort, ptyPair, sleep, waitFor, type PtyPair } from './test-pty';

/** A sink whose "database" can be down: then nothing is stored and nothing may be acknowledged. */
class FlakySink implements PressSink {
	down = true;
	readonly stored = new Set<string>();
	attempts = 0;
	async hello() {}
	async status() {}
	async press(_path: string, p: PressToStore): Promise<PressOutcome> {
		this.attempts++;
		await sleep(5);
		if (this.down) return 'silent';
		this.stored.add(`${p.uid}:${p.boot}:${p.seq}`);
		return 'ack';
	}
}

describe.skipIf(serialTestsLeftOut)('reader while storage is down', () => {
	let pair: PtyPair;
	let port: SerialPort;
	let reader: SerialReader;
	afterAll(async () => {
		await reader?.stop();
		await closePort(port);
		await pair?.kill();
	});

	it('answers nothing until the press is stored, then ACKs the resend', async () => {
		pair = await ptyPair();
		port = await openPort(pair.a);
		const sink = new FlakySink();
		reader = new SerialReader({ path: pair.b, sink, log: () => {} });
		reader.start();
		await waitFor(() => reader.isOpen, 5000, 'open');
		const box = new SimulatedBox(port, { uid: 'DOWN-1', boot: 2, resendFirstMs: 100, resendMaxMs: 200 });
		const acked: number[] = [];
		box.on('acked', (seq) => {
			expect(sink.stored.has(`DOWN-1:2:${seq}`)).toBe(true);
			acked.push(seq);
		});
		box.start();
		await waitFor(() => reader.uid === 'DOWN-1', 3000, 'HELLO');
		box.press(1);
		box.press(2);
		await sleep(700);
		expect(sink.attempts).toBeGreaterThan(2); // resent while the database was down …
		expect(acked).toEqual([]); // … and never acknowledged
		expect(box.pending).toBe(2);
		sink.down = false;
		await box.waitIdle(3000);
		expect(acked.sort()).toEqual([1, 2]);
		box.stop();
	});
});
