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

/**
 * Applies every file, each in its own transaction (`inTransaction` runs a multi-statement text in
 * one and rolls it back on error), under a transaction-level advisory lock so two processes
 * starting together do not replace the same function at once.
 */
export async function applyCurrentState(inTransaction: (text: string) => Promise<unknown>, dir: string): Promise<string[]> {
	const files = readCurrentState(dir);
	for (const f of files) {
		try {
			await inTransaction(`SELECT pg_advisory_xact_lock(hashtext('hl.current_state'));\n${f.sql}`);
		} catch (e) {
			throw new Error(`${f.name}: ${(e as Error).message}`, { cause: e });
		}
	}
	return files.map((f) => f.name);
}
