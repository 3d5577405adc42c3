/**
 * The procedure import at a province's size on the embedded database (issue 13: 2,000 procedures,
 * target under 10 s and under 300 MB RSS):
 *
 *   tsx scripts/bench-import-procedures.ts [--procedures 2000] [--communes 100] [--xlsx]
 *
 * A fresh migrated PGlite in a temporary folder with a province and its communes; a generated file
 * in the national database's layout (CSV, or XLSX with --xlsx): codes, names, 40 fields created
 * from their names, levels, times in days and hours, online levels, 1–3 unit codes per row.
 * 1. The importer as the page runs it: preview (read, check against the database), then commit in
 *    its batches; then the same file again (every row unchanged).
 * 2. Baseline: the same rows as plain multi-row INSERTs (fields, procedures, units handling them)
 *    into a second fresh database, with nothing checked.
 * Prints wall-clock times and the process's RSS: before the database opens, with it open (PGlite's
 * WebAssembly instance alone is most of it), and the peak during the imports (sampled every
 * 10 ms). Figures go in docs/benchmarks.md with a date and a commit, not in code.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { useDatabase } from '../src/lib/server/db';
import type { DatabaseHandle } from '../src/lib/server/db/client';
import { fields, procedureUnits, procedures, units } from '../src/lib/server/db/schema';
import { claimTableImport, commitTableImport, previewTableImport } from '../src/lib/server/imports/session';
import { procedureImporter } from '../src/lib/server/procedures/import';
import { parseHandlingTime, parseLevel, parseOnlineLevel } from '../src/lib/server/procedures/parse';
import { freshDatabase as freshCopy } from './bench-import-support';

const { values: args } = parseArgs({
	options: { procedures: { type: 'string', default: '2000' }, communes: { type: 'string', default: '100' }, xlsx: { type: 'boolean', default: false } }
});
const N = Number(args.procedures);
const COMMUNES = Number(args.communes);
const TARGET = { ms: 10_000, rssMb: 300 };

const HEADER = ['Mã thủ tục', 'Tên thủ tục', 'Lĩnh vực', 'Cấp thực hiện', 'Thời hạn giải quyết', 'Mức độ', 'Mã đơn vị thực hiện'];
const LEVELS = ['Cấp Tỉnh', 'Cấp Xã', 'Cấp Tỉnh, Cấp Xã'];
const ONLINE = ['Toàn trình', 'Một phần', 'Không', ''];

/** Deterministic rows in the national database's layout. */
function rows(): string[][] {
	return Array.from({ length: N }, (_, i) => {
		const time = i % 7 === 0 ? `${String(1 + (i % 16)).padStart(2, '0')} giờ làm việc` : `${String(i % 31).padStart(2, '0')} ngày làm việc`;
		const unitCodes = Array.from({ length: 1 + (i % 3) }, (_, k) => `${23000 + ((i + k * 37) % COMMUNES)}`).join(', ');
		const code = i % 5 === 0 ? `1.${String(100000 + i).padStart(6, '0')}.000.00.00.H56` : `${1 + (i % 2)}.${String(100000 + i).padStart(6, '0')}`;
		return [code, `Thủ tục hành chính thử số ${i + 1} về đăng ký, cấp phép và xác nhận`, `Lĩnh vực thử ${i % 40}`, LEVELS[i % 3], time, ONLINE[i % 4], unitCodes];
	});
}

async function fileBytes(data: string[][]): Promise<Uint8Array> {
	if (!args.xlsx) {
		const cell = (v: string) => (/[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
		return new TextEncoder().encode('\uFEFF' + [HEADER, ...data].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n');
	}
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('TTHC');
	sheet.addRow(HEADER);
	for (const r of data) sheet.addRow(r);
	return new Uint8Array(await book.xlsx.writeBuffer());
}

async function freshDatabase(): Promise<{ h: DatabaseHandle; dir: string }> {
	const { h, dir } = await freshCopy('procedures');
	const [province] = await h.db.insert(units).values({ code: '56', nameVi: 'Tỉnh Khánh Hòa', level: 'province', path: '/0/' }).returning();
	await h.rows(sql`update units set path = ${`/${province.id}/`} where id = ${province.id}`);
	await h.db.insert(units).values(
		// a unique placeholder path, replaced by the real one (parent's path + own id) below
		Array.from({ length: COMMUNES }, (_, i) => ({ code: String(23000 + i), nameVi: `Xã thử ${i}`, level: 'commune' as const, parentId: province.id, path: `/${province.id}/${10_000_000 + i}/` }))
	);
	await h.rows(sql`update units set path = ${`/${province.id}/`} || id || '/' where parent_id = ${province.id}`);
	return { h, dir };
}

/** Peak RSS while `run` runs, sampled every 10 ms. */
async function measured<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
	const t0 = performance.now();
	try {
		const value = await run();
		return { value, ms: performance.now() - t0, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
	} finally {
		clearInterval(timer);
	}
}

async function importOnce(bytes: Uint8Array) {
	const ctx = { userId: 1, locale: 'vi' as const, scope: null, options: {} };
	const preview = await measured(() => previewTableImport(procedureImporter, bytes, ctx));
	if (!preview.value.ok) throw new Error(`preview refused: ${preview.value.problem.key}`);
	const p = preview.value.preview;
	if (p.invalidRows > 0) throw new Error(`${p.invalidRows} invalid rows: ${JSON.stringify(p.problems.slice(0, 3))}`);
	if (!claimTableImport(p.id, ctx.userId, 'procedures', false).ok) throw new Error('claim refused');
	const commit = await measured(async () => {
		const gen = commitTableImport(p.id);
		let next = await gen.next();
		while (!next.done) next = await gen.next();
		return next.value;
	});
	return { preview, commit };
}

/** The same rows, unchecked, as multi-row INSERTs: what the database alone costs. */
async function baseline(h: DatabaseHandle, data: string[][]) {
	const unitIds = new Map((await h.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
	const names = [...new Set(data.map((r) => r[2]))];
	const fieldRows = await h.db
		.insert(fields)
		.values(names.map((nameVi, i) => ({ code: `F${i}`, nameVi })))
		.returning({ id: fields.id, nameVi: fields.nameVi });
	const fieldId = new Map(fieldRows.map((f) => [f.nameVi, f.id]));
	for (let i = 0; i < data.length; i += 500) {
		const chunk = data.slice(i, i + 500);
		const created = await h.db
			.insert(procedures)
			.values(
				chunk.map((r) => {
					const time = parseHandlingTime(r[4])!;
					return {
						code: r[0],
						nameVi: r[1],
						fieldId: fieldId.get(r[2])!,
						levelVi: parseLevel(r[3]),
						handlingDays: time.days,
						handlingHours: time.hours,
						mode: 'one_stop' as const,
						onlineLevel: r[5] ? parseOnlineLevel(r[5]) : null
					};
				})
			)
			.returning({ id: procedures.id, code: procedures.code });
		const idByCode = new Map(created.map((c) => [c.code, c.id]));
		await h.db
			.insert(procedureUnits)
			.values(chunk.flatMap((r) => [...new Set(r[6].split(', '))].map((code) => ({ procedureId: idByCode.get(r[0])!, unitId: unitIds.get(code)! }))));
	}
}

const data = rows();
const bytes = await fileBytes(data);
console.log(`Procedure import benchmark: ${N} procedures, ${COMMUNES} communes, ${args.xlsx ? 'XLSX' : 'CSV'} of ${(bytes.length / 1024).toFixed(0)} KB, PGlite (embedded), Node ${process.version}, ${os.cpus().length} CPUs`);

const rssMb = () => process.memoryUsage().rss / 2 ** 20;
const beforeOpen = rssMb();
const first = await freshDatabase();
useDatabase(first.h);
const opened = rssMb();
const run1 = await importOnce(bytes);
const [{ n }] = await first.h.rows<{ n: number }>(sql`select count(*)::int as n from procedures`);
if (n !== N) throw new Error(`expected ${N} procedures, found ${n}`);
const run2 = await importOnce(bytes);
if (run2.commit.value.unchanged !== N) throw new Error(`re-run changed rows: ${JSON.stringify(run2.commit.value)}`);
await first.h.close();

const second = await freshDatabase();
const base = await measured(() => baseline(second.h, data));
await second.h.close();
fs.rmSync(first.dir, { recursive: true, force: true });
fs.rmSync(second.dir, { recursive: true, force: true });

const total1 = run1.preview.ms + run1.commit.ms;
const total2 = run2.preview.ms + run2.commit.ms;
const peak = Math.max(run1.preview.peakMb, run1.commit.peakMb, run2.preview.peakMb, run2.commit.peakMb);
const line = (label: string, ms: number, extra = '') => console.log(`  ${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s ${extra}`);
line('import, preview (read + check)', run1.preview.ms);
line('import, commit (write in batches)', run1.commit.ms, `${run1.commit.value.created} created`);
line('import, total', total1, `${((N / total1) * 1000).toFixed(0)} rows/s`);
line('same file again (preview + commit)', total2, `${run2.commit.value.unchanged} unchanged`);
line('baseline: plain multi-row INSERT', base.ms, `${((N / base.ms) * 1000).toFixed(0)} rows/s`);
console.log(`  RSS: ${beforeOpen.toFixed(0)} MB before the database opened, ${opened.toFixed(0)} MB with it open and migrated (PGlite's own),`);
console.log(`       peak ${peak.toFixed(0)} MB during the imports (+${(peak - opened).toFixed(0)} MB for the import), ${base.peakMb.toFixed(0)} MB in the baseline phase`);
const ok = total1 < TARGET.ms && peak < TARGET.rssMb;
console.log(`  target: under ${TARGET.ms / 1000} s and ${TARGET.rssMb} MB RSS — ${ok ? 'met' : 'NOT met'}`);
process.exit(ok ? 0 : 1);
