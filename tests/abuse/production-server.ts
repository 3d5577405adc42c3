import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import postgres from 'postgres';
import type { DatabaseKind } from '../../src/lib/server/db/client';

const TEST_WEBHOOK_SECRET_KEY = randomBytes(32).toString('base64');

/**
 * The production server (`node scripts/serve.js` on the built app) in a child process, on a
 * database of its own: a fresh embedded data folder, or a fresh PostgreSQL database on
 * TEST_DATABASE_URL. It loads a small demo province (one month, 20 officers: a few seconds, see
 * docs/benchmarks.md), so the
 * abuse suite talks to the server exactly as a client on the network would.
 */
export interface ProductionServer {
	base: string;
	password: string;
	/** The server process's id (its memory can be read from /proc/<pid>/status). */
	pid: number;
	/** What the server printed so far (stdout and stderr). */
	output(): string;
	/** True while the process runs. */
	alive(): boolean;
	/** A raw SQL read on the server's PostgreSQL database; null on the embedded one (one process holds it). */
	sql: postgres.Sql | null;
	/** Where its data lives: pass it to startProductionServer to start again on the same database. */
	store: ServerStore;
	/** Stops the server; with keepData, its data folder or database stays for a restart (dropped by a later stop without it). */
	stop(options?: { keepData?: boolean }): Promise<void>;
}

export type ServerStore = { dataDir: string; databaseUrl: string; dbName: string | null };

const BUILD = path.resolve('build/handler.js');
export const ABUSE_PASSWORD = 'abuse-mật-khẩu-1';

export async function startProductionServer(
	kind: DatabaseKind,
	env: Record<string, string> = {},
	/** A stopped server's store: start again on its data (a restart), the demo is not loaded twice. */
	reuse?: ServerStore
): Promise<ProductionServer> {
	if (!fs.existsSync(BUILD)) throw new Error('build/handler.js is missing: run `vite build` first (npm test does)');
	const dataDir = reuse?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hl-abuse-'));
	let databaseUrl = reuse?.databaseUrl ?? '';
	let dbName: string | null = reuse?.dbName ?? null;
	let sql: postgres.Sql | null = null;
	if (kind === 'postgres' && !reuse) {
		const url = process.env.TEST_DATABASE_URL;
		if (!url) throw new Error('TEST_DATABASE_URL is not set');
		dbName = `hl_abuse_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		await admin.unsafe(`CREATE DATABASE ${dbName}`);
		await admin.end();
		const u = new URL(url);
		u.pathname = `/${dbName}`;
		databaseUrl = u.toString();
	}
	const chosen = await freePort();
	let out = '';
	const child: ChildProcess = spawn(process.execPath, ['scripts/serve.js'], {
		env: {
			...process.env,
			PORT: String(chosen),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			DATABASE_URL: databaseUrl,
			DEMO: '1',
			DEMO_MONTHS: '1',
			DEMO_OFFICERS: '20',
			DEMO_PASSWORD: ABUSE_PASSWORD,
			ORIGIN: `http://127.0.0.1:${chosen}`,
			NODE_ENV: 'production',
			// required in production (webhooks/settings.ts); one per test process, so a restart opens what it sealed
			WEBHOOK_SECRET_KEY: TEST_WEBHOOK_SECRET_KEY,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let exited = false;
	child.on('exit', () => (exited = true));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${out}`)), 120_000);
		const take = (chunk: Buffer) => {
			out += chunk.toString();
			const m = /Listening on http:\/\/[^:]+:(\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve(Number(m[1]));
			}
		};
		child.stdout!.on('data', take);
		child.stderr!.on('data', take);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before listening:\n${out}`));
		});
	});
	if (databaseUrl) sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
	return {
		base: `http://127.0.0.1:${port}`,
		password: ABUSE_PASSWORD,
		pid: child.pid!,
		output: () => out,
		alive: () => !exited,
		sql,
		store: { dataDir, databaseUrl, dbName },
		async stop(options: { keepData?: boolean } = {}) {
			await sql?.end();
			if (!exited) {
				const gone = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await gone;
				clearTimeout(timer);
			}
			if (options.keepData) return;
			fs.rmSync(dataDir, { recursive: true, force: true });
			if (dbName) {
				const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
				await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
				await admin.end();
			}
		}
	};
}

/** A port nobody listens on now (the server's ORIGIN must name its port before it starts). */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as net.AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}
