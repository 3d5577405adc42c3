/**
 * The bridge: reads button boxes on this PC's serial ports and forwards their presses to the
 * server's device API, through a durable outbox, ACKing a box only once the server confirmed.
 *
 *   npm run bridge -- --port /dev/ttyUSB0 [--port /dev/ttyACM0@9600] \
 *     --server https://danhgia.example.gov.vn --token brg_3.xxxx [--outbox ./bridge-outbox.jsonl]
 *
 * The token (also BRIDGE_TOKEN) is issued by an administrator on /app/admin/boxes.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BridgeSink } from '../src/lib/server/serial/bridge-sink';
import type { LedMode } from '../src/lib/server/serial/codec';
import { parseSerialPorts } from '../src/lib/server/serial/port-spec';
import { SerialReader } from '../src/lib/server/serial/reader';

const USAGE = 'usage: bridge --port PATH[@BAUD] [--port …] --server URL --token brg_N.SECRET [--outbox FILE] [--led-poll-ms 1500]';
function die(message: string): never {
	console.error(`bridge: ${message}\n${USAGE}`);
	process.exit(2);
}

let args;
try {
	args = parseArgs({
		options: {
			port: { type: 'string', multiple: true },
			server: { type: 'string' },
			token: { type: 'string' },
			outbox: { type: 'string' },
			'led-poll-ms': { type: 'string', default: '1500' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	}).values;
} catch (e) {
	die((e as Error).message);
}
if (args.help) {
	console.log(USAGE);
	process.exit(0);
}
const token = args.token ?? process.env.BRIDGE_TOKEN;
if (!args.port?.length) die('--port is required');
if (!args.server || !/^https?:\/\//.test(args.server)) die('--server must be an http:// or https:// URL');
if (!token || !/^brg_[0-9]+\.[A-Za-z0-9_-]{20,64}$/.test(token)) die('--token (or BRIDGE_TOKEN) must be a bridge token brg_N.SECRET');
let ports;
try {
	ports = parseSerialPorts(args.port.join(','));
} catch (e) {
	die((e as Error).message.replace('SERIAL_PORTS', '--port'));
}
const ledPollMs = Math.max(250, Number(args['led-poll-ms']) || 1500);
const outboxFile = path.resolve(args.outbox ?? path.join(process.env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'hai-long', 'bridge-outbox.jsonl'));
const log = (line: string) => console.error(`${new Date().toISOString()} ${line}`);

const readers: SerialReader[] = [];
const shown = new Map<string, LedMode>();
const setLed = (uid: string, mode: LedMode) => {
	for (const r of readers) if (r.uid === uid && r.setLed(mode)) shown.set(uid, mode === 'THANKS' ? 'IDLE' : mode);
};
const sink = new BridgeSink({ server: args.server, token, outboxFile, log, onLed: setLed });
for (const p of ports) {
	const r = new SerialReader({ path: p.path, baudRate: p.baudRate, sink, log });
	// A box that restarted shows IDLE: the next poll puts it back in step.
	r.on('hello', (h) => shown.set(h.uid, 'IDLE'));
	readers.push(r);
	r.start();
}
log(`bridge: ${ports.map((p) => p.path).join(', ')} → ${args.server} (outbox ${outboxFile})`);

// LED: ASK while a service is open at the box's counter, IDLE otherwise (THANKS comes with the counted press).
const poll = setInterval(async () => {
	const uids = readers.map((r) => r.uid).filter((u): u is string => u !== null);
	try {
		const modes = await sink.ledModes(uids);
		for (const [uid, mode] of Object.entries(modes)) if (shown.get(uid) !== mode) setLed(uid, mode);
	} catch {
		// the press path logs connectivity; LEDs simply wait
	}
}, ledPollMs);

let stopping = false;
async function stop(code: number) {
	if (stopping) return;
	stopping = true;
	clearInterval(poll);
	// Stopping reports the ports closed to the server: do not wait long for an unreachable one.
	await Promise.race([Promise.all(readers.map((r) => r.stop())), new Promise((r) => setTimeout(r, 2000))]);
	sink.close();
	process.exit(code);
}
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));
console.log('ready');
