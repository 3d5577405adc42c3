import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from './client';
import { SQL_CONSTANTS } from '../rules';
import { applyCurrentState, readCurrentState, renderCurrentState } from './current-state';
import { openTestDatabase, testDatabaseKinds } from './testing';

const DIR = path.resolve('src/lib/server/db/sql');

/** Every function in the public schema that no extension owns, and every user trigger. */
const definedFunctions = sql`
	select p.proname as name, pg_get_functiondef(p.oid) as def from pg_proc p join pg_namespace n on n.oid = p.pronamespace
	where n.nspname = 'public' and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
	order by 1`;
const definedTriggers = sql`
	select t.tgname as name, c.relname as "table", pg_get_triggerdef(t.oid) as def from pg_trigger t join pg_class c on c.oid = t.tgrelid
	where not t.tgisinternal order by 2, 1`;

describe('current-state SQL files', () => {
	it('writes rule constants in and refuses an unknown name, naming the file', () => {
		expect(renderCurrentState('a.sql', "SELECT {{ TIME_ZONE }}, {{N}}", { TIME_ZONE: "'Asia/Ho_Chi_Minh'", N: 10 })).toBe(
			"SELECT 'Asia/Ho_Chi_Minh', 10"
		);
		expect(() => renderCurrentState('b.sql', 'SELECT {{NOPE}}', {})).toThrow('b.sql: {{NOPE}} is not a rule constant');
	});

	it('reads the project folder in name order, each file rendering', () => {
		const files = readCurrentState(path.resolve('src/lib/server/db/sql'));
		expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
		for (const f of files) expect(f.sql).not.toMatch(/\{\{/);
	});

	it('writes the rules module’s constants into the functions, no literal copies', () => {
		// each rule constant rendered as a value no one would write by hand: the rendered files
		// must carry it wherever the rule applies, and nowhere the usual value
		const odd = Object.fromEntries(Object.keys(SQL_CONSTANTS).map((k, i) => [k, 90_001 + i]));
		const text = (constants: Record<string, string | number>) =>
			fs
				.readdirSync(DIR)
				.filter((f) => f.endsWith('.sql'))
				.map((f) => renderCurrentState(f, fs.readFileSync(path.join(DIR, f), 'utf8'), constants))
				.join('\n');
		const usual = text(SQL_CONSTANTS);
		const rendered = text(odd);
		expect(usual).toContain(`interval '${SQL_CONSTANTS.VIETNAM_OFFSET_HOURS} hours'`);
		expect(rendered).toContain(`interval '${odd.VIETNAM_OFFSET_HOURS} hours'`);
		expect(rendered).toContain(`interval '${odd.BURST_WINDOW_SECONDS} seconds'`);
		expect(rendered).toContain(`NOT BETWEEN ${odd.OFFICE_OPEN_MINUTE} AND ${odd.OFFICE_LAST_MINUTE}`);
		expect(rendered).not.toMatch(/interval '\d{1,2} (hours?|seconds?)'|BETWEEN 4\d\d AND 10\d\d/);
	});

	describe.each(testDatabaseKinds)('on %s', (kind) => {
		let h: DatabaseHandle;
		let dir: string;
		beforeAll(async () => {
			h = await openTestDatabase(kind);
			dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cs-'));
		});
		afterAll(async () => {
			await h?.close();
			fs.rmSync(dir, { recursive: true, force: true });
		});

		const answer = async () =>
			(await h.rows<{ v: number }>(sql`SELECT hl_cs_probe() AS v`))[0].v;

		it('defines every function and trigger of the database in exactly one file, and applying them again changes nothing', async () => {
			const files = readCurrentState(DIR);
			const definedIn = (pattern: (name: string) => RegExp, name: string) => files.filter((f) => pattern(name).test(f.sql)).map((f) => f.name);
			const functions = await h.rows<{ name: string; def: string }>(definedFunctions);
			const triggers = await h.rows<{ name: string; table: string; def: string }>(definedTriggers);
			expect(functions.length).toBeGreaterThan(10);
			expect(triggers.length).toBeGreaterThan(10);
			for (const fn of functions) {
				expect(definedIn((n) => new RegExp(`CREATE OR REPLACE FUNCTION ${n}\\(`, 'i'), fn.name), fn.name).toHaveLength(1);
			}
			for (const t of triggers) {
				const where = definedIn((n) => new RegExp(`CREATE TRIGGER ${n}\\s`, 'i'), t.name);
				expect(where, t.name).toHaveLength(1);
				// recreated on every start: dropped first, on its own table
				const file = files.find((f) => f.name === where[0])!;
				expect(file.sql, t.name).toMatch(new RegExp(`DROP TRIGGER IF EXISTS ${t.name} ON ${t.table};`, 'i'));
			}
			// and nothing in the files that the database lacks (a function renamed but left behind)
			const names = new Set(functions.map((f) => f.name));
			for (const f of files) for (const m of f.sql.matchAll(/CREATE OR REPLACE FUNCTION (\w+)\(/gi)) expect(names, `${f.name}: ${m[1]}`).toContain(m[1]);

			// every file again, as if none had been applied (an unchanged file is skipped at start-up)
			await applyCurrentState({ execInTransaction: (t) => h.execInTransaction(t), appliedHashes: async () => new Map() }, DIR);
			expect(await h.rows(definedFunctions)).toEqual(functions);
			expect(await h.rows(definedTriggers)).toEqual(triggers);
		});

		it('applies a file once until it changes, and a failing file leaves the previous definition', async () => {
			fs.writeFileSync(path.join(dir, '10-probe.sql'), 'CREATE OR REPLACE FUNCTION hl_cs_probe() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;');
			const appliedHashes = async () => new Map((await h.rows<{ name: string; sha256: string }>(sql`select name, sha256 from hl_current_state`)).map((r) => [r.name, r.sha256]));
			const run = () => applyCurrentState({ execInTransaction: (t) => h.execInTransaction(t), appliedHashes }, dir);
			expect(await run()).toEqual(['10-probe.sql']);
			expect(await run()).toEqual([]);
			expect(await answer()).toBe(1);

			fs.writeFileSync(
				path.join(dir, '10-probe.sql'),
				'CREATE OR REPLACE FUNCTION hl_cs_probe() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;\nSELECT no_such_column FROM units;'
			);
			await expect(run()).rejects.toThrow(/^10-probe\.sql: .*no_such_column/);
			expect(await answer()).toBe(1);
			// not recorded as applied: fixed, it is applied on the next start
			fs.writeFileSync(path.join(dir, '10-probe.sql'), 'CREATE OR REPLACE FUNCTION hl_cs_probe() RETURNS int LANGUAGE sql AS $$ SELECT 3 $$;');
			expect(await run()).toEqual(['10-probe.sql']);
			expect(await answer()).toBe(3);
		});
	});
});
