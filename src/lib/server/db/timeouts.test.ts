import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './client';
import { testDatabaseKinds } from './testing';

/**
 * The app's PostgreSQL connections cut a statement that runs too long and a transaction left
 * idle (issue 19: a request stuck in a loop held its transaction and its locks for ever).
 * PostgreSQL only: the embedded database is one in-process connection, without these settings.
 */
describe.skipIf(!testDatabaseKinds.includes('postgres'))('statement and idle-transaction timeouts on PostgreSQL', () => {
	let h: DatabaseHandle;
	let name: string;
	const url = process.env.TEST_DATABASE_URL!;

	beforeAll(async () => {
		name = `hl_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		await admin.unsafe(`CREATE DATABASE ${name}`);
		await admin.end();
		const u = new URL(url);
		u.pathname = `/${name}`;
		h = await openDatabase({ kind: 'postgres', url: u.toString(), max: 2, timeouts: { statementMs: 300, idleInTransactionMs: 400 } });
	});
	afterAll(async () => {
		await h?.close();
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await admin.end();
	});

	const causeCode = (e: unknown) => (e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;

	it('sets both on the request connections, and neither on the bulk one', async () => {
		expect(await h.rows(sql`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`)).toEqual([{ s: '300ms', i: '400ms' }]);
		expect(await h.bulk!`select current_setting('statement_timeout') as s, current_setting('idle_in_transaction_session_timeout') as i`).toEqual([{ s: '0', i: '0' }]);
	});

	it('cancels a statement that runs too long, and the next request is served', async () => {
		const slow = await h.rows(sql`select pg_sleep(3)`).catch((e: unknown) => e);
		expect(causeCode(slow)).toBe('57014'); // query_canceled
		expect(await h.rows(sql`select 1 as one`)).toEqual([{ one: 1 }]);
	});

	it('ends a transaction left idle, releasing its locks', async () => {
		await h.rows(sql`create table if not exists t_lock (id int primary key)`);
		await h.rows(sql`insert into t_lock values (1) on conflict do nothing`);
		const stuck = h.db
			.transaction(async (tx) => {
				await tx.execute(sql`select id from t_lock where id = 1 for update`);
				await new Promise((resolve) => setTimeout(resolve, 1_500));
				await tx.execute(sql`select 1`);
			})
			.catch((e: unknown) => e);
		await new Promise((resolve) => setTimeout(resolve, 100));
		// another writer gets the row once the server has ended the idle transaction
		await h.bulk!.begin(async (tx) => {
			await tx`select id from t_lock where id = 1 for update`;
		});
		expect(await stuck).toBeInstanceOf(Error);
		expect(await h.rows(sql`select 1 as one`)).toEqual([{ one: 1 }]);
	});
});
