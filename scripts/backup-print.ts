import type { Fingerprint } from '../src/lib/server/backup';

/** The figures a restore drill compares: printed the same way by backup and restore. */
export function printFingerprint(f: Fingerprint): void {
	const rows = Object.values(f.tables).reduce((a, b) => a + b, 0);
	console.log(`  ${Object.keys(f.tables).length} bảng / tables, ${rows} dòng / rows`);
	console.log(`  đánh giá / ratings: ${f.ratings.count}, md5 ${f.ratings.md5}`);
}
