/**
 * The official list of administrative units through the import, on the embedded database:
 *
 *   tsx scripts/bench-import-units.ts [--provinces 34] [--communes 3321]
 *
 * 1. A file in the statistics office's layout (Mã;Tên;Cấp;Mã TP;Tỉnh / Thành Phố, a BOM,
 *    semicolons; and the same rows as XLSX) with the 34 provinces and 3,321 commune-level units of
 *    the two-level local government (names generated, codes 2 and 5 digits).
 * 2. On a fresh, migrated in-memory PGlite each: the import as an administrator runs it (preview:
 *    read + check every row; commit: the batches, each a transaction, with their audit entries),
 *    then the same file again (nothing changes), timed separately.
 * 3. Baseline: the same units by one plain multi-row INSERT per 1,000 rows (ids and paths made in
 *    JavaScript, no checks, no audit) on another fresh database.
 * Prints wall-clock times and the process's resident memory (sampled every 20 ms; the peak), next
 * to the memory with the database just opened: PGlite's WebAssembly instance alone is most of it.
 * Target (issue 13): under 10 s and under 300 MB RSS.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { useDatabase } from '../src/lib/server/db';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import * as s from '../src/lib/server/db/schema';
import { claimTableImport, commitTableImport, previewTableImport } from '../src/lib/server/imports/session';
import { officialUnitsImporter } from '../src/lib/server/units/importers';

const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PROVINCES = arg('provinces', 34);
const COMMUNES = arg('communes', 3321);

type Row = { code: string; name: string; kind: string; provinceCode: string; provinceName: string };

/** 34 provinces (6 cities), communes shared out in order: 2,636 xã, 672 phường, 13 đặc khu at full size. */
function officialRows(): Row[] {
	const rows: Row[] = [];
	const syllables = ['An', 'Bình', 'Cẩm', 'Diên', 'Đông', 'Hòa', 'Khánh', 'Long', 'Mỹ', 'Ninh', 'Phú', 'Quảng', 'Sơn', 'Tân', 'Thạnh', 'Vĩnh', 'Xuân', 'Yên'];
	const word = (n: number) => `${syllables[n % syllables.length]} ${syllables[Math.floor(n / syllables.length) % syllables.length]}`;
	const provinces = Array.from({ length: PROVINCES }, (_, i) => {
		const city = i < 6;
		return { code: String(i + 1).padStart(2, '0'), name: `${city ? 'Thành phố' : 'Tỉnh'} ${word(i * 7)}`, kind: city ? 'Thành phố Trung ương' : 'Tỉnh' };
	});
	for (const p of provinces) rows.push({ code: p.code, name: p.name, kind: p.kind, provinceCode: '', provinceName: '' });
	const phuong = Math.round((COMMUNES * 672) / 3321);
	const dacKhu = Math.round((COMMUNES * 13) / 3321);
	for (let i = 0; i < COMMUNES; i++) {
		const p = provinces[Math.floor((i * PROVINCES) / COMMUNES)];
		const kind = i % 4 === 0 && i / 4 < phuong ? 'Phường' : i % 250 === 1 && (i - 1) / 250 < dacKhu ? 'Đặc khu' : 'Xã';
		rows.push({ code: String(10 + i * 3).padStart(5, '0'), name: `${kind} ${word(i)} ${i}`, kind, provinceCode: p.code, provinceName: p.name });
	}
	return rows;
}

function csvFile(rows: Row[]): Uint8Array {
	const lines = ['Mã;Tên;Cấp;Mã TP;Tỉnh / Thành Phố', ...rows.map((r) => [r.code, r.name, r.kind, r.provinceCode, r.provinceName].join(';'))];
	return new TextEncoder().encode('\uFEFF' + lines.join('\r\n') + '\r\n');
}

async function xlsxFile(rows: Row[]): Promise<Uint8Array> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('Danh mục');
	sheet.addRow(['Mã', 'Tên', 'Cấp', 'Mã TP', 'Tỉnh / Thành Phố']);
	// Codes as text, as the office publishes them (a cell typed as a number would lose its zeros).
	for (const r of rows) sheet.addRow([r.code, r.name, r.kind, r.provinceCode || null, r.provinceName || null]);
	return new Uint8Array(await book.xlsx.writeBuffer());
}

async function freshDatabase(): Promise<DatabaseHandle> {
	const h = await openDatabase({ kind: 'pglite' });
	await h.migrate(path.resolve('drizzle'));
	useDatabase(h);
	await h.db.insert(s.users).values({ id: 1, username: 'quantri', displayName: 'Quản trị', passwordHash: 'x' });
	return h;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Times `work`, sampling the process's resident memory every 20 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ ms: number; peakRss: number; value: T }> {
	let peakRss = process.memoryUsage.rss();
	const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
	const began = performance.now();
	try {
		const value = await work();
		return { ms: performance.now() - began, peakRss: Math.max(peakRss, process.memoryUsage.rss()), value };
	} finally {
		clearInterval(timer);
	}
}

const ctx = { userId: 1, locale: 'vi' as const, scope: null, options: { validFrom: '2025-07-01' } };

async function importOnce(bytes: Uint8Array) {
	const preview = await measured(async () => {
		const p = await previewTableImport(officialUnitsImporter, bytes, ctx);
		if (!p.ok) throw new Error(`preview refused: ${p.problem.key}`);
		if (p.preview.invalidRows > 0) throw new Error(`${p.preview.invalidRows} rows refused: ${JSON.stringify(p.preview.problems.slice(0, 3))}`);
		return p.preview;
	});
	const commit = await measured(async () => {
		if (!claimTableImport(preview.value.id, 1, 'units', false).ok) throw new Error('claim refused');
		const steps = commitTableImport(preview.value.id);
		let next = await steps.next();
		while (!next.done) next = await steps.next();
		return next.value;
	});
	return { preview, commit };
}

async function benchFormat(label: string, bytes: Uint8Array) {
	const h = await freshDatabase();
	const before = process.memoryUsage.rss();
	try {
		const first = await importOnce(bytes);
		const again = await importOnce(bytes);
		const [{ n }] = await h.rows<{ n: number }>(sql`select count(*)::int as n from units`);
		const c = first.commit.value;
		console.log(
			`${label.padEnd(5)} ${(bytes.length / 1024).toFixed(0).padStart(5)} KB  preview ${first.preview.ms.toFixed(0).padStart(5)} ms + commit ${first.commit.ms.toFixed(0).padStart(5)} ms = ${((first.preview.ms + first.commit.ms) / 1000).toFixed(2)} s ` +
				`(created ${c.created}, units stored ${n}); again: ${((again.preview.ms + again.commit.ms) / 1000).toFixed(2)} s (unchanged ${again.commit.value.unchanged}); ` +
				`RSS ${mb(before)} with the database open, peak ${mb(Math.max(first.preview.peakRss, first.commit.peakRss, again.preview.peakRss, again.commit.peakRss))}`
		);
	} finally {
		await h.close();
	}
}

async function baseline(rows: Row[]) {
	const h = await freshDatabase();
	try {
		const before = process.memoryUsage.rss();
		const result = await measured(async () => {
			const idOf = new Map<string, number>();
			const values = rows.map((r, i) => {
				const id = i + 1;
				idOf.set(r.code, id);
				const parent = r.provinceCode ? idOf.get(r.provinceCode)! : null;
				return { id, parentId: parent, code: r.code, nameVi: r.name, level: (r.provinceCode ? 'commune' : 'province') as s.UnitLevel, category: r.kind, path: parent ? `/${parent}/${id}/` : `/${id}/` };
			});
			for (let i = 0; i < values.length; i += 1000) await h.db.insert(s.units).values(values.slice(i, i + 1000));
		});
		console.log(`plain multi-row INSERT of the same ${rows.length} units: ${result.ms.toFixed(0)} ms, RSS ${mb(before)} with the database open, peak ${mb(result.peakRss)}`);
	} finally {
		await h.close();
	}
}

const rows = officialRows();
console.log(`${PROVINCES} provinces, ${COMMUNES} commune-level units (${rows.filter((r) => r.kind === 'Phường').length} phường, ${rows.filter((r) => r.kind === 'Đặc khu').length} đặc khu); PGlite in memory, Node ${process.version}`);
console.log(`RSS before any database: ${mb(process.memoryUsage.rss())} (PGlite alone then takes several hundred MB here, see the figures "with the database open")`);
await benchFormat('CSV', csvFile(rows));
await benchFormat('XLSX', await xlsxFile(rows));
await baseline(rows);
console.log(`process peak RSS (getrusage, whole run incl. migrations): ${mb(process.resourceUsage().maxRSS * 1024)}`);
