import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from './client';
import { applyCurrentState, readCurrentState, renderCurrentState } from './current-state';
import { openTestDatabase, testDatabaseKinds } from './testing';

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
