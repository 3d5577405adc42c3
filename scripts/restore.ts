/**
 * Restores a backup made by `npm run backup`: `npm run restore -- --from <file>`.
 * A .dump goes into DATABASE_URL, which must be a new, empty database (createdb first); a
 * .tar.gz into DATA_DIR, which must be empty or absent (rename the old folder: nothing is
 * overwritten). Prints the row counts and the ratings' checksum, to compare with the backup's.
 * Start the app afterwards: it applies any newer migrations on start.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { backupKindOf, fingerprintOf, restorePglite, restorePostgres } from '../src/lib/server/backup';
import { printFingerprint } from './backup-print';

async function main() {
	const { values } = parseArgs({ options: { from: { type: 'string' } }, allowPositionals: false });
	if (!values.from) {
		console.error('Cách dùng / usage: npm run restore -- --from <backup file>');
		process.exit(2);
	}
	const cfg = readConfig();
	const kind = backupKindOf(values.from);
	if (kind === 'postgres') {
		if (!cfg.databaseUrl) throw new Error('Bản sao lưu PostgreSQL: đặt DATABASE_URL tới một CSDL trống / A PostgreSQL backup: set DATABASE_URL to an empty database');
		await restorePostgres(values.from, cfg.databaseUrl);
	} else {
		if (cfg.databaseUrl) throw new Error('Bản sao lưu CSDL nhúng: bỏ DATABASE_URL, đặt DATA_DIR / An embedded-database backup: unset DATABASE_URL and set DATA_DIR');
		await restorePglite(values.from, cfg.dataDir);
	}
	console.log(`Đã khôi phục / restored ${values.from} into ${kind === 'postgres' ? 'DATABASE_URL' : cfg.dataDir}`);
	printFingerprint(await fingerprintOf(kind === 'postgres' ? { url: cfg.databaseUrl! } : { dataDir: cfg.dataDir }));
}

main().catch((e: unknown) => {
	console.error((e as Error).message);
	process.exit(1);
});
