import ExcelJS from 'exceljs';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { claimTableImport, clearTableImports, commitTableImport, previewTableImport, type Importer, type TableImportProgress } from '../imports/session';
import { agenciesImporter, officialUnitsImporter, unitSuccessorsImporter } from './importers';

/**
 * The unit imports as an administrator runs them: the statistics office's list (CSV with a BOM
 * and semicolons, XLSX with codes typed as numbers), agencies, the conversion table. Good rows,
 * every kind of bad row, a second run that changes nothing, a rename, a unit missing from a newer
 * list that stays.
 */
const ctx = (options: Record<string, string> = {}) => ({ userId: 1, locale: 'vi' as const, scope: null, options });
const csv = (text: string) => new TextEncoder().encode(text);

async function preview<T>(importer: Importer<T>, bytes: Uint8Array, options: Record<string, string> = {}) {
	const p = await previewTableImport(importer, bytes, ctx(options));
	if (!p.ok) throw new Error(`preview refused: ${p.problem.key}`);
	return p.preview;
}

async function commit(id: string, kind: string, validOnly = false): Promise<TableImportProgress> {
	expect(claimTableImport(id, 1, kind, validOnly)).toEqual({ ok: true });
	const gen = commitTableImport(id);
	let next = await gen.next();
	while (!next.done) next = await gen.next();
	return next.value;
}

async function importFile<T>(importer: Importer<T>, bytes: Uint8Array, options: Record<string, string> = {}) {
	const p = await preview(importer, bytes, options);
	expect(p.problems).toEqual([]);
	return commit(p.id, importer.kind);
}

// The official layout: a commune list with its province's code and name, no province row.
const COMMUNES = [
	'\uFEFFMã;Tên;Cấp;Mã TP;Tỉnh / Thành Phố',
	'22366;Phường Nha Trang;Phường;56;Tỉnh Khánh Hòa',
	'22369;Phường Bắc Nha Trang;Phường;56;Tỉnh Khánh Hòa',
	'22768;Xã Diên Khánh;Xã;56;Tỉnh Khánh Hòa',
	'22840;Đặc khu Trường Sa;Đặc khu;56;Tỉnh Khánh Hòa'
].join('\r\n');

describe.each(testDatabaseKinds)('unit imports on %s', (kind) => {
	let h: DatabaseHandle;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		await h.db.insert(s.users).values({ id: 1, username: 'quantri', displayName: 'Quản trị', passwordHash: 'x' });
	});
	afterAll(async () => h?.close());
	beforeEach(() => clearTableImports());

	const unit = async (code: string) => (await h.db.select().from(s.units).where(eq(s.units.code, code)))[0];

	it('imports a commune list in the official layout under its province, creating the province from Mã TP', async () => {
		const summary = await importFile(officialUnitsImporter, csv(COMMUNES), { validFrom: '01/07/2025' });
		expect(summary).toMatchObject({ created: 4, updated: 0, unchanged: 0, skipped: 0 });
		const province = await unit('56');
		expect(province).toMatchObject({ nameVi: 'Tỉnh Khánh Hòa', level: 'province', category: 'Tỉnh', parentId: null, path: `/${province.id}/` });
		const communes = await h.db.select().from(s.units).where(eq(s.units.parentId, province.id)).orderBy(asc(s.units.code));
		expect(communes.map((c) => [c.code, c.nameVi, c.level, c.category])).toEqual([
			['22366', 'Phường Nha Trang', 'commune', 'Phường'],
			['22369', 'Phường Bắc Nha Trang', 'commune', 'Phường'],
			['22768', 'Xã Diên Khánh', 'commune', 'Xã'],
			['22840', 'Đặc khu Trường Sa', 'commune', 'Đặc khu']
		]);
		for (const c of communes) {
			expect(c.path).toBe(`${province.path}${c.id}/`);
			expect(c.validFrom?.toISOString()).toBe('2025-06-30T17:00:00.000Z'); // 1 July 2025, 00:00 in Vietnam
		}
		// one entry for the batch, naming each unit created (the province from Mã TP first)
		const [created] = await h.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'unit.create'));
		expect(created).toMatchObject({ actorUserId: 1, targetType: 'unit' });
		expect((created.detail as { units: { code: string }[] }).units.map((u) => u.code)).toEqual(['56', '22366', '22369', '22768', '22840']);
	});

	it('changes nothing when the same file is imported again', async () => {
		const before = await h.db.select().from(s.units).orderBy(asc(s.units.id));
		const summary = await importFile(officialUnitsImporter, csv(COMMUNES), { validFrom: '2025-07-01' });
		expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 4, skipped: 0 });
		expect(await h.db.select().from(s.units).orderBy(asc(s.units.id))).toEqual(before);
	});

	it('renames a renamed unit (audited), and keeps a unit missing from the newer list', async () => {
		const newer = ['Mã,Tên,Cấp,Mã TP,Tỉnh / Thành Phố', '22366,Phường Nha Trang Mới,Phường,56,Tỉnh Khánh Hòa', '22369,Phường Bắc Nha Trang,Phường,56,Tỉnh Khánh Hòa'].join('\n');
		const summary = await importFile(officialUnitsImporter, csv(newer));
		expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
		expect((await unit('22366')).nameVi).toBe('Phường Nha Trang Mới');
		expect(await unit('22768')).toMatchObject({ nameVi: 'Xã Diên Khánh', dissolvedAt: null });
		const [rename] = await h.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'unit.rename'));
		expect(rename).toMatchObject({ actorUserId: 1, targetType: 'unit', targetId: String((await unit('22366')).id) });
		expect(rename.detail).toMatchObject({ code: '22366', changes: { nameVi: ['Phường Nha Trang', 'Phường Nha Trang Mới'] }, via: 'import' });
	});

	it('lists every bad row with its line and column, and imports the valid rows only when told to', async () => {
		const text = [
			'Ma;Ten;Cap;Ma TP;Tinh / Thanh Pho', // headers without accents
			'22372;Phường Tây Nha Trang;Phường;56;Tỉnh Khánh Hòa', // 2: good
			'223755;Phường Sai;Phường;56;Tỉnh Khánh Hòa', // 3: six digits
			'22A78;Phường Chữ;Phường;56;Tỉnh Khánh Hòa', // 4: not digits
			'22381;Huyện Cũ;Huyện;56;Tỉnh Khánh Hòa', // 5: no district level in the two-level list
			'22384;Xã Không Tỉnh;Xã;99;', // 6: unknown province, no name to create it by
			'22372;Phường Tây Nha Trang lần hai;Phường;56;Tỉnh Khánh Hòa', // 7: same code as line 2
			'22387;;Xã;56;Tỉnh Khánh Hòa', // 8: no name
			'22390;Xã Không Mã Tỉnh;Xã;;' // 9: a commune without its province
		].join('\n');
		const p = await preview(officialUnitsImporter, csv(text));
		expect(p).toMatchObject({ totalRows: 8, validRows: 1, invalidRows: 7 });
		expect(p.problems.map((x) => [x.line, x.column])).toEqual([
			[3, 'Mã'],
			[4, 'Mã'],
			[5, 'Cấp'],
			[6, 'Mã TP'],
			[7, 'Mã'],
			[8, 'Tên'],
			[9, 'Mã TP']
		]);
		expect(p.problems[0].message).toBe('Mã chính thức phải gồm đúng 5 chữ số (giữ các số 0 ở đầu); “223755” không đúng.');
		expect(p.problems[2].message).toContain('Cấp “Huyện” không có trong danh mục');
		expect(p.problems[3].message).toBe('Không có đơn vị cấp trên mã “99” (trong dữ liệu đã có hoặc trong tệp).');
		expect(p.problems[4].message).toContain('dòng/mục 2');
		expect(claimTableImport(p.id, 1, 'units', false)).toEqual({ ok: false, reason: 'hasErrors' });
		expect(await unit('22372')).toBeUndefined();
		expect(await commit(p.id, 'units', true)).toMatchObject({ created: 1, skipped: 7 });
		expect(await unit('22372')).toMatchObject({ nameVi: 'Phường Tây Nha Trang' });
	});

	it('refuses a bad start date on the page', async () => {
		const p = await preview(officialUnitsImporter, csv(COMMUNES), { validFrom: '31/02/2025' });
		expect(p.validRows).toBe(0);
		expect(p.problems).toEqual([{ line: 0, column: 'validFrom', message: 'Ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY, là một ngày có thật.' }]);
	});

	it('reads an XLSX list whose codes Excel turned into numbers, restoring the leading zeros', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('DanhMuc');
		sheet.addRow(['DANH MỤC ĐƠN VỊ HÀNH CHÍNH']); // a title row above the header
		sheet.addRow(['Mã', 'Tên', 'Cấp', 'Mã TP', 'Tỉnh / Thành Phố']);
		sheet.addRow([1, 'Thành phố Hà Nội', 'Thành phố Trung ương', null, null]);
		sheet.addRow([4, 'Phường Ba Đình', 'Phường', 1, 'Thành phố Hà Nội']);
		sheet.addRow([1234, 'Xã Thử Nghiệm', 'Xã', 1, 'Thành phố Hà Nội']);
		const bytes = new Uint8Array(await book.xlsx.writeBuffer());
		const summary = await importFile(officialUnitsImporter, bytes);
		expect(summary).toMatchObject({ created: 3, skipped: 0 });
		const hanoi = await unit('01');
		expect(hanoi).toMatchObject({ nameVi: 'Thành phố Hà Nội', level: 'province', category: 'Thành phố Trung ương' });
		expect(await unit('00004')).toMatchObject({ nameVi: 'Phường Ba Đình', parentId: hanoi.id });
		expect(await unit('01234')).toMatchObject({ nameVi: 'Xã Thử Nghiệm', parentId: hanoi.id });
	});

	it('imports agencies from a simple list under their province, with every kind of bad row', async () => {
		const text = [
			'Mã,Tên,Loại,Mã cấp trên',
			'56-STP,Sở Tư pháp,Sở,56',
			'56-CCT,Chi cục Thuế khu vực,Chi cục,56-STC', // parent later in the file
			'56-STC,Sở Tài chính,Sở,56',
			'56-X,Ban Không Có,Ban,99-KHONG', // unknown parent
			'56-STP,Sở Tư pháp (lặp),Sở,56', // duplicate
			'mã có dấu,Sở Sai Mã,Sở,56' // bad code
		].join('\n');
		const p = await preview(agenciesImporter, csv(text));
		expect(p.problems.map((x) => [x.line, x.column])).toEqual([
			[5, 'Mã cấp trên'],
			[6, 'Mã'],
			[7, 'Mã']
		]);
		expect(await commit(p.id, 'agencies', true)).toMatchObject({ created: 3, skipped: 3 });
		const stc = await unit('56-STC');
		expect(await unit('56-CCT')).toMatchObject({ parentId: stc.id, level: 'department', category: 'Chi cục', path: `${stc.path}${(await unit('56-CCT')).id}/` });
		const again = await preview(agenciesImporter, csv(text.split('\n').slice(0, 4).join('\n')));
		expect(await commit(again.id, 'agencies')).toMatchObject({ created: 0, unchanged: 3 });
	});

	it('imports the conversion table as successor links and ends the old units, once', async () => {
		// Old communes of the demo kind, stored before the reform.
		const province = await unit('56');
		const [a] = await h.db.insert(s.units).values({ code: '22400', nameVi: 'Xã Cũ A', level: 'commune', path: '/0/' }).returning();
		await h.db.update(s.units).set({ parentId: province.id, path: `${province.path}${a.id}/` }).where(eq(s.units.id, a.id));
		const table = [
			'Mã cũ;Tên cũ;Mã mới;Tên mới;Ghi chú',
			'22400;Xã Cũ A;22768;Xã Diên Khánh;Sáp nhập toàn bộ', // 2: stored old commune
			'22403;Xã Cũ B;22768;Xã Diên Khánh;Sáp nhập một phần', // 3: never stored: recorded, ended
			'22366;Phường Nha Trang;22366;Phường Nha Trang;', // 4: kept its code: not a link
			'22366;Phường Nha Trang;22369;Phường Bắc Nha Trang;Sáp nhập một phần', // 5: part of a unit that continues
			'01001;Xã Nơi Khác;01002;Xã Nơi Khác Mới;', // 6: another province's rows: skipped
			'22406;;22768;;', // 7: unknown old unit and no name
			'22400;Xã Cũ A;99999;Không Có;' // 8: unknown new unit
		].join('\n');
		const p = await preview(unitSuccessorsImporter, csv(table));
		expect(p.problems.map((x) => [x.line, x.column])).toEqual([
			[7, 'Mã cũ'],
			[8, 'Mã mới']
		]);
		expect(await commit(p.id, 'unit-successors', true)).toMatchObject({ created: 3, skipped: 4 });
		const links = await h.db.select().from(s.unitSuccessors);
		const code = async (id: number) => (await h.db.select().from(s.units).where(eq(s.units.id, id)))[0].code;
		const described = await Promise.all(links.map(async (l) => [await code(l.predecessorId), await code(l.successorId), l.kind, l.note, l.effectiveAt.toISOString()]));
		expect(described.sort()).toEqual([
			['22366', '22369', 'partial', 'Sáp nhập một phần', '2025-06-30T17:00:00.000Z'],
			['22400', '22768', 'whole', 'Sáp nhập toàn bộ', '2025-06-30T17:00:00.000Z'],
			['22403', '22768', 'partial', 'Sáp nhập một phần', '2025-06-30T17:00:00.000Z']
		]);
		expect((await unit('22400')).dissolvedAt?.toISOString()).toBe('2025-06-30T17:00:00.000Z');
		expect(await unit('22403')).toMatchObject({ nameVi: 'Xã Cũ B', level: 'commune', parentId: province.id });
		expect((await unit('22403')).dissolvedAt).not.toBeNull();
		expect((await unit('22366')).dissolvedAt).toBeNull(); // it continues under its own code
		expect(await unit('01001')).toBeUndefined();

		const again = await preview(unitSuccessorsImporter, csv(table.split('\n').slice(0, 6).join('\n')));
		expect(await commit(again.id, 'unit-successors')).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 2 });
		expect((await h.db.select().from(s.unitSuccessors)).length).toBe(3);
		expect((await h.db.select().from(s.auditLog).where(like(s.auditLog.action, 'unit.succession%'))).length).toBe(3);
	});

	it('refuses a bad date in the conversion table', async () => {
		const p = await preview(unitSuccessorsImporter, csv('Mã cũ,Mã mới,Ngày hiệu lực\n22400,22768,2025-13-01\n'));
		expect(p.problems.map((x) => [x.line, x.column])).toEqual([[2, 'Ngày hiệu lực']]);
	});
});
