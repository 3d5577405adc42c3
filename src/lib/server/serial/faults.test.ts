import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { SimulatedBox, seededRandom } from '../../../../firmware-protocol/simulator/box';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { DbSink } from './db-sink';
import { SerialReader } from './reader';
import { closePort, serialTestsLeftOut, openPort, pluggableCable, ptyPair, sleep, waitFor } from './test-pty';

/**
 * Faults: the ingesting process killed with SIGKILL at random points, and the pseudo-terminal
 * destroyed and recreated mid-stream. After each: 0 lost, 0 duplicated, and every ACK the box
 * received is for a stored press (ratings are append-only, so "stored at the end" is "stored").
 */

const FAST = { resendFirstMs: 200, resendMaxMs: 1000, hbIntervalMs: 500 };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hl-serial-'));

/** Presses `n` buttons at about `rate`/s, never overflowing the box's ring while the host is away. */
async function pressStream(box: SimulatedBox, n: number, rate: number) {
	for (let i = 0; i < n; i++) {
		while (box.pending >= 56) await sleep(10);
		box.press(1 + (i % 5));
		await sleep(1000 / rate);
	}
}

async function checkExactlyOnce(h: DatabaseHandle, box: SimulatedBox, acked: Set<string>, n: number) {
	const rows = await h.rows<{ k: string }>(sql`select idempotency_key as k from ratings`);
	const keys = rows.map((r) => r.k);
	const expected = Array.from({ length: n }, (_, i) => `box:${box.uid}:${box.boot}:${i + 1}`);
	expect(keys.length).toBe(n); // 0 duplicated (the unique key makes this also 0 lost…)
	expect(new Set(keys)).toEqual(new Set(expected)); // … and this says which
	for (const k of acked) expect(keys).toContain(k); // no ACK for a press not stored
	expect(box.stats).toMatchObject({ pressed: n, acked: n, lost: 0, naked: 0 });
}

/** A database the child process can open on its own: a PGlite folder, or a PostgreSQL database. */
async function childDatabase(kind: DatabaseKind) {
	if (kind === 'pglite') {
		const dir = path.join(tmp(), 'pgdata');
		const blob = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
		const h = await openDatabase({ kind: 'pglite', dataDir: dir, loadDataDir: blob });
		return { h, args: ['--pglite', dir], reopen: () => openDatabase({ kind: 'pglite', dataDir: dir }), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
	}
	const url = process.env.TEST_DATABASE_URL!;
	const name = `hl_kill_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
	await admin.end();
	const u = new URL(url);
	u.pathname = `/${name}`;
	const h = await openDatabase({ kind: 'postgres', url: u.toString(), max: 2 });
	return {
		h,
		args: ['--url', u.toString()],
		reopen: () => openDatabase({ kind: 'postgres', url: u.toString(), max: 2 }),
		drop: async () => {
			const a = postgres(url, { max: 1, onnotice: () => {} });
			await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await a.end();
		}
	};
}

function startChild(portPath: string, dbArgs: string[]): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'ingest-child.ts'), '--port', portPath, ...dbArgs], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stderr!.resume();
	return new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error('ingest child did not start')), 20_000);
		child.stdout!.on('data', (d: Buffer) => {
			if (d.toString().includes('ready')) {
				clearTimeout(t);
				resolve(child);
			}
		});
		child.on('exit', (code) => reject(new Error(`ingest child exited ${code}`)));
	});
}

function kill9(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
		child.kill('SIGKILL');
	});
}

describe.skipIf(serialTestsLeftOut).each(testDatabaseKinds)('faults on %s', (kind) => {
	const cleanup: (() => Promise<unknown> | unknown)[] = [];
	afterAll(async () => {
		for (const c of cleanup.reverse()) await c();
	});

	it('loses and doubles nothing when the ingesting process is killed with SIGKILL at random points', async () => {
		const random = seededRandom(kind === 'pglite' ? 11 : 12);
		const db = await childDatabase(kind);
		cleanup.push(db.drop);
		const f = await seedCentre(db.h.db, 1);
		await f.box('KILL-1', f.counterIds[0]);
		await f.openService(f.counterIds[0], new Date(Date.now() - 1000));
		await db.h.close();

		const pair = await ptyPair();
		cleanup.push(() => pair.kill());
		const boxPort = await openPort(pair.a);
		cleanup.push(() => closePort(boxPort));
		const box = new SimulatedBox(boxPort, { uid: 'KILL-1', boot: 3, buttons: 5, random, ...FAST });
		const acked = new Set<string>();
		box.on('acked', (seq) => acked.add(`box:KILL-1:3:${seq}`));
		let child = await startChild(pair.b, db.args);
		cleanup.push(() => kill9(child));
		box.start();

		const N = 240;
		let streaming = true;
		const stream = pressStream(box, N, 80).finally(() => (streaming = false));
		let kills = 0;
		while (streaming && kills < 4) {
			await sleep(300 + random() * 1200);
			await kill9(child);
			kills++;
			await sleep(random() * 400);
			child = await startChild(pair.b, db.args);
		}
		await stream;
		await box.waitIdle(40_000);
		await kill9(child);
		expect(kills).toBeGreaterThanOrEqual(2);

		const h = await db.reopen();
		try {
			await checkExactlyOnce(h, box, acked, N);
			const [c] = await h.rows<{ n: string | number }>(sql`select count(*) filter (where counted) as n from ratings`);
			expect(Number(c.n)).toBe(1);
		} finally {
			box.stop();
			await h.close();
		}
	});

	it('resumes reading, losing and doubling nothing, when the pseudo-terminal is destroyed and recreated mid-stream', async () => {
		const h = await openTestDatabase(kind);
		cleanup.push(() => h.close());
		const f = await seedCentre(h.db, 1);
		await f.box('PLUG-1', f.counterIds[0]);
		// The box keeps its ring across the unplug; only its cable (the pty) goes away.
		const plug = await pluggableCable(tmp());
		cleanup.push(() => plug.close());
		const box = new SimulatedBox(plug.cable, { uid: 'PLUG-1', boot: 9, buttons: 5, random: seededRandom(5), ...FAST });
		const acked = new Set<string>();
		box.on('acked', (seq) => acked.add(`box:PLUG-1:9:${seq}`));

		const reader = new SerialReader({ path: plug.hostPath, sink: new DbSink({ db: h.db }), log: () => {} });
		cleanup.push(() => reader.stop());
		let opens = 0;
		reader.on('opened', () => opens++);
		reader.start();
		await waitFor(() => reader.isOpen, 5000, 'reader open');
		box.start();

		const N = 200;
		const stream = pressStream(box, N, 100);
		for (let round = 0; round < 2; round++) {
			await sleep(500);
			await plug.unplug();
			// Another pair made meanwhile (as a test running alongside would) takes the freed pty numbers.
			const stranger = await ptyPair();
			cleanup.push(() => stranger.kill());
			await sleep(700);
			const before = opens;
			await plug.replug();
			// how soon is a figure of bench:serial (phase 3, promised within 5 s; docs/benchmarks.md); here only a loose bound
			await waitFor(() => opens > before && reader.uid !== null, 15_000, 'reader back on the recreated pty');
		}
		await stream;
		await box.waitIdle(30_000);
		await checkExactlyOnce(h, box, acked, N);
		box.stop();
	});
});
