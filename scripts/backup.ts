/**
 * Backs the database up: `npm run backup -- [--out <file>]`.
 * PostgreSQL (DATABASE_URL): a pg_dump custom-format file, taken while the app runs.
 * Embedded (DATA_DIR): the data folder as a .tar.gz; stop the app first (the folder admits one process).
 * Prints the row counts and the ratings' checksum, for comparing after a restore (docs/operations.md).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { backupPglite, backupPostgres, fingerprintOf } from '../src/lib/server/backup';
import { printFingerprint } from './backup-print';

async function main() {
	const { values } = parseArgs({ options: { out: { type: 'string' } }, allowPositionals: false });
	const cfg = readConfig();
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const out = path.resolve(values.out ?? path.join('backups', `hai-long-${stamp}.${cfg.databaseUrl ? 'dump' : 'tar.gz'}`));
	if (cfg.databaseUrl) await backupPostgres(cfg.databaseUrl, out);
	else await backupPglite(cfg.dataDir, out);
	console.log(`Đã sao lưu / backed up to ${out}`);
	printFingerprint(await fingerprintOf(cfg.databaseUrl ? { url: cfg.databaseUrl } : { dataDir: cfg.dataDir }));
}

main().catch((e: unknown) => {
	console.error((e as Error).message);
	process.exit(1);
});
