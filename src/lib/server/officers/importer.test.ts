import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedDossierFixture, type DossierFixture } from '../dossiers/test-fixture';
import { claimTableImport, clearTableImports, commitTableImport, previewTableImport, type ImportContext, type TableImportProgress } from '../imports/session';
import { officerImporter, officerSampleCsv } from './importer';
import { upsertOfficers } from './upsert';

const HEADER = 'Số hiệu;Họ và tên;Chức danh;Mã đơn vị;Vị trí công tác;Từ ngày;Đến ngày;Tên đăng nhập';
const csv = (...lines: string[]) => new TextEncoder().encode('\uFEFF' + [HEADER, ...lines].join('\r\n') + '\r\n');

async function importFile(bytes: Uint8Array, ctx: ImportContext, validOnly = false) {
	const preview = await previewTableImport(officerImporter, bytes, ctx);
	if (!preview.ok) throw new Error(JSON.stringify(preview.problem));
	const claim = claimTableImport(preview.preview.id, ctx.userId, 'officers', validOnly);
	if (!claim.ok) return { preview: preview.preview, summary: null };
	const run = commitTableImport(preview.preview.id);
	let next = await run.next();
	while (!next.done) next = await run.next();
	return { preview: preview.preview, summary: next.value as TableImportProgress };
}

describe.each(testDatabaseKinds)('the HR list import on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	let admin: ImportContext;
	const postingsOf = (staffNumber: string) =>
		h.rows<{ code: string; from: string; to: string | null }>(sql`
			select u.code, to_char(a.started_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as from,
				to_char((a.ended_at - interval '1 second') at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') as to
			from officer_assignments a join units u on u.id = a.unit_id join officers o on o.id = a.officer_id
			where o.staff_number = ${staffNumber} order by a.started_at`);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		admin = { userId: 1, locale: 'vi', scope: null, options: {} };
	});
	afterAll(async () => h?.close());
	beforeEach(() => clearTableImports());

	const good = csv(
		'HR-001;Nguyễn Thị Hồng Nhung;Chuyên viên;KH-PNT;Công chức Một cửa;01/07/2025;;',
		'HR-002;Trần Văn Đức;;KH-PCR;Công chức Một cửa;2025-07-01;;',
		'HR-003;"Lê Văn Ánh, Jr.";Chuyên viên chính;KH-PNT;Trưởng Bộ phận Một cửa;1/7/2025;31/12/2025;'
	);

	it('imports good rows with Vietnamese headers, a BOM, semicolons and day-first dates; the same file again changes nothing', async () => {
		const first = await importFile(good, admin);
		expect(first.preview).toMatchObject({ totalRows: 3, validRows: 3, invalidRows: 0, problems: [] });
		expect(first.preview.rows[2].cells).toMatchObject({ staffNumber: 'HR-003', fullName: 'Lê Văn Ánh, Jr.', unitCode: 'KH-PNT', from: '2025-07-01', to: '2025-12-31' });
		expect(first.summary).toMatchObject({ done: 3, total: 3, created: 3, updated: 0, unchanged: 0, skipped: 0 });
		expect(await postingsOf('HR-003')).toEqual([{ code: 'KH-PNT', from: '2025-07-01', to: '2025-12-31' }]);
		const [row] = await h.rows<{ full_name: string; title_vi: string | null }>(sql`select full_name, title_vi from officers where staff_number = 'HR-001'`);
		expect(row).toEqual({ full_name: 'Nguyễn Thị Hồng Nhung', title_vi: 'Chuyên viên' });
		const again = await importFile(good, admin);
		expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 0 });
	});

	it('a changed unit is a transfer from the row’s day; re-importing either list then changes nothing', async () => {
		const moved = csv('HR-001;Nguyễn Thị Hồng Nhung;Chuyên viên;KH-PCR;Công chức Một cửa;15/03/2026;;');
		expect((await importFile(moved, admin)).summary).toMatchObject({ updated: 1 });
		expect(await postingsOf('HR-001')).toEqual([
			{ code: 'KH-PNT', from: '2025-07-01', to: '2026-03-14' },
			{ code: 'KH-PCR', from: '2026-03-15', to: null }
		]);
		expect((await importFile(moved, admin)).summary).toMatchObject({ unchanged: 1 });
		expect((await importFile(good, admin)).summary).toMatchObject({ unchanged: 3 });
		expect(await postingsOf('HR-001')).toHaveLength(2);
	});

	it('lists every bad row with its line and column, and imports the valid rows only when asked', async () => {
		await h.db.insert(s.users).values({ username: 'da.gan', displayName: 'Đã gắn', passwordHash: 'x', officerId: f.officerCR });
		const bad = csv(
			'HR-101;Phạm Thị Mai;;KH-XYZ;Công chức Một cửa;01/07/2025;;', // 2: unknown unit
			'HR-102;Võ Văn Tú;;KH-PNT;Công chức Một cửa;31/02/2025;;', // 3: bad date
			'HR-103;Đặng Thu Hà;;KH-PNT;Công chức Một cửa;01/07/2025;;', // 4: good
			'HR-103;Đặng Thu Hà;;KH-PNT;Công chức Một cửa;01/07/2025;;', // 5: duplicate of line 4
			'HR-002;Trần Văn Đức;;KH-PNT;Công chức Một cửa;01/01/2025;;', // 6: overlaps the Cam Ranh posting since 2025-07-01
			'HR-104;Bùi Văn Nam;;KH-PNT;;01/07/2025;;', // 7: no position
			'HR-105;Hồ Thị Lan;;KH-PNT;Công chức Một cửa;01/07/2025;30/06/2025;', // 8: ends before it starts
			'HR-106;Lý Văn Sơn;;KH-PNT;Công chức Một cửa;01/07/2025;;khong.co', // 9: unknown account
			'HR-107;Mạc Thị Yến;;KH-PNT;Công chức Một cửa;01/07/2025;;da.gan' // 10: account linked to another officer
		);
		const { preview, summary } = await importFile(bad, admin);
		expect(summary).toBeNull(); // errors remain and "valid rows only" was not ticked
		expect(preview).toMatchObject({ totalRows: 9, validRows: 1, invalidRows: 8 });
		expect(preview.problems.map((p) => [p.line, p.column])).toEqual([
			[2, 'Mã đơn vị'],
			[3, 'Từ ngày'],
			[5, 'Số hiệu'],
			[6, 'Từ ngày'],
			[7, 'Vị trí công tác'],
			[8, 'Đến ngày'],
			[9, 'Tên đăng nhập'],
			[10, 'Tên đăng nhập']
		]);
		expect(preview.problems.map((p) => p.message)).toEqual([
			'Không có đơn vị mã “KH-XYZ”.',
			'Ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY.',
			'Số hiệu trùng với dòng 4 trong tệp.',
			'Trùng thời gian với thời gian công tác hiện tại ở đơn vị KH-PCR (từ 2025-07-01). Điều động phải bắt đầu sau ngày đó.',
			'Bắt buộc phải có.',
			'Ngày kết thúc không được trước ngày bắt đầu.',
			'Không có tài khoản “khong.co”.',
			'Tài khoản “da.gan” đã gắn với cán bộ khác (số hiệu KH-000202).'
		]);
		const [{ n }] = await h.rows<{ n: number }>(sql`select count(*)::int as n from officers where staff_number like 'HR-1%'`);
		expect(n).toBe(0);
		expect((await importFile(bad, admin, true)).summary).toMatchObject({ created: 1, skipped: 8, done: 9, total: 9 });
	});

	it('reads an Excel file, date cells and numbers included', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('Danh sách');
		sheet.addRow(['DANH SÁCH CÁN BỘ, CÔNG CHỨC PHƯỜNG NHA TRANG']); // a title row above the header
		sheet.addRow(['STT', 'Mã CBCCVC', 'Họ tên', 'Chức danh', 'Mã đơn vị', 'Chức vụ', 'Ngày nhận công tác']);
		sheet.addRow([1, 20250101, 'Tạ Thị Thu', 'Chuyên viên', 'KH-PNT', 'Công chức Một cửa', new Date(Date.UTC(2025, 6, 1))]);
		sheet.addRow([2, 'XL-2', 'Quách Văn Hải', '', 'KH-PNT', 'Công chức Một cửa', '02/07/2025']);
		const bytes = new Uint8Array(await book.xlsx.writeBuffer());
		const { preview, summary } = await importFile(bytes, admin);
		expect(preview).toMatchObject({ validRows: 2, invalidRows: 0, ignoredColumns: ['STT'] });
		expect(summary).toMatchObject({ created: 2 });
		expect(await postingsOf('20250101')).toEqual([{ code: 'KH-PNT', from: '2025-07-01', to: null }]);
	});

	it('a unit head imports into their own units only', async () => {
		const head: ImportContext = { userId: 2, locale: 'en', scope: [f.nhaTrang.path], options: {} };
		const file = csv('HR-201;Kha Văn Lộc;;KH-PNT;Công chức Một cửa;01/07/2025;;', 'HR-202;Lục Thị Ngân;;KH-PCR;Công chức Một cửa;01/07/2025;;', 'HR-002;Trần Văn Đức;Chuyên viên;KH-PCR;Công chức Một cửa;2025-07-01;;');
		const { preview } = await importFile(file, head);
		expect(preview.problems).toEqual([
			{ line: 3, column: 'Unit code', message: 'Unit “KH-PCR” is outside the scope you may write to.' },
			{ line: 4, column: 'Staff number', message: 'Officer “HR-002” does not belong to a unit in your scope.' }
		]);
	});

	it('checks again when it writes: a row that became an overlap since the preview is skipped', async () => {
		const file = csv('HR-301;Ninh Thị Oanh;;KH-PNT;Công chức Một cửa;01/07/2025;;', 'HR-302;Ông Văn Phúc;;KH-PNT;Công chức Một cửa;01/07/2025;;');
		const preview = await previewTableImport(officerImporter, file, admin);
		if (!preview.ok) throw new Error('preview failed');
		// meanwhile the HR software sends HR-302 in Cam Ranh from a later day, open
		await upsertOfficers([{ staffNumber: 'HR-302', fullName: 'Ông Văn Phúc', postings: [{ unitCode: 'KH-PCR', positionVi: 'Chuyên viên', from: '2025-08-01' }] }], null);
		expect(claimTableImport(preview.preview.id, 1, 'officers', false)).toEqual({ ok: true });
		const run = commitTableImport(preview.preview.id);
		let next = await run.next();
		while (!next.done) next = await run.next();
		expect(next.value).toMatchObject({ created: 1, skipped: 1 });
	});

	it('the sample file imports as it is', async () => {
		const { preview, summary } = await importFile(new TextEncoder().encode(officerSampleCsv('KH-PNT')), admin);
		expect(preview.invalidRows).toBe(0);
		expect(summary).toMatchObject({ created: 2 });
	});
});
