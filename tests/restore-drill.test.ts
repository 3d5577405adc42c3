import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fingerprintOf, type Fingerprint } from '../src/lib/server/backup';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import * as s from '../src/lib/server/db/schema';
import { seedCentre } from '../src/lib/server/ratings/test-fixtures';
import { testDatabaseKinds } from '../src/lib/server/db/testing';

/**
 * The restore drill an operator runs (docs/operations.md), with the commands they type:
 * `npm run backup`, then `npm run restore` into a fresh database, then the row counts and the
 * ratings' checksum compared. On both databases; a restore onto data is refused and changes nothing.
 */
const exec = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');
const script = (name: string, args: string[], env: Record<string, string>) =>
	exec(tsx, [path.resolve('scripts', name), ...args], { env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', DEMO: '0', ...env }, cwd: path.resolve('.') });

async function fill(h: DatabaseHandle) {
	const f = await seedCentre(h.db, 2);
	const dossier = await f.dossier();
	await h.db.insert(s.ratings).values(
		Array.from({ length: 40 }, (_, i) => ({
			idempotencyKey: `drill-${i}`,
			scaleId: f.scaleId,
			level: 1 + (i % 5),
			source: 'tablet' as const,
			pressedAt: new Date(Date.UTC(2026, 2, 1 + (i % 28), 2, i)),
			officerId: f.officerId,
			unitId: f.unitId,
			dossierId: dossier,
			stage: 'receiving' as const,
			counted: i % 7 !== 0,
			...(i % 7 === 0 ? { notCountedReason: 'repeat_press' as const } : {})
		}))
	);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-drill-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function expectSameData(restored: Fingerprint, original: Fingerprint) {
	expect(original.ratings.count).toBe(40);
	expect(original.tables.ratings).toBe(40);
	expect(restored).toEqual(original);
}

describe('restore drill on the embedded database', () => {
	const dataDir = path.join(work, 'data');
	const file = path.join(work, 'embedded.tar.gz');
	let original: Fingerprint;

	beforeAll(async () => {
		const template = new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
		const h = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: template });
		try {
			await fill(h);
			// the server holds the folder: a backup now is refused, naming the process
			await expect(script('backup.ts', ['--out', file], { DATA_DIR: dataDir })).rejects.toMatchObject({ stderr: expect.stringMatching(/in use by process/) });
		} finally {
			await h.close();
		}
		original = await fingerprintOf({ dataDir });
	});

	it('backs up with the app stopped and restores into a fresh folder with the same rows and ratings checksum', async () => {
		const { stdout } = await script('backup.ts', ['--out', file], { DATA_DIR: dataDir });
		expect(stdout).toContain(`md5 ${original.ratings.md5}`);
		const fresh = path.join(work, 'restored');
		const restored = await script('restore.ts', ['--from', file], { DATA_DIR: fresh });
		expect(restored.stdout).toContain(`md5 ${original.ratings.md5}`);
		expectSameData(await fingerprintOf({ dataDir: fresh }), original);
	});

	it('refuses to restore over a folder that has data, leaving it as it was', async () => {
		await expect(script('restore.ts', ['--from', file], { DATA_DIR: dataDir })).rejects.toMatchObject({ stderr: expect.stringMatching(/is not empty/) });
		expect(await fingerprintOf({ dataDir })).toEqual(original);
	});
});

describe.skipIf(!testDatabaseKinds.includes('postgres'))('restore drill on PostgreSQL', () => {
	const base = process.env.TEST_DATABASE_URL!;
	const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
	const names = { source: `hl_drill_src_${suffix}`, target: `hl_drill_dst_${suffix}` };
	const urlOf = (name: string) => {
		const u = new URL(base);
		u.pathname = `/${name}`;
		return u.toString();
	};
	const file = path.join(work, 'postgres.dump');
	let admin: postgres.Sql;
	let original: Fingerprint;

	beforeAll(async () => {
		admin = postgres(base, { max: 1, onnotice: () => {} });
		await admin.unsafe(`CREATE DATABASE ${names.source} TEMPLATE ${inject('postgresTemplate')}`);
		await admin.unsafe(`CREATE DATABASE ${names.target}`);
		const h = await openDatabase({ kind: 'postgres', url: urlOf(names.source), max: 2 });
		try {
			await fill(h);
		} finally {
			await h.close();
		}
		original = await fingerprintOf({ url: urlOf(names.source) });
	});

	afterAll(async () => {
		for (const name of Object.values(names)) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await admin.end();
	});

	it('backs up with pg_dump and restores into a fresh database with the same rows and ratings checksum', async () => {
		const { stdout } = await script('backup.ts', ['--out', file], { DATABASE_URL: urlOf(names.source) });
		expect(stdout).toContain(`md5 ${original.ratings.md5}`);
		expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
		await script('restore.ts', ['--from', file], { DATABASE_URL: urlOf(names.target) });
		expectSameData(await fingerprintOf({ url: urlOf(names.target) }), original);
	});

	it('refuses to restore into a database that has tables, leaving it as it was', async () => {
		await expect(script('restore.ts', ['--from', file], { DATABASE_URL: urlOf(names.source) })).rejects.toMatchObject({ stderr: expect.stringMatching(/already has \d+ tables/) });
		expect(await fingerprintOf({ url: urlOf(names.source) })).toEqual(original);
	});

	it('refuses a file that is not a backup, by name', async () => {
		const bogus = path.join(work, 'notes.txt');
		fs.writeFileSync(bogus, 'hello');
		await expect(script('restore.ts', ['--from', bogus], { DATABASE_URL: urlOf(names.target) })).rejects.toMatchObject({ stderr: expect.stringMatching(/is not a backup/) });
	});
});
