/**
 * Serial ingestion benchmark: 16 simulated boxes on socat pseudo-terminals, through the full
 * path pty → codec → PostgreSQL commit → ACK, with the server's own reader and sink.
 *
 *   npm run bench:serial [-- --boxes 16 --presses 1000 --rate 100 --seconds 10]
 *
 * Uses DATABASE_URL (default postgres://127.0.0.1:5432/postgres) to create a fresh database,
 * migrates it, runs, and drops it. The boxes run in a child process (they are other hardware).
 * Phase 1: every box presses as fast as its 64-press ring allows → presses/s aggregate.
 * Phase 2: 100 presses/s spread over the boxes → ACK latency p50/p99 (press → ACK at the box).
 * Phase 3: one more box is unplugged and plugged back (its pseudo-terminal destroyed and
 * recreated) ten times → how long until the server reads it again (promised: within 5 s).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { SerialPort } from 'serialport';
import { SimulatedBox } from '../firmware-protocol/simulator/box';
import { openDatabase } from '../src/lib/server/db/client';
import { seedCentre } from '../src/lib/server/ratings/test-fixtures';
import { DbSink } from '../src/lib/server/serial/db-sink';
import { SerialReader } from '../src/lib/server/serial/reader';
import { hasSocat, pluggableCable, ptyPair, sleep, waitFor, type PtyPair } from '../src/lib/server/serial/test-pty';

const { values: a } = parseArgs({
	options: {
		boxes: { type: 'string', default: '16' },
		presses: { type: 'string', default: '1000' },
		rate: { type: 'string', default: '100' },
		seconds: { type: 'string', default: '10' },
		'box-ports': { type: 'string' }
	}
});
const BOXES = Number(a.boxes);
const PER_BOX = Number(a.presses);
const RATE = Number(a.rate);
const SECONDS = Number(a.seconds);

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((x, y) => x - y);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Child: the boxes. */
async function runBoxes(paths: string[]) {
	const ports = await Promise.all(paths.map((p) => new Promise<SerialPort>((res, rej) => { const s = new SerialPort({ path: p, baudRate: 115200 }, (e) => (e ? rej(e) : res(s))); })));
	const boxes = ports.map((p, i) => new SimulatedBox(p, { uid: `BENCH-${i + 1}`, boot: Date.now() % 1_000_000, buttons: 5 }));
	for (const b of boxes) b.start();
	await sleep(1000);

	// Phase 1: throughput.
	let t0 = performance.now();
	await Promise.all(
		boxes.map(async (box) => {
			for (let n = 0; n < PER_BOX; n++) {
				while (box.pending >= 60) await new Promise((r) => box.once('acked', r));
				box.press(1 + (n % 5));
				if (n % 16 === 0) await new Promise((r) => setImmediate(r));
			}
			await box.waitIdle(120_000);
		})
	);
	const throughputS = (performance.now() - t0) / 1000;
	const total1 = BOXES * PER_BOX;
	const resends1 = boxes.reduce((x, b) => x + b.stats.resends, 0);

	// Phase 2: latency at RATE presses/s aggregate.
	const sentAt = new Map<string, number>();
	const lat: number[] = [];
	boxes.forEach((b) => b.on('acked', (seq) => {
		const t = sentAt.get(`${b.uid}:${seq}`);
		if (t !== undefined) lat.push(performance.now() - t);
	}));
	const total2 = Math.round(RATE * SECONDS);
	t0 = performance.now();
	for (let i = 0; i < total2; i++) {
		const box = boxes[i % BOXES];
		const at = performance.now();
		const seq = box.press(1 + (i % 5));
		sentAt.set(`${box.uid}:${seq}`, at);
		const wait = t0 + ((i + 1) * 1000) / RATE - performance.now();
		if (wait > 0) await sleep(wait);
	}
	await Promise.all(boxes.map((b) => b.waitIdle(60_000)));
	for (const b of boxes) b.stop();
	console.log(JSON.stringify({ total1, throughputS, resends1, total2, lat: { n: lat.length, p50: pct(lat, 50), p99: pct(lat, 99), max: Math.max(...lat) } }));
	await Promise.all(ports.map((p) => new Promise((r) => p.close(r))));
	process.exit(0);
}

async function main() {
	if (a['box-ports']) return runBoxes(a['box-ports'].split(','));
	if (!hasSocat) throw new Error('socat is not installed (apt-get install socat)');
	const url = process.env.DATABASE_URL ?? 'postgres://127.0.0.1:5432/postgres';
	const name = `hl_bench_${process.pid}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	const u = new URL(url);
	u.pathname = `/${name}`;
	const h = await openDatabase({ kind: 'postgres', url: u.toString(), max: 8 });
	const pairs: PtyPair[] = [];
	const readers: SerialReader[] = [];
	try {
		await h.migrate(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../drizzle'));
		const f = await seedCentre(h.db, BOXES);
		for (let i = 0; i < BOXES; i++) {
			await f.box(`BENCH-${i + 1}`, f.counterIds[i]);
			if (i % 2 === 0) await f.openService(f.counterIds[i], new Date(Date.now() - 60_000));
		}
		const sink = new DbSink({ db: h.db, concurrency: 3, log: () => {} });
		for (let i = 0; i < BOXES; i++) {
			const pair = await ptyPair();
			pairs.push(pair);
			const r = new SerialReader({ path: pair.b, sink, log: () => {} });
			readers.push(r);
			r.start();
		}
		await sleep(300);
		console.log(`bench:serial — ${BOXES} boxes, PostgreSQL ${(await h.rows<{ v: string }>(postgresVersion))[0].v}, ${(await import('node:os')).cpus().length} CPUs`);
		const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--box-ports', pairs.map((p) => p.a).join(','), '--boxes', String(BOXES), '--presses', String(PER_BOX), '--rate', String(RATE), '--seconds', String(SECONDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout!.on('data', (d) => (out += d));
		const code = await new Promise((r) => child.on('exit', r));
		if (code !== 0) throw new Error(`box process exited ${code}`);
		const r = JSON.parse(out.trim().split('\n').at(-1)!);
		const [{ n, keys }] = await h.rows<{ n: string; keys: string }>(countRows);
		console.log(`throughput: ${r.total1} presses in ${r.throughputS.toFixed(2)} s = ${Math.round(r.total1 / r.throughputS)} presses/s aggregate (${r.resends1} resends)`);
		console.log(`latency at ${RATE} presses/s: ${r.lat.n} ACKs, p50 ${r.lat.p50.toFixed(1)} ms, p99 ${r.lat.p99.toFixed(1)} ms, max ${r.lat.max.toFixed(1)} ms (press → ACK at the box, through both ptys)`);
		console.log(`stored: ${n} rows, ${keys} distinct identities (expected ${r.total1 + r.total2})`);
		if (Number(n) !== r.total1 + r.total2 || Number(keys) !== Number(n)) process.exitCode = 1;
		const resume = await measureResume(sink, 10);
		console.log(`unplugged and plugged back ${resume.length} times: read again after p50 ${pct(resume, 50).toFixed(0)} ms, max ${Math.max(...resume).toFixed(0)} ms (promise: within 5 s)`);
	} finally {
		await Promise.all(readers.map((r) => r.stop()));
		await Promise.all(pairs.map((p) => p.kill()));
		await h.close();
		await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await admin.end();
	}
}

/**
 * Phase 3: a box whose cable is pulled and plugged back. The pseudo-terminal pair (symlinked
 * under fixed names, as a udev rule names a USB serial adapter) is destroyed and recreated; the
 * box keeps its state, the server's reader keeps retrying with back-off. Each round times from
 * plugging back (the new pty pair being created) to the reader having it open and knowing the
 * box again (its HELLO).
 */
async function measureResume(sink: DbSink, rounds: number): Promise<number[]> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-bench-plug-'));
	const plug = await pluggableCable(dir);
	const box = new SimulatedBox(plug.cable, { uid: 'BENCH-PLUG', boot: 1, buttons: 5, hbIntervalMs: 500 });
	const reader = new SerialReader({ path: plug.hostPath, sink, log: () => {} });
	let opens = 0;
	reader.on('opened', () => opens++);
	reader.start();
	const times: number[] = [];
	try {
		await waitFor(() => reader.isOpen, 10_000, 'reader open');
		box.start();
		await waitFor(() => reader.uid !== null, 10_000, 'box known');
		for (let round = 0; round < rounds; round++) {
			await plug.unplug();
			await sleep(700);
			const before = opens;
			const back = performance.now();
			await plug.replug();
			await waitFor(() => opens > before && reader.uid !== null, 60_000, 'reader back on the recreated pty');
			times.push(performance.now() - back);
			await sleep(300);
		}
	} finally {
		box.stop();
		await reader.stop();
		await plug.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
	return times;
}

const postgresVersion = sql`select current_setting('server_version') as v`;
const countRows = sql`select count(*) as n, count(distinct idempotency_key) as keys from ratings`;

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
