import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

/**
 * A PostgreSQL primary and streaming standbys of their own, for tests that need replication
 * (read replicas, several app processes on one primary): built from the PostgreSQL binaries on
 * the machine (initdb, pg_ctl, pg_basebackup) in a temporary folder, on free ports, and removed
 * on `stop()`. initdb refuses to run as root: as root, every command runs as the `postgres`
 * user (runuser), and the folder is that user's.
 *
 * Where the binaries are: PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else the
 * folder `pg_config --bindir` names.
 */

const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'] as const;

export type PgBinaries = { bin: string; runAs: string | null };

/** The binaries, or why they cannot be used (a sentence naming what is missing). */
export function findPgBinaries(): PgBinaries | { missing: string } {
	const candidates: string[] = [];
	if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
	const root = '/usr/lib/postgresql';
	if (fs.existsSync(root)) {
		const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
		candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
	}
	const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
	if (fromConfig.status === 0) candidates.push(fromConfig.stdout.trim());
	const bin = candidates.find((dir) => TOOLS.every((t) => fs.existsSync(path.join(dir, t))));
	if (!bin) {
		return {
			missing: `PostgreSQL server binaries (${TOOLS.join(', ')}) not found in PG_BIN, /usr/lib/postgresql/*/bin or pg_config --bindir (looked in: ${candidates.join(', ') || 'nothing'}); install postgresql or set PG_BIN`
		};
	}
	let runAs: string | null = null;
	if (process.getuid?.() === 0) {
		if (spawnSync('id', ['-u', 'postgres']).status !== 0) return { missing: 'running as root and there is no `postgres` user for initdb to run as' };
		runAs = 'postgres';
	}
	return { bin, runAs };
}

/**
 * The binaries for a test file, or null to skip it. Under CI=true a missing binary fails the
 * run with a message naming it: CI machines have PostgreSQL, so a skip there would hide a gap.
 */
export function pgBinariesForTests(): PgBinaries | null {
	const found = findPgBinaries();
	if ('bin' in found) return found;
	if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI=true and ${found.missing}`);
	console.warn(`⚠ replication tests skipped: ${found.missing}`);
	return null;
}

/** A port nobody listens on, from the range given (tests keep to their own ranges). */
export async function freePort(from = 5500, to = 5599): Promise<number> {
	const start = from + Math.floor(Math.random() * (to - from + 1));
	for (let i = 0; i <= to - from; i++) {
		const port = from + ((start - from + i) % (to - from + 1));
		const free = await new Promise<boolean>((resolve) => {
			const server = net.createServer();
			server.once('error', () => resolve(false));
			server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
		});
		if (free) return port;
	}
	throw new Error(`no free port in ${from}–${to}`);
}

export type PgServer = {
	port: number;
	dataDir: string;
	/** A URL of a database on this server (default `postgres`). */
	url(database?: string): string;
	start(): void;
	/** Stops it (fast shutdown: connections are cut, as when a machine goes away). */
	stop(): void;
	running(): boolean;
};

export type PgCluster = {
	primary: PgServer;
	standbys: PgServer[];
	/** Creates a database on the primary (it reaches the standbys by replication). */
	createDatabase(name: string): Promise<void>;
	/** Waits until every running standby has replayed the primary's WAL as of now. */
	waitForReplay(timeoutMs?: number): Promise<void>;
	/** Stops / resumes WAL replay on a standby (it keeps receiving): lag on demand. */
	pauseReplay(standby: PgServer): Promise<void>;
	resumeReplay(standby: PgServer): Promise<void>;
	/** Stops every server and removes the folder. */
	stop(): Promise<void>;
};

export async function startPgCluster(binaries: PgBinaries, options: { standbys?: number; ports?: [number, number] } = {}): Promise<PgCluster> {
	const [from, to] = options.ports ?? [5500, 5599];
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-pgcluster-'));
	if (binaries.runAs) execFileSync('chown', [binaries.runAs, dir]);
	const run = (tool: string, args: string[]) => {
		const exe = path.join(binaries.bin, tool);
		const [cmd, argv] = binaries.runAs ? ['runuser', ['-u', binaries.runAs, '--', exe, ...args]] : [exe, args];
		return execFileSync(cmd, argv, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	};
	const servers: PgServer[] = [];

	const server = (name: string, port: number): PgServer => {
		const dataDir = path.join(dir, name);
		const log = path.join(dir, `${name}.log`);
		let up = false;
		return {
			port,
			dataDir,
			url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
			start() {
				run('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
				up = true;
			},
			stop() {
				if (!up) return;
				run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
				up = false;
			},
			running: () => up
		};
	};

	try {
		const primary = server('primary', await freePort(from, to));
		run('initdb', ['-D', primary.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
		fs.appendFileSync(
			path.join(primary.dataDir, 'postgresql.conf'),
			[
				'wal_level = replica',
				'max_wal_senders = 10',
				'wal_keep_size = 256MB',
				'hot_standby = on',
				// a test cluster: durability is not what is tested, and fsync would slow the machine's other work
				'fsync = off',
				'full_page_writes = off',
				'shared_buffers = 32MB',
				'max_connections = 60',
				''
			].join('\n')
		);
		primary.start();
		servers.push(primary);

		const standbys: PgServer[] = [];
		for (let i = 0; i < (options.standbys ?? 1); i++) {
			const standby = server(`standby${i + 1}`, await freePort(from, to));
			// -R writes primary_conninfo and standby.signal: it starts as a streaming standby
			run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standby.dataDir, '-R', '-X', 'stream', '--no-sync']);
			standby.start();
			servers.push(standby);
			standbys.push(standby);
		}

		const admin = postgres(primary.url(), { max: 1, onnotice: () => {} });
		const standbyLsnReached = async (s: PgServer, lsn: string) => {
			const c = postgres(s.url(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
			try {
				const [row] = await c<{ ok: boolean }[]>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as ok`;
				return row.ok;
			} finally {
				await c.end({ timeout: 1 });
			}
		};
		const onStandby = async (s: PgServer, text: string) => {
			const c = postgres(s.url(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
			try {
				await c.unsafe(text);
			} finally {
				await c.end({ timeout: 1 });
			}
		};

		return {
			primary,
			standbys,
			async createDatabase(name) {
				await admin.unsafe(`CREATE DATABASE ${name}`);
			},
			async waitForReplay(timeoutMs = 30_000) {
				const [{ lsn }] = await admin<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
				const deadline = Date.now() + timeoutMs;
				for (const s of standbys.filter((x) => x.running())) {
					while (!(await standbyLsnReached(s, lsn))) {
						if (Date.now() > deadline) throw new Error(`standby on port ${s.port} did not replay ${lsn} within ${timeoutMs} ms`);
						await new Promise((r) => setTimeout(r, 50));
					}
				}
			},
			pauseReplay: (s) => onStandby(s, 'select pg_wal_replay_pause()'),
			resumeReplay: (s) => onStandby(s, 'select pg_wal_replay_resume()'),
			async stop() {
				await admin.end({ timeout: 1 });
				for (const s of [...servers].reverse()) {
					try {
						s.stop();
					} catch {
						// already down
					}
				}
				fs.rmSync(dir, { recursive: true, force: true });
			}
		};
	} catch (e) {
		for (const s of servers.reverse()) {
			try {
				s.stop();
			} catch {
				// already down
			}
		}
		const logs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.log')) : [];
		const tail = logs.map((f) => `${f}:\n${fs.readFileSync(path.join(dir, f), 'utf8').slice(-2000)}`).join('\n');
		fs.rmSync(dir, { recursive: true, force: true });
		const stderr = (e as { stderr?: string }).stderr ?? '';
		throw new Error(`could not start the PostgreSQL test cluster: ${(e as Error).message}\n${stderr}\n${tail}`);
	}
}
