/**
 * The official list of administrative units through the import, on the embedded database:
 *
 *   tsx scripts/bench-import-units.ts [--provinces 34] [--communes 3321]
 *
 * 1. A file in the statistics office's layout (Mã;Tên;Cấp;Mã TP;Tỉnh / Thành Phố, a BOM,
 *    semicolons; and the same rows as XLSX) with the 34 provinces and 3,321 commune-level units of
 *    the two-level local government (names generated, codes 2 and 5 digits).
 * 2. Each format in a child process of its own, on a copy of a migrated PGlite data folder opened
 *    as the server opens it (scripts/bench-import-support.ts): the import as an administrator runs
 *    it (preview: read + check every row; commit: the batches, each a transaction, with their
 *    audit entries), then the same file again (nothing changes), timed separately.
 * 3. Baseline, in a third child: the same units by one plain multi-row INSERT per 1,000 rows (ids
 *    and paths made in JavaScript, no checks, no audit) on another fresh copy.
 * Prints wall-clock times and the child's resident memory (sampled every 10 ms; the peak), next to
 * its memory with the database just opened. Target (issue 13): under 10 s and under 300 MB RSS.
 */
import os from 'node:os';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import * as s from '../src/lib/server/db/schema';
import { claimTableImport, commitTableImport, previewTableImport } from '../src/lib/server/imports/session';
import { officialUnitsImporter } from '../src/lib/server/units/importers';
import { freshDatabase, measure, rssMb, runStepsInChildren } from './bench-import-support';

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

const ctx = { userId: 1, locale: 'vi' as const, scope: null, options: { validFrom: '2025-07-01' } };

async function importOnce(bytes: Uint8Array) {
	const preview = await measure(async () => {
		const p = await previewTableImport(officialUnitsImporter, bytes, ctx);
		if (!p.ok) throw new Error(`preview refused: ${p.problem.key}`);
		if (p.preview.invalidRows > 0) throw new Error(`${p.preview.invalidRows} rows refused: ${JSON.stringify(p.preview.problems.slice(0, 3))}`);
		return p.preview;
	});
	const commit = await measure(async () => {
		if (!claimTableImport(preview.value.id, 1, 'units', false).ok) throw new Error('claim refused');
		const steps = commitTableImport(preview.value.id);
		let next = await steps.next();
		while (!next.done) next = await steps.next();
		return next.value;
	});
	return { preview, commit };
}

const TARGET = { ms: 10_000, rssMb: 300 };
const MB = (n: number) => `${n.toFixed(0)} MB`;

/** One format through the importer, twice; true when the first import met the target. */
async function benchFormat(label: string, bytes: Uint8Array): Promise<boolean> {
	const beforeDb = rssMb();
	const db = await freshDatabase('units');
	const open = rssMb();
	try {
		const first = await importOnce(bytes);
		const again = await importOnce(bytes);
		const [{ n }] = await db.h.rows<{ n: number }>(sql`select count(*)::int as n from units`);
		const c = first.commit.value;
		const ms = first.preview.ms + first.commit.ms;
		const peak = Math.max(first.preview.peakMb, first.commit.peakMb, again.preview.peakMb, again.commit.peakMb);
		const ok = ms < TARGET.ms && peak < TARGET.rssMb;
		console.log(
			`${label.padEnd(5)} ${(bytes.length / 1024).toFixed(0).padStart(5)} KB  preview ${first.preview.ms.toFixed(0).padStart(5)} ms + commit ${first.commit.ms.toFixed(0).padStart(5)} ms = ${(ms / 1000).toFixed(2)} s ` +
				`(created ${c.created}, units stored ${n}); again: ${((again.preview.ms + again.commit.ms) / 1000).toFixed(2)} s (unchanged ${again.commit.value.unchanged}); ` +
				`RSS ${MB(beforeDb)} before the database, ${MB(open)} with it open, peak ${MB(peak)} — ${ok ? 'target met' : 'target NOT met'}`
		);
		return ok;
	} finally {
		await db.close();
	}
}

async function baseline(rows: Row[]): Promise<boolean> {
	const db = await freshDatabase('units-base');
	try {
		const open = rssMb();
		const result = await measure(async () => {
			const idOf = new Map<string, number>();
			const values = rows.map((r, i) => {
				const id = i + 1;
				idOf.set(r.code, id);
				const parent = r.provinceCode ? idOf.get(r.provinceCode)! : null;
				return { id, parentId: parent, code: r.code, nameVi: r.name, level: (r.provinceCode ? 'commune' : 'province') as s.UnitLevel, category: r.kind, path: parent ? `/${parent}/${id}/` : `/${id}/` };
			});
			for (let i = 0; i < values.length; i += 1000) await db.h.db.insert(s.units).values(values.slice(i, i + 1000));
		});
		console.log(`baseline: plain multi-row INSERT of the same ${rows.length} units: ${result.ms.toFixed(0)} ms, RSS ${MB(open)} with the database open, peak ${MB(result.peakMb)}`);
		return true;
	} finally {
		await db.close();
	}
}

const step = process.argv.includes('--run') ? process.argv[process.argv.indexOf('--run') + 1] : null;
const rows = officialRows();
if (step === 'csv') process.exitCode = (await benchFormat('CSV', csvFile(rows))) ? 0 : 1;
else if (step === 'xlsx') process.exitCode = (await benchFormat('XLSX', await xlsxFile(rows))) ? 0 : 1;
else if (step === 'baseline') process.exitCode = (await baseline(rows)) ? 0 : 1;
else {
	console.log(
		`bench:import-units — ${PROVINCES} provinces, ${COMMUNES} commune-level units (${rows.filter((r) => r.kind === 'Phường').length} phường, ${rows.filter((r) => r.kind === 'Đặc khu').length} đặc khu); ` +
			`PGlite on disk, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}; target under ${TARGET.ms / 1000} s and ${TARGET.rssMb} MB RSS`
	);
	const args = ['--provinces', String(PROVINCES), '--communes', String(COMMUNES)];
	process.exitCode = runStepsInChildren(['csv', 'xlsx', 'baseline'], args) ? 0 : 1;
}
