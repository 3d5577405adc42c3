/**
 * What the import benchmarks share (scripts/bench-import-*.ts, run together by `npm run bench:province`).
 *
 * The embedded database is opened the way the server opens it on every start after its first: an
 * existing, migrated data folder. Creating a PostgreSQL cluster (initdb, inside PGlite's
 * WebAssembly) leaves several hundred MB in the process that ran it, which a server pays once, on
 * its first start; so the template folder is made and migrated by a child process of its own, and
 * each benchmark step opens a copy of it. The memory figures are then the ones a running server's
 * import adds to an open database.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { useDatabase } from '../src/lib/server/db';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';

const TEMPLATE_ENV = 'HL_BENCH_PGLITE_TEMPLATE';

export const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Runs `work`, sampling the resident memory every 10 ms: wall-clock ms and the peak in MB. */
export async function measure<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
	const t0 = performance.now();
	try {
		const value = await work();
		return { value, ms: performance.now() - t0, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
	} finally {
		clearInterval(timer);
	}
}

/** A migrated, empty data folder made by a child process; made once and inherited by child steps. */
export function templateDir(): string {
	const known = process.env[TEMPLATE_ENV];
	if (known && fs.existsSync(path.join(known, 'PG_VERSION'))) return known;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-bench-template-'));
	const made = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--prepare', dir], { stdio: 'inherit' });
	if (made.status !== 0) throw new Error(`could not prepare the template database in ${dir}`);
	process.env[TEMPLATE_ENV] = dir;
	process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** A copy of the template, opened as the app's database (and set as `db`), with a user id 1 to audit as. */
/**
 * Runs each step in a child process of its own (this script again with `--run <step>` and the
 * given arguments), so one step's memory never counts against another's. True when all passed.
 */
export function runStepsInChildren(steps: readonly string[], args: readonly string[]): boolean {
	templateDir();
	let ok = true;
	for (const step of steps) {
		const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--run', step, ...args], { stdio: 'inherit' });
		ok &&= run.status === 0;
	}
	return ok;
}

export async function freshDatabase(label: string): Promise<{ h: DatabaseHandle; dir: string; close: () => Promise<void> }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hl-bench-${label}-`));
	fs.cpSync(templateDir(), dir, { recursive: true });
	const sharedBuffersMb = process.env.PGLITE_SHARED_BUFFERS_MB ? Number(process.env.PGLITE_SHARED_BUFFERS_MB) : undefined;
	const h = await openDatabase({ kind: 'pglite', dataDir: dir, sharedBuffersMb });
	useDatabase(h);
	return {
		h,
		dir,
		async close() {
			await h.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

if (process.argv[2] === '--prepare') {
	const h = await openDatabase({ kind: 'pglite', dataDir: process.argv[3] });
	await h.migrate(path.resolve('drizzle'));
	await h.rows(
		sql`insert into users (id, username, display_name, password_hash) values (1, 'quantri', 'Quản trị', 'x')`
	);
	await h.close();
}
