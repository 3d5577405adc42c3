import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	decodeLine,
	encodeFrame,
	isButtonInRange,
	NAK_REASONS,
	type Frame
} from '../../src/lib/server/serial/codec';
import { BoundedLineParser } from '../../src/lib/server/serial/line-parser';
import { ptyPair, serialTestsLeftOut } from '../../src/lib/server/serial/test-pty';
import { SimulatedBox, seededRandom } from './box';

function open(pathName: string): Promise<SerialPort> {
	return new Promise((resolve, reject) => {
		const p = new SerialPort({ path: pathName, baudRate: 115200 }, (e) =>
			e ? reject(e) : resolve(p)
		);
	});
}

/**
 * The smallest host that follows the rules: WHO on open, remember each port's HELLO, store a
 * press once under (uid, boot, seq), ACK it (again, if it is a duplicate), NAK a button the
 * box does not have.
 */
class MiniHost {
	readonly stored = new Map<string, Extract<Frame, { type: 'PRESS' }>>();
	readonly pressFrames: string[] = [];
	readonly hellos: Extract<Frame, { type: 'HELLO' }>[] = [];
	heartbeats = 0;
	badLines = 0;
	constructor(private readonly port: SerialPort) {
		const parser = port.pipe(new BoundedLineParser());
		parser.on('discard', () => this.badLines++);
		parser.on('data', (line: string) => this.onLine(line));
		this.send({ type: 'WHO' });
	}
	send(frame: Frame) {
		this.port.write(encodeFrame(frame));
	}
	private onLine(line: string) {
		const r = decodeLine(line);
		if (!r.ok) {
			this.badLines++;
			return;
		}
		const f = r.frame;
		const hello = this.hellos.at(-1);
		if (f.type === 'HELLO') this.hellos.push(f);
		else if (f.type === 'HB') this.heartbeats++;
		else if (f.type === 'PRESS') {
			this.pressFrames.push(line);
			if (!hello) return; // unknown box: wait for its HELLO (we sent WHO)
			if (!isButtonInRange(f.button, hello.buttons)) {
				this.send({ type: 'NAK', boot: f.boot, seq: f.seq, reason: NAK_REASONS.buttonRange });
				return;
			}
			const key = `${hello.uid}|${f.boot}|${f.seq}`;
			if (!this.stored.has(key)) this.stored.set(key, f);
			this.send({ type: 'ACK', boot: f.boot, seq: f.seq });
		}
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(serialTestsLeftOut)('simulated box over a socat pseudo-terminal pair', () => {
	let socat: ChildProcess;
	let boxPort: SerialPort;
	let hostPort: SerialPort;
	const boxes: SimulatedBox[] = [];

	beforeAll(async () => {
		const pair = await ptyPair();
		socat = pair.socat;
		boxPort = await open(pair.a);
		hostPort = await open(pair.b);
	});

	afterEach(() => {
		for (const b of boxes.splice(0)) b.stop();
	});

	afterAll(async () => {
		await new Promise((r) => boxPort?.close(r));
		await new Promise((r) => hostPort?.close(r));
		socat?.kill();
	});

	it('delivers every press once per identity despite corruption and lost ACKs, then goes quiet', async () => {
		const box = new SimulatedBox(boxPort, {
			uid: 'BOX-7',
			boot: 12,
			buttons: 5,
			corrupt: 0.02,
			dropAck: 0.1,
			random: seededRandom(7),
			// The firmware's 2 s → 30 s schedule, scaled down 20× to keep the test short.
			resendFirstMs: 100,
			resendMaxMs: 1500,
			hbIntervalMs: 250
		});
		boxes.push(box);
		const host = new MiniHost(hostPort);
		box.start();

		const N = 400;
		for (let i = 1; i <= N; i++) {
			// Stay within the 64-press ring however slow the machine is.
			while (box.pending >= 48) await sleep(5);
			expect(box.press(1 + (i % 5))).toBe(i);
			if (i % 20 === 0) await sleep(10);
		}
		// Some presses were corrupted or lost their ACK: the box must have resent them.
		await box.waitIdle(30_000);

		expect(host.stored.size).toBe(N);
		const seqs = [...host.stored.values()].map((p) => p.seq).sort((a, b) => a - b);
		expect(seqs).toEqual(Array.from({ length: N }, (_, i) => i + 1));
		for (const p of host.stored.values()) {
			expect(p.boot).toBe(12);
			expect(p.button).toBe(1 + (p.seq % 5));
		}
		expect(box.stats.corrupted).toBeGreaterThan(0);
		expect(box.stats.acksIgnored).toBeGreaterThan(0);
		expect(box.stats.resends).toBeGreaterThan(0);
		expect(host.pressFrames.length).toBeGreaterThan(N); // duplicates reached the host …
		expect(host.badLines).toBeGreaterThan(0); // … and so did corrupted lines, rejected
		expect(host.hellos.length).toBeGreaterThanOrEqual(1);

		// Everything acknowledged: no press is sent again, only heartbeats.
		const framesNow = host.pressFrames.length;
		const hbNow = host.heartbeats;
		await sleep(1000);
		expect(host.pressFrames.length).toBe(framesNow);
		expect(host.heartbeats).toBeGreaterThan(hbNow);
		expect(box.pending).toBe(0);
	});

	it('keeps identities distinct across a power cycle, answers WHO, obeys NAK and LED', async () => {
		const box = new SimulatedBox(boxPort, {
			uid: 'QUAY-3',
			boot: 40,
			buttons: 3,
			resendFirstMs: 100,
			resendMaxMs: 400
		});
		boxes.push(box);
		const host = new MiniHost(hostPort);
		box.start();
		await sleep(200);
		expect(host.hellos.map((h) => [h.uid, h.boot])).toContainEqual(['QUAY-3', 40]);

		box.press(1);
		box.press(2);
		box.press(5); // a button this box does not have: the host NAKs it
		await box.waitIdle(5000);
		expect(box.stats.naked).toBe(1);

		box.powerCycle();
		await sleep(200);
		expect(host.hellos.at(-1)).toMatchObject({ uid: 'QUAY-3', boot: 41 });
		expect(box.press(3)).toBe(1);
		await box.waitIdle(5000);
		expect([...host.stored.keys()].filter((k) => k.startsWith('QUAY-3')).sort()).toEqual([
			'QUAY-3|40|1',
			'QUAY-3|40|2',
			'QUAY-3|41|1'
		]);

		const before = host.hellos.length;
		host.send({ type: 'WHO' });
		host.send({ type: 'LED', mode: 'ASK' });
		await sleep(200);
		expect(host.hellos.length).toBe(before + 1);
		expect(box.led).toBe('ASK');
	});

	it('runs as a CLI against a pty and prints a summary', async () => {
		const pair = await ptyPair();
		const host = new MiniHost(await open(pair.b));
		const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'box-sim-')), 'state.json');
		const cli = spawn(
			process.execPath,
			[
				'--import',
				'tsx',
				path.join(__dirname, 'box-sim.ts'),
				'--port',
				pair.a,
				'--uid',
				'CLI-1',
				'--presses',
				'30',
				'--rate',
				'200',
				'--power-cycle-every',
				'10',
				'--state',
				state,
				'--seed',
				'3'
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] }
		);
		let out = '';
		let err = '';
		cli.stdout!.on('data', (d) => (out += d));
		cli.stderr!.on('data', (d) => (err += d));
		const code = await new Promise((r) => cli.on('exit', r));
		pair.socat.kill();
		expect(code, err).toBe(0);
		const summary = JSON.parse(out.trim().split('\n').at(-1)!);
		expect(summary).toMatchObject({
			uid: 'CLI-1',
			boot: 3,
			pressed: 30,
			acked: 30,
			lost: 0,
			pending: 0
		});
		expect(JSON.parse(fs.readFileSync(state, 'utf8')).boot).toBe(3);
		expect(host.stored.size).toBe(30);
	});
});
