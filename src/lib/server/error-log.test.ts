import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from './db/client';
import { openTestDatabase, testDatabaseKinds } from './db/testing';
import { describeError } from './error-log';

/** A citizen's words, as a complaint would carry them into a query. */
const SECRET = 'Cán bộ Trần Văn B đòi 500.000 đồng, số tôi 0912345678';

describe.each(testDatabaseKinds)('logged database errors on %s', (kind) => {
	let h: DatabaseHandle;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		await h.rows(sql`create table log_probe (v text primary key)`);
	});
	afterAll(async () => h?.close());

	const failure = (run: () => Promise<unknown>) => run().then(() => expect.fail('the query should fail'), (e: unknown) => e);

	it('name the SQLSTATE code and the place, never a parameter', async () => {
		await h.db.execute(sql`insert into log_probe values (${SECRET})`);
		const cases = [
			{ code: '23505', error: await failure(() => h.db.execute(sql`insert into log_probe values (${SECRET})`)) }, // detail quotes the key
			{ code: '22P02', error: await failure(() => h.db.execute(sql`select ${SECRET}::int`)) }, // the message quotes the value
			{ code: '22021', error: await failure(() => h.db.execute(sql`select ${SECRET + '\0'}::text`)) }
		];
		for (const { code, error } of cases) {
			const line = describeError(error);
			expect(line, code).toContain(`(${code})`);
			expect(line, code).toMatch(/\n\s+at /);
			for (const piece of ['Trần Văn', '0912345678', '500.000']) expect(line, code).not.toContain(piece);
		}
	});

	it('keep an ordinary error as it is', () => {
		expect(describeError(new TypeError('x is not a function'))).toMatch(/^TypeError: x is not a function\n\s+at /);
		expect(describeError('a string')).toBe('thrown: string');
	});
});
