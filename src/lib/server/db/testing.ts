import fs from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from './client';

/** The databases integration tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testDatabaseKinds: DatabaseKind[] = process.env.TEST_DATABASE_URL
	? ['pglite', 'postgres']
	: ['pglite'];

/**
 * A fresh, migrated database of its own for one test file (or one describe block), so test
 * files cannot interfere. Close it in afterAll; the PostgreSQL copy is dropped on close.
 */
export async function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
	if (kind === 'pglite') {
		const tarball = inject('pgliteTemplate');
		const blob = new Blob([fs.readFileSync(tarball)]);
		return openDatabase({ kind: 'pglite', loadDataDir: blob });
	}
	const url = process.env.TEST_DATABASE_URL;
	const template = inject('postgresTemplate');
	if (!url || !template) throw new Error('TEST_DATABASE_URL is not set');
	const name = `hl_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template}`);
	await admin.end();
	const u = new URL(url);
	u.pathname = `/${name}`;
	const handle = await openDatabase({ kind: 'postgres', url: u.toString(), max: 4 });
	const close = handle.close;
	handle.close = async () => {
		await close();
		const again = postgres(url, { max: 1, onnotice: () => {} });
		await again.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await again.end();
	};
	return handle;
}
