import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '../db/client';

/**
 * Backups and restores (`npm run backup`, `npm run restore`, docs/operations.md).
 *
 * PostgreSQL: pg_dump's custom format (-Fc), restored by pg_restore into an empty database, in
 * one transaction (a failed restore leaves the database as empty as it was). The server may keep
 * running while pg_dump reads: it sees one consistent snapshot.
 *
 * The embedded database (PGlite): its data folder as a .tar.gz (PGlite's dumpDataDir), restored
 * with loadDataDir into an empty DATA_DIR. The app must be stopped: opening the folder takes the
 * data-folder lock (db/data-dir-lock.ts), which refuses while the server holds it.
 *
 * A restore never writes over data: the target must be empty, or it is refused with what to do.
 */

const run = promisify(execFile);

/** PG_BIN's pg_dump / pg_restore when set, else the one on PATH (Debian's wrapper picks the version). */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
	return process.env.PG_BIN ? path.join(process.env.PG_BIN, name) : name;
}

/** The URL without its password, and the password for PGPASSWORD: never on a command line (ps shows those). */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
	const u = new URL(url);
	const password = decodeURIComponent(u.password);
	u.password = '';
	return { url: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

export type BackupKind = 'postgres' | 'pglite';

/** What a backup file holds, from its first bytes: pg_dump's custom format or a gzip tarball. */
export function backupKindOf(file: string): BackupKind {
	const fd = fs.openSync(file, 'r');
	const head = Buffer.alloc(5);
	try {
		fs.readSync(fd, head, 0, 5, 0);
	} finally {
		fs.closeSync(fd);
	}
	if (head.toString('latin1') === 'PGDMP') return 'postgres';
	if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
	throw new BackupError(`${file} không phải bản sao lưu của ứng dụng / is not a backup made by npm run backup (neither a pg_dump custom file nor a .tar.gz)`);
}

export class BackupError extends Error {
	override name = 'BackupError';
}

/** Writes to a temporary name and renames: a backup that stopped half-way never looks complete. */
async function atomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
	fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const tmp = `${file}.partial`;
	try {
		await write(tmp);
		fs.renameSync(tmp, file);
	} finally {
		fs.rmSync(tmp, { force: true });
	}
}

export async function backupPostgres(databaseUrl: string, file: string): Promise<void> {
	const c = connection(databaseUrl);
	await atomically(file, async (tmp) => {
		await run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', '--file', tmp, '--dbname', c.url], { env: c.env, maxBuffer: 16 * 2 ** 20 });
	});
}

export async function restorePostgres(file: string, databaseUrl: string): Promise<void> {
	const target = await openDatabase({ kind: 'postgres', url: databaseUrl, max: 1 });
	try {
		const [{ n }] = await target.rows<{ n: number | string }>(
			sql`select count(*) as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`
		);
		if (Number(n) > 0) {
			throw new BackupError(
				`Cơ sở dữ liệu đích đã có ${n} bảng: hãy khôi phục vào một cơ sở dữ liệu mới, trống (createdb …).\n` +
					`The target database already has ${n} tables: restore into a new, empty database (createdb …).`
			);
		}
	} finally {
		await target.close();
	}
	const c = connection(databaseUrl);
	await run(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', c.url, file], { env: c.env, maxBuffer: 16 * 2 ** 20 });
}

/** The embedded database's folder as a .tar.gz; refused while the app (or anything) has it open. */
export async function backupPglite(dataDir: string, file: string): Promise<void> {
	const handle = await openDatabase({ kind: 'pglite', dataDir });
	try {
		const dump = await handle.pglite!.dumpDataDir('gzip');
		await atomically(file, async (tmp) => fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer())));
	} finally {
		await handle.close();
	}
}

export async function restorePglite(file: string, dataDir: string): Promise<void> {
	const existing = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter((f) => f !== 'app.lock') : [];
	if (existing.length > 0) {
		throw new BackupError(
			`Thư mục ${dataDir} không trống: hãy đổi tên nó (giữ lại dữ liệu cũ) rồi khôi phục vào thư mục trống.\n` +
				`The folder ${dataDir} is not empty: rename it (keeping the old data) and restore into an empty folder.`
		);
	}
	const handle = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: new Blob([fs.readFileSync(file)]) });
	await handle.close();
}

/**
 * What a restore drill compares between the original and the restored database: the rows of
 * every table of the app's schema, and a checksum of the ratings (ids, levels, what counts, when
 * pressed) in id order.
 */
export type Fingerprint = { tables: Record<string, number>; ratings: { count: number; md5: string } };

export async function fingerprint(handle: DatabaseHandle): Promise<Fingerprint> {
	const names = await handle.rows<{ name: string }>(sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
	const tables: Record<string, number> = {};
	for (const { name } of names) {
		const [{ n }] = await handle.rows<{ n: number | string }>(sql`select count(*) as n from ${sql.identifier(name)}`);
		tables[name] = Number(n);
	}
	const [r] = await handle.rows<{ n: number | string; md5: string }>(sql`
		select count(*) as n,
			md5(coalesce(string_agg(concat_ws(':', id, level, counted, scale_id, officer_id, unit_id, extract(epoch from pressed_at)), ',' order by id), '')) as md5
		from ratings`);
	return { tables, ratings: { count: Number(r.n), md5: r.md5 } };
}

/** Opens the database a command names (PostgreSQL URL or embedded folder) just to read its fingerprint. */
export async function fingerprintOf(target: { url: string } | { dataDir: string }): Promise<Fingerprint> {
	const handle = 'url' in target ? await openDatabase({ kind: 'postgres', url: target.url, max: 1 }) : await openDatabase({ kind: 'pglite', dataDir: target.dataDir });
	try {
		return await fingerprint(handle);
	} finally {
		await handle.close();
	}
}
