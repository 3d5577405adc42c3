import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, acquireDataDirLock } from './data-dir-lock';
import { openDatabase } from './client';

const run = promisify(execFile);
const dirs: string[] = [];
const tempDir = () => {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-lock-'));
	dirs.push(d);
	return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Opens the data folder from a second process, as a second `npm start` would. */
async function openFromAnotherProcess(dataDir: string): Promise<{ code: number; output: string }> {
	const script = `import('./src/lib/server/db/client.ts').then(async ({ openDatabase }) => {
		const h = await openDatabase({ kind: 'pglite', dataDir: ${JSON.stringify(dataDir)} });
		await h.close(); console.log('OPENED');
	}).catch((e) => { console.log(e.message); process.exit(3); });`;
	try {
		const { stdout } = await run('npx', ['tsx', '-e', script], { cwd: process.cwd() });
		return { code: 0, output: stdout };
	} catch (e) {
		const err = e as { code: number; stdout: string };
		return { code: err.code, output: err.stdout };
	}
}

describe('embedded data folder lock', () => {
	it('refuses a second process with a clear message, and admits it once the first has closed', async () => {
		const dataDir = tempDir();
		const first = await openDatabase({ kind: 'pglite', dataDir });
		await first.migrate(path.resolve('drizzle'));
		const refused = await openFromAnotherProcess(dataDir);
		expect(refused.code).toBe(3);
		expect(refused.output).toContain(`is in use by process ${process.pid}`);
		expect(refused.output).toContain('DATA_DIR');
		// the first process's data is intact
		const [row] = await first.rows<{ n: number }>(await import('drizzle-orm').then(({ sql }) => sql`select count(*)::int as n from units`));
		expect(row.n).toBe(0);
		await first.close();
		const admitted = await openFromAnotherProcess(dataDir);
		expect(admitted.output).toContain('OPENED');
	});

	it('takes over a lock left by a process that died', () => {
		const dataDir = tempDir();
		const dead = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
		fs.writeFileSync(path.join(dataDir, 'app.lock'), JSON.stringify({ pid: dead }));
		const release = acquireDataDirLock(dataDir);
		expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'app.lock'), 'utf8')).pid).toBe(process.pid);
		expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
		release();
		expect(fs.existsSync(path.join(dataDir, 'app.lock'))).toBe(false);
	});
});
