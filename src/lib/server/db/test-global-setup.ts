import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from './client';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
		postgresTemplate: string | null;
	}
}

const MIGRATIONS = path.resolve('drizzle');

/**
 * Migrates once per run: a PGlite data folder dumped to a tarball (each test file loads it in
 * well under a second) and, when TEST_DATABASE_URL is set, a PostgreSQL template database that
 * each test file copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-test-'));
	const tarball = path.join(dir, 'pglite-template.tar.gz');
	const template = await openDatabase({ kind: 'pglite' });
	await template.migrate(MIGRATIONS);
	const dump = await template.pglite!.dumpDataDir('gzip');
	fs.writeFileSync(tarball, Buffer.from(await dump.arrayBuffer()));
	await template.close();
	project.provide('pgliteTemplate', tarball);

	let pgTemplate: string | null = null;
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		pgTemplate = `hl_tmpl_${process.pid}`;
		const admin = postgres(url, { max: 1, onnotice: () => {} });
		await admin.unsafe(`DROP DATABASE IF EXISTS ${pgTemplate}`);
		await admin.unsafe(`CREATE DATABASE ${pgTemplate}`);
		const u = new URL(url);
		u.pathname = `/${pgTemplate}`;
		const tmpl = await openDatabase({ kind: 'postgres', url: u.toString(), max: 1 });
		await tmpl.migrate(MIGRATIONS);
		await tmpl.close();
		await admin.end();
		project.provide('postgresTemplate', pgTemplate);
	} else {
		project.provide('postgresTemplate', null);
	}

	return async () => {
		fs.rmSync(dir, { recursive: true, force: true });
		if (url && pgTemplate) {
			const admin = postgres(url, { max: 1, onnotice: () => {} });
			await admin.unsafe(`DROP DATABASE IF EXISTS ${pgTemplate} WITH (FORCE)`);
			await admin.end();
		}
	};
}
