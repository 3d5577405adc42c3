import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SQL_CONSTANTS } from '../rules';

/**
 * Database functions and triggers as current-state files (issue 17): each `*.sql` file in
 * `src/lib/server/db/sql/` holds the present definition of the functions and triggers it names,
 * written so that running it again changes nothing (CREATE OR REPLACE FUNCTION, DROP TRIGGER IF
 * EXISTS + CREATE TRIGGER). Migrations keep only schema changes; after them, every start applies
 * these files in name order, each in one transaction. To know what runs today, read the file.
 *
 * A file is applied only when its rendered text differs from the one last applied (its SHA-256 is
 * kept in `hl_current_state`): an unchanged file takes no lock on the tables its triggers are on,
 * so a restart, or a second server starting beside a busy one, does not wait for their traffic.
 *
 * A file may name a rule constant as `{{NAME}}`; it is written in from `SQL_CONSTANTS`
 * (`$lib/server/rules`), the same values the TypeScript detectors read. An unknown name stops
 * the start with the file and the name, so a typo cannot reach the database.
 */

export const CURRENT_STATE_DIR = 'src/lib/server/db/sql';

export interface CurrentStateFile {
	name: string;
	sql: string;
}

/** The folder beside the migrations folder's project: `<root>/drizzle` → `<root>/src/lib/server/db/sql`. */
export function currentStateDir(migrationsDir: string): string {
	return path.resolve(migrationsDir, '..', CURRENT_STATE_DIR);
}

export function renderCurrentState(name: string, text: string, constants: Record<string, string | number> = SQL_CONSTANTS): string {
	return text.replace(/\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}/g, (_, key: string) => {
		if (!(key in constants)) throw new Error(`${name}: {{${key}}} is not a rule constant (src/lib/server/rules.ts, SQL_CONSTANTS)`);
		return String(constants[key]);
	});
}

export function readCurrentState(dir: string): CurrentStateFile[] {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.sql'))
		.sort()
		.map((name) => ({ name, sql: renderCurrentState(name, fs.readFileSync(path.join(dir, name), 'utf8')) }));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

export interface CurrentStateTarget {
	/** Runs a multi-statement text in one transaction, rolled back on error. */
	execInTransaction(text: string): Promise<void>;
	/** The hashes last applied (read outside the transaction; the transaction checks again under its lock). */
	appliedHashes(): Promise<Map<string, string>>;
}

/**
 * Applies every file whose text changed since it was last applied, each in its own transaction
 * under a transaction-level advisory lock (two processes starting together do not replace the
 * same function at once), recording its hash in the same transaction. Returns the files applied.
 */
export async function applyCurrentState(target: CurrentStateTarget, dir: string): Promise<string[]> {
	const files = readCurrentState(dir);
	if (files.length === 0) return [];
	await target.execInTransaction(
		'CREATE TABLE IF NOT EXISTS hl_current_state (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL)'
	);
	const applied = await target.appliedHashes();
	const done: string[] = [];
	for (const f of files) {
		const hash = sha256(f.sql);
		if (applied.get(f.name) === hash) continue;
		try {
			await target.execInTransaction(`SELECT pg_advisory_xact_lock(hashtext('hl.current_state'));
${f.sql}
;
INSERT INTO hl_current_state (name, sha256, applied_at) VALUES (${quote(f.name)}, ${quote(hash)}, now())
ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256, applied_at = excluded.applied_at;`);
		} catch (e) {
			throw new Error(`${f.name}: ${(e as Error).message}`, { cause: e });
		}
		done.push(f.name);
	}
	return done;
}
