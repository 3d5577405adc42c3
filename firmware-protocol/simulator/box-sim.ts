/**
 * Button-box simulator: speaks protocol v1 from the box side on a serial port.
 *
 *   npx tsx firmware-protocol/simulator/box-sim.ts --port /dev/pts/N --uid BOX-7 \
 *     [--buttons 5] [--boot 12] [--presses 100] [--rate 10] [--corrupt 0.01] \
 *     [--drop-ack 0.05] [--power-cycle-every N] [--lossy-power-cycle] [--script file] \
 *     [--baud 115200] [--seed 1] [--state file] [--linger 60] [--verbose]
 *
 * A pseudo-terminal pair to try it against: `socat -d -d pty,raw,echo=0 pty,raw,echo=0`.
 * Script lines: `press <button>`, `wait <ms>`, `power-cycle`, `idle` (wait until every press
 * is acknowledged); `#` starts a comment. Ends with one JSON summary line on stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { SimulatedBox, seededRandom } from './box';

const USAGE = `usage: box-sim --port PATH --uid UID [--buttons 3..5] [--boot N] [--presses N]
  [--rate PER_S] [--corrupt FRACTION] [--drop-ack FRACTION] [--power-cycle-every N]
  [--lossy-power-cycle] [--script FILE] [--baud N] [--seed N] [--state FILE] [--linger S] [--verbose]`;

function die(message: string): never {
	console.error(`box-sim: ${message}\n${USAGE}`);
	process.exit(2);
}

const { values: args } = (() => {
	try {
		return parseArgs({
			options: {
				port: { type: 'string' },
				uid: { type: 'string' },
				buttons: { type: 'string', default: '5' },
				boot: { type: 'string' },
				presses: { type: 'string', default: '0' },
				rate: { type: 'string', default: '1' },
				corrupt: { type: 'string', default: '0' },
				'drop-ack': { type: 'string', default: '0' },
				'power-cycle-every': { type: 'string', default: '0' },
				'lossy-power-cycle': { type: 'boolean', default: false },
				script: { type: 'string' },
				baud: { type: 'string', default: '115200' },
				seed: { type: 'string' },
				state: { type: 'string' },
				linger: { type: 'string', default: '60' },
				verbose: { type: 'boolean', short: 'v', default: false },
				help: { type: 'boolean', short: 'h', default: false }
			},
			strict: true
		});
	} catch (e) {
		die((e as Error).message);
	}
})();

if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
if (!args.port) die('--port is required');
if (!args.uid) die('--uid is required');

function num(name: string, value: string | undefined, min: number, max: number): number {
	const n = Number(value);
	if (value === undefined || value === '' || !Number.isFinite(n) || n < min || n > max)
		die(`--${name} must be a number in ${min}..${max}, got ${value}`);
	return n;
}

const buttons = num('buttons', args.buttons, 3, 5);
const presses = num('presses', args.presses, 0, 1e9);
const rate = num('rate', args.rate, 0.001, 10000);
const corrupt = num('corrupt', args.corrupt, 0, 1);
const dropAck = num('drop-ack', args['drop-ack'], 0, 1);
const powerCycleEvery = num('power-cycle-every', args['power-cycle-every'], 0, 1e9);
const baudRate = num('baud', args.baud, 300, 4_000_000);
const lingerMs = num('linger', args.linger, 0, 86400) * 1000;
const random =
	args.seed !== undefined ? seededRandom(num('seed', args.seed, 0, 2 ** 32)) : Math.random;

// The boot counter survives runs the way the firmware's EEPROM does.
const statePath =
	args.state ?? path.join(os.tmpdir(), `box-sim-${args.uid.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
function readBoot(): number {
	try {
		const saved = JSON.parse(fs.readFileSync(statePath, 'utf8')) as { boot?: unknown };
		return typeof saved.boot === 'number' ? saved.boot : 0;
	} catch {
		return 0;
	}
}
function saveBoot(boot: number) {
	fs.writeFileSync(statePath, JSON.stringify({ uid: args.uid, boot }) + '\n');
}
const boot = args.boot !== undefined ? num('boot', args.boot, 0, 0xffffffff) : readBoot() + 1;
saveBoot(boot);

const port = new SerialPort({ path: args.port, baudRate, autoOpen: false });
let box: SimulatedBox;
try {
	box = new SimulatedBox(port, { uid: args.uid, boot, buttons, corrupt, dropAck, random });
} catch (e) {
	die((e as Error).message);
}

const log = (...a: unknown[]) => {
	if (args.verbose) console.error(new Date().toISOString(), ...a);
};
box.on('sent', (line, corrupted) => log('→', JSON.stringify(line), corrupted ? '(corrupted)' : ''));
box.on('received', (f) => log('←', JSON.stringify(f)));
box.on('bad', (e, line) => log('← bad line', e.code, JSON.stringify(line)));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function powerCycle() {
	if (!args['lossy-power-cycle']) await box.waitIdle(lingerMs).catch(() => {});
	box.powerCycle();
	saveBoot(box.boot);
	log('power cycle: boot', box.boot);
}

async function runScript(file: string) {
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	for (const [i, raw] of lines.entries()) {
		const line = raw.replace(/#.*/, '').trim();
		if (!line) continue;
		const [cmd, arg] = line.split(/\s+/);
		if (cmd === 'press') box.press(num(`script line ${i + 1} press`, arg, 1, 2 ** 32 - 1));
		else if (cmd === 'wait') await sleep(num(`script line ${i + 1} wait`, arg, 0, 86_400_000));
		else if (cmd === 'power-cycle') await powerCycle();
		else if (cmd === 'idle') await box.waitIdle(lingerMs);
		else die(`${file}:${i + 1}: unknown command ${JSON.stringify(cmd)}`);
	}
}

async function runRandom() {
	const gap = 1000 / rate;
	const start = performance.now();
	for (let i = 1; i <= presses; i++) {
		box.press(1 + Math.floor(random() * buttons));
		if (powerCycleEvery > 0 && i % powerCycleEvery === 0 && i < presses) await powerCycle();
		const wait = start + i * gap - performance.now();
		if (wait > 0) await sleep(wait);
	}
}

async function main() {
	await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
	port.on('error', (e) => console.error('box-sim: port error:', e.message));
	box.start();
	process.on('SIGINT', () => finish(130));
	process.on('SIGTERM', () => finish(143));
	if (args.script) await runScript(args.script);
	await runRandom();
	if (args.script || presses > 0) {
		try {
			await box.waitIdle(lingerMs);
		} catch (e) {
			console.error(`box-sim: ${(e as Error).message}`);
			return finish(1);
		}
		finish(0);
	}
	// No presses asked for: stay connected (HELLO, heartbeats) until interrupted.
}

let finishing = false;
function finish(code: number) {
	if (finishing) return;
	finishing = true;
	box.stop();
	console.log(JSON.stringify({ uid: box.uid, boot: box.boot, pending: box.pending, ...box.stats }));
	port.close(() => process.exit(code));
	setTimeout(() => process.exit(code), 500).unref();
}

main().catch((e: Error) => {
	console.error(`box-sim: ${e.message}`);
	process.exit(1);
});
