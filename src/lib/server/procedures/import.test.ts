import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { claimTableImport, clearTableImports, commitTableImport, previewTableImport, type ImportContext } from '../imports/session';
import { procedureImporter } from './import';

/**
 * The import of the national procedure database's export on a small province (Khánh Hòa, code
 * 56, with the communes 22366 and 22369): good rows, every kind of bad row with its line and
 * column, a re-run that changes nothing, and facts the file does not carry kept.
 */

const ctx: ImportContext = { userId: 1, locale: 'vi', scope: null, options: {} };
const HEADER = 'Mã thủ tục;Tên thủ tục;Lĩnh vực;Cấp thực hiện;Thời hạn giải quyết;Mức độ;Mã đơn vị thực hiện';
const GOOD = [
	HEADER,
	'1.001193;Đăng ký khai sinh;Hộ tịch;Cấp Xã;Trong ngày;Toàn trình;22366, 22369',
	'1.003560.000.00.00.H56;Cấp Giấy chứng nhận quyền sử dụng đất;Đất đai;Cấp Tỉnh, Cấp Xã;30 ngày làm việc;Một phần;56',
	'2.000635;Cấp bản sao trích lục hộ tịch;hộ tịch;Cấp Xã;04 giờ làm việc;;'
];
const bytes = (lines: string[]) => new TextEncoder().encode('\uFEFF' + lines.join('\r\n') + '\r\n');

describe.each(testDatabaseKinds)('procedure import on %s', (kind) => {
	let h: DatabaseHandle;

	async function importFile(file: Uint8Array, validOnly = false) {
		const p = await previewTableImport(procedureImporter, file, ctx);
		if (!p.ok) throw new Error(`preview refused: ${p.problem.key}`);
		const claim = claimTableImport(p.preview.id, ctx.userId, 'procedures', validOnly);
		if (!claim.ok) return { preview: p.preview, summary: null };
		const gen = commitTableImport(p.preview.id);
		let next = await gen.next();
		while (!next.done) next = await gen.next();
		return { preview: p.preview, summary: next.value };
	}

	const table = () =>
		h.rows<Record<string, unknown>>(sql`
			select p.code, p.short_code, p.name_vi, f.name_vi as field, p.level_vi, p.handling_days, p.handling_hours, p.mode,
				p.online_level, p.posted_at_desk, p.published_online, p.active,
				(select string_agg(u.code, ',' order by u.code) from procedure_units pu join units u on u.id = pu.unit_id where pu.procedure_id = p.id) as units
			from procedures p join fields f on f.id = p.field_id order by p.code`);

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const [province] = await h.db.insert(s.units).values({ code: '56', nameVi: 'Tỉnh Khánh Hòa', level: 'province', path: '/0/' }).returning();
		await h.db.update(s.units).set({ path: `/${province.id}/` }).where(eq(s.units.id, province.id));
		for (const [code, nameVi] of [
			['22366', 'Phường Nha Trang'],
			['22369', 'Phường Bắc Nha Trang']
		]) {
			const [u] = await h.db.insert(s.units).values({ code, nameVi, level: 'commune', parentId: province.id, path: '/0/' }).returning();
			await h.db.update(s.units).set({ path: `/${province.id}/${u.id}/` }).where(eq(s.units.id, u.id));
		}
	});
	beforeEach(async () => {
		clearTableImports();
		await h.rows(sql`delete from procedure_units`);
		await h.rows(sql`delete from procedures`);
		await h.rows(sql`delete from fields`);
	});
	afterAll(async () => h?.close());

	it('imports good rows: codes as given, short code, fields from their names, hours rounded up, unknown left unknown', async () => {
		const { preview, summary } = await importFile(bytes(GOOD));
		expect(preview).toMatchObject({ totalRows: 3, validRows: 3, invalidRows: 0, problems: [] });
		expect(preview.rows[2].cells).toMatchObject({ code: '2.000635', time: '4 giờ làm việc', online: '' });
		expect(summary).toMatchObject({ created: 3, updated: 0, unchanged: 0, skipped: 0 });
		expect(await table()).toEqual([
			{
				code: '1.001193',
				short_code: null,
				name_vi: 'Đăng ký khai sinh',
				field: 'Hộ tịch',
				level_vi: 'Cấp Xã',
				handling_days: 0,
				handling_hours: null,
				mode: 'one_stop',
				online_level: 2,
				posted_at_desk: null,
				published_online: null,
				active: true,
				units: '22366,22369'
			},
			{
				code: '1.003560.000.00.00.H56',
				short_code: '1.003560',
				name_vi: 'Cấp Giấy chứng nhận quyền sử dụng đất',
				field: 'Đất đai',
				level_vi: 'Cấp Tỉnh, Cấp Xã',
				handling_days: 30,
				handling_hours: null,
				mode: 'one_stop',
				online_level: 1,
				posted_at_desk: null,
				published_online: null,
				active: true,
				units: '56'
			},
			{
				code: '2.000635',
				short_code: null,
				name_vi: 'Cấp bản sao trích lục hộ tịch',
				// "hộ tịch" is the field "Hộ tịch" of the first row, not a second field
				field: 'Hộ tịch',
				level_vi: 'Cấp Xã',
				handling_days: 1,
				handling_hours: 4,
				mode: 'one_stop',
				online_level: null,
				posted_at_desk: null,
				published_online: null,
				active: true,
				units: null
			}
		]);
		expect((await h.db.select({ code: s.fields.code, nameVi: s.fields.nameVi }).from(s.fields).orderBy(s.fields.code)).map((f) => f.code)).toEqual(['DAT-DAI', 'HO-TICH']);
	});

	it('lists every bad row with its line and column, and imports none of the file until told to take the valid rows', async () => {
		const file = bytes([
			HEADER,
			'1.001193;Đăng ký khai sinh;Hộ tịch;Cấp Xã;Trong ngày;Toàn trình;22366',
			'1.001202;Đăng ký kết hôn;Hộ tịch;Cấp Xã;05 ngày làm việc;;99999',
			'1.001193;Đăng ký khai sinh (lần hai);Hộ tịch;Cấp Xã;Trong ngày;;',
			'1.000894;Đăng ký khai tử;Hộ tịch;Cấp Xã;Theo quy định;;',
			'1.004227;Đăng ký thường trú;Cư trú;Cấp Thôn;07 ngày làm việc;;',
			'1.00422;Mã bị Excel cắt;Cư trú;Cấp Xã;07 ngày làm việc;Mức độ 9;',
			'2.000635;Cấp bản sao trích lục hộ tịch;Hộ tịch;Cấp Xã;04 giờ làm việc;;22369'
		]);
		const { preview, summary } = await importFile(file);
		expect(summary).toBeNull();
		expect(preview).toMatchObject({ totalRows: 7, validRows: 2, invalidRows: 5 });
		expect(preview.problems.map((p) => [p.line, p.column])).toEqual([
			[3, 'Mã đơn vị thực hiện'],
			[4, 'Mã thủ tục'],
			[5, 'Thời hạn giải quyết'],
			[6, 'Cấp thực hiện'],
			[7, 'Mã thủ tục'],
			[7, 'Mức độ']
		]);
		const message = (line: number) => preview.problems.find((p) => p.line === line)!.message;
		expect(message(3)).toBe('Không có đơn vị mã “99999”.');
		expect(message(4)).toBe('Mã thủ tục này đã có ở dòng 2 của tệp.');
		expect(message(5)).toContain('05 ngày làm việc');
		expect(message(6)).toContain('Cấp Tỉnh');
		expect(await table()).toEqual([]);
		const valid = await importFile(file, true);
		expect(valid.summary).toMatchObject({ created: 2, skipped: 5 });
		expect((await table()).map((r) => r.code)).toEqual(['1.001193', '2.000635']);
	});

	it('changes nothing when the same file is imported again, and renames what the new file renames', async () => {
		await importFile(bytes(GOOD));
		const before = await table();
		const again = await importFile(bytes(GOOD));
		expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
		expect(await table()).toEqual(before);
		const renamed = [...GOOD];
		renamed[3] = '2.000635;Cấp bản sao trích lục hộ tịch (sửa đổi);Hộ tịch;Cấp Xã;04 giờ làm việc;;22369';
		const third = await importFile(bytes(renamed));
		expect(third.summary).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
		const [row] = (await table()).filter((r) => r.code === '2.000635');
		expect(row).toMatchObject({ name_vi: 'Cấp bản sao trích lục hộ tịch (sửa đổi)', units: '22369' });
	});

	it('keeps the facts a file does not carry, and sets "Chưa rõ" back to unknown', async () => {
		await importFile(bytes(GOOD));
		// the province states its own disclosure facts in a second file
		const facts = bytes([
			'Mã thủ tục,Tên thủ tục,Lĩnh vực,Thời hạn giải quyết,Niêm yết tại Bộ phận Một cửa,Công khai trên Cổng Dịch vụ công',
			'1.001193,Đăng ký khai sinh,Hộ tịch,Trong ngày,Có,Không',
			'2.000635,Cấp bản sao trích lục hộ tịch,Hộ tịch,04 giờ làm việc,Có,Chưa rõ'
		]);
		expect((await importFile(facts)).summary).toMatchObject({ updated: 2 });
		// the national list again, without those columns: the facts stay
		expect((await importFile(bytes(GOOD))).summary).toMatchObject({ unchanged: 3 });
		const rows = await table();
		expect(rows.map((r) => [r.code, r.posted_at_desk, r.published_online, r.online_level, r.units])).toEqual([
			['1.001193', true, false, 2, '22366,22369'],
			['1.003560.000.00.00.H56', null, null, 1, '56'],
			['2.000635', true, null, null, null]
		]);
	});

	it('reads the same list from an XLSX file with a title row above the header', async () => {
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('TTHC');
		sheet.addRow(['DANH MỤC THỦ TỤC HÀNH CHÍNH TỈNH KHÁNH HÒA']);
		for (const line of GOOD) sheet.addRow(line.split(';'));
		const file = new Uint8Array(await book.xlsx.writeBuffer());
		const { preview, summary } = await importFile(file);
		expect(preview.problems).toEqual([]);
		expect(summary).toMatchObject({ created: 3 });
		expect((await table()).map((r) => [r.code, r.handling_days])).toEqual([
			['1.001193', 0],
			['1.003560.000.00.00.H56', 30],
			['2.000635', 1]
		]);
	});
});
