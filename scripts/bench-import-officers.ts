/**
 * The HR list import at a province's size, on the embedded database: `tsx scripts/bench-import-officers.ts`.
 *
 *   tsx scripts/bench-import-officers.ts [--officers 5000] [--units 120] [--format csv|xlsx|both]
 *
 * Issue 13's target: 5,000 officers imported in under 10 s, the process under 300 MB RSS (PGlite
 * runs inside this process, so its memory is counted). Each run starts from a fresh PGlite data
 * folder on disk, migrated, with a province of `--units` communes, and imports one generated HR list
 * through the real importer (src/lib/server/officers/importer.ts on the shared import session:
 * read the file, check every row against the database, write in batches of 500, each a
 * transaction), then the same file again (idempotent: every row unchanged), then the list with
 * one officer in ten moved to another commune (transfers). Beside it, the baseline: the same
 * officers and postings through a plain multi-row INSERT, 500 rows a statement, in a fresh
 * database — the floor any importer pays for writing the rows.
 *
 * Each file format and the baseline run in a child process of their own, so one's memory does not
 * count against another. RSS is sampled every 20 ms; the peak is the child's high-water mark up
 * to the end of the step. The child's RSS with the database open and idle is printed beside it:
 * PGlite itself takes most of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../src/lib/server/db/client';
import * as s from '../src/lib/server/db/schema';
import { freshDatabase, runStepsInChildren } from './bench-import-support';
import { claimTableImport, commitTableImport, previewTableImport, type TableImportProgress } from '../src/lib/server/imports/session';
import { officerImporter } from '../src/lib/server/officers/importer';
import { startOfDay } from '../src/lib/server/officers/dates';

const TARGET = { seconds: 10, rssMb: 300 };

const { values: args } = parseArgs({
	options: {
		officers: { type: 'string', default: '5000' },
		units: { type: 'string', default: '120' },
		format: { type: 'string', default: 'both' },
		/** internal: the step a child process runs */
		run: { type: 'string' }
	}
});
const OFFICERS = Number(args.officers);
const UNITS = Number(args.units);
const FORMATS = args.format === 'both' ? (['csv', 'xlsx'] as const) : ([args.format] as ('csv' | 'xlsx')[]);
if (!Number.isInteger(OFFICERS) || OFFICERS < 1 || !Number.isInteger(UNITS) || UNITS < 1 || FORMATS.some((f) => f !== 'csv' && f !== 'xlsx')) {
	console.error('Usage: tsx scripts/bench-import-officers.ts [--officers N] [--units N] [--format csv|xlsx|both]');
	process.exit(2);
}

/* ------------------------------------------------------------------ data */

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Ngọc', 'Đức', 'Thu', 'Quang', 'Hồng'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hạnh', 'Hùng', 'Lan', 'Linh', 'Mai', 'Nam', 'Nhung', 'Phúc', 'Quân', 'Sơn', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];
const TITLES = ['Chuyên viên', 'Chuyên viên chính', 'Cán sự', 'Phó Chánh Văn phòng'];
const POSITIONS = ['Công chức Bộ phận Một cửa', 'Công chức Tư pháp – Hộ tịch', 'Công chức Địa chính – Xây dựng', 'Công chức Văn hóa – Xã hội'];

type Row = { staffNumber: string; fullName: string; title: string; unitCode: string; position: string; from: string };

const unitCode = (i: number) => String(22_000 + i * 3).padStart(5, '0');

function hrList(moved = false): Row[] {
	return Array.from({ length: OFFICERS }, (_, i) => ({
		staffNumber: `CB${String(i + 1).padStart(6, '0')}`,
		fullName: `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i >> 2) % MIDDLE.length]} ${GIVEN[(i * 7) % GIVEN.length]}`,
		title: TITLES[i % TITLES.length],
		unitCode: unitCode(((moved && i % 10 === 0 ? i + 1 : i) % UNITS) + 1),
		position: POSITIONS[i % POSITIONS.length],
		from: moved && i % 10 === 0 ? '01/03/2026' : '01/07/2025'
	}));
}

const HEADER = ['Số hiệu', 'Họ và tên', 'Chức danh', 'Mã đơn vị', 'Vị trí công tác', 'Từ ngày'];
const csv = (rows: Row[]) =>
	new TextEncoder().encode('\uFEFF' + [HEADER, ...rows.map((r) => [r.staffNumber, r.fullName, r.title, r.unitCode, r.position, r.from])].map((l) => l.join(';')).join('\r\n') + '\r\n');

async function xlsx(rows: Row[]) {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('Danh sách cán bộ');
	sheet.addRow(HEADER);
	for (const r of rows) sheet.addRow([r.staffNumber, r.fullName, r.title, r.unitCode, r.position, r.from]);
	return new Uint8Array(await book.xlsx.writeBuffer());
}

/* ------------------------------------------------------------------ measuring */

const mb = (bytes: number) => bytes / 1024 / 1024;

async function measure<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakRssMb: number }> {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
	const start = performance.now();
	try {
		const value = await work();
		peak = Math.max(peak, process.memoryUsage().rss);
		return { value, seconds: (performance.now() - start) / 1000, peakRssMb: mb(peak) };
	} finally {
		clearInterval(timer);
	}
}

async function freshProvince(): Promise<{ h: DatabaseHandle; dir: string }> {
	const { h, dir } = await freshDatabase('officers');
	const [province] = await h.db.insert(s.units).values({ code: '56', nameVi: 'Tỉnh Khánh Hòa', level: 'province', path: '/0/' }).returning();
	await h.db.update(s.units).set({ path: `/${province.id}/` }).where(eq(s.units.id, province.id));
	const communes = Array.from({ length: UNITS }, (_, i) => ({ code: unitCode(i + 1), nameVi: `Xã số ${i + 1}`, level: 'commune' as const, parentId: province.id, path: `/0/${i + 1}/` }));
	const made = await h.db.insert(s.units).values(communes).returning({ id: s.units.id });
	for (const u of made) await h.db.update(s.units).set({ path: `/${province.id}/${u.id}/` }).where(eq(s.units.id, u.id));
	return { h, dir };
}

async function close({ h, dir }: { h: DatabaseHandle; dir: string }) {
	await h.close();
	fs.rmSync(dir, { recursive: true, force: true });
}

const ctx = { userId: 1, locale: 'vi' as const, scope: null, options: {} };

/** Preview and commit through the import session, as the page and its progress bar do. */
async function importOnce(bytes: Uint8Array) {
	const previewStart = performance.now();
	const preview = await previewTableImport(officerImporter, bytes, ctx);
	if (!preview.ok) throw new Error(`preview refused: ${JSON.stringify(preview.problem)}`);
	if (preview.preview.invalidRows > 0) throw new Error(`bad rows: ${JSON.stringify(preview.preview.problems.slice(0, 3))}`);
	const previewSeconds = (performance.now() - previewStart) / 1000;
	const claim = claimTableImport(preview.preview.id, ctx.userId, 'officers', false);
	if (!claim.ok) throw new Error(`claim refused: ${claim.reason}`);
	const run = commitTableImport(preview.preview.id);
	let next = await run.next();
	while (!next.done) next = await run.next();
	return { previewSeconds, summary: next.value as TableImportProgress };
}

async function baseline(rows: Row[]) {
	const db = await freshProvince();
	try {
		const units = new Map((await db.h.db.select({ id: s.units.id, code: s.units.code }).from(s.units)).map((u) => [u.code, u.id]));
		return await measure(async () => {
			await db.h.db.transaction(async (tx) => {
				for (let i = 0; i < rows.length; i += 500) {
					const chunk = rows.slice(i, i + 500);
					const made = await tx
						.insert(s.officers)
						.values(chunk.map((r) => ({ staffNumber: r.staffNumber, fullName: r.fullName, titleVi: r.title })))
						.returning({ id: s.officers.id });
					await tx.insert(s.officerAssignments).values(
						chunk.map((r, j) => ({ officerId: made[j].id, unitId: units.get(r.unitCode)!, positionVi: r.position, startedAt: startOfDay('2025-07-01') }))
					);
				}
			});
		});
	} finally {
		await close(db);
	}
}

/* ------------------------------------------------------------------ run */

const fmt = (n: number, digits = 2) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const line = (label: string, seconds: number, rss: number, note = '') =>
	console.log(`  ${label.padEnd(32)} ${fmt(seconds).padStart(6)} s  ${fmt(OFFICERS / seconds, 0).padStart(6)} rows/s  peak RSS ${fmt(rss, 0).padStart(4)} MB  ${note}`);

/** A child's work: one format through the importer (new list, same again, transfers), or the baseline. */
async function child(step: string): Promise<boolean> {
	const rows = hrList();
	if (step === 'baseline') {
		const floor = await baseline(rows);
		line('baseline: multi-row INSERT', floor.seconds, floor.peakRssMb, '(500 rows a statement, one transaction, no checks)');
		return true;
	}
	const format = step as 'csv' | 'xlsx';
	const [file, moved] = format === 'csv' ? [csv(rows), csv(hrList(true))] : [await xlsx(rows), await xlsx(hrList(true))];
	const beforeDb = mb(process.memoryUsage().rss);
	const db = await freshProvince();
	try {
		const idle = mb(process.memoryUsage().rss);
		console.log(`${format.toUpperCase()} file, ${fmt(mb(file.length), 1)} MB; RSS ${fmt(beforeDb, 0)} MB before the database, ${fmt(idle, 0)} MB with it open and idle`);
		const first = await measure(() => importOnce(file));
		const fast = first.seconds < TARGET.seconds;
		const small = first.peakRssMb < TARGET.rssMb;
		line(
			'importer, new list',
			first.seconds,
			first.peakRssMb,
			`(preview ${fmt(first.value.previewSeconds)} s; ${first.value.summary.created} created; +${fmt(Math.max(0, first.peakRssMb - idle), 0)} MB over the idle database) time ${fast ? '✓' : '✗'}, RSS ${small ? '✓' : '✗'}`
		);
		const again = await measure(() => importOnce(file));
		line('importer, same list again', again.seconds, again.peakRssMb, `(${again.value.summary.unchanged} unchanged, ${again.value.summary.created + again.value.summary.updated} written)`);
		const transfers = await measure(() => importOnce(moved));
		line('importer, 1 in 10 transferred', transfers.seconds, transfers.peakRssMb, `(${transfers.value.summary.updated} updated)`);
		if (!small) console.log(`  RSS: the embedded database open and idle already holds ${fmt(idle - beforeDb, 0)} MB of this process (PGlite), as in the baseline below`);
		return fast && small;
	} finally {
		await close(db);
	}
}

if (args.run) {
	process.exitCode = (await child(args.run)) ? 0 : 1;
} else {
	console.log(`bench:import-officers — ${OFFICERS.toLocaleString('en-GB')} officers in ${UNITS} communes, embedded database (PGlite on disk), Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
	console.log(`  target: each import under ${TARGET.seconds} s and ${TARGET.rssMb} MB RSS`);
	if (!runStepsInChildren([...FORMATS, 'baseline'], ['--officers', String(OFFICERS), '--units', String(UNITS)])) process.exitCode = 1;
}
