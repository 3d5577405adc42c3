import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { normaliseHeader } from '../imports/table';
import { parseDossierCsv, parseLocalDateTime } from './csv';
import { claimImport, clearImports, commitImport, previewImport, type ImportProgress } from './imports';
import { seedDossierFixture, type DossierFixture } from './test-fixture';

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER = 'ma_ho_so,ma_thu_tuc,ma_don_vi,kenh,ngay_tiep_nhan,han_tra,ngay_co_ket_qua,ngay_tra,can_bo_tiep_nhan,can_bo_tra,ten_thu_tuc';

describe('CSV parsing', () => {
	it('reads local dates in both formats as Vietnam time', () => {
		expect(parseLocalDateTime('2026-03-02 08:15')?.toISOString()).toBe('2026-03-02T01:15:00.000Z');
		expect(parseLocalDateTime('02/03/2026 08:15')?.toISOString()).toBe('2026-03-02T01:15:00.000Z');
		expect(parseLocalDateTime('2/3/2026 8:05:30')?.toISOString()).toBe('2026-03-02T01:05:30.000Z');
		expect(parseLocalDateTime('05/03/2026', 17)?.toISOString()).toBe('2026-03-05T10:00:00.000Z');
		expect(parseLocalDateTime('31/02/2026 08:00')).toBeUndefined();
		expect(parseLocalDateTime('2026-03-02T08:15:00Z')).toBeUndefined();
	});

	it('matches Vietnamese headers without accents, with a BOM and semicolons', () => {
		expect(normaliseHeader('\uFEFFMã hồ sơ')).toBe('ma_ho_so');
		expect(normaliseHeader(' Ngày tiếp nhận ')).toBe('ngay_tiep_nhan');
		const parsed = parseDossierCsv(utf8('\uFEFFMã hồ sơ;Mã thủ tục;Ngày tiếp nhận;Ghi chú\r\nA-1;1.001193;02/03/2026 08:15;"Đăng ký khai sinh; bản chính"\r\n'));
		expect(parsed).toEqual({
			ok: true,
			file: { rows: [{ line: 2, values: { ma_ho_so: 'A-1', ma_thu_tuc: '1.001193', ngay_tiep_nhan: '02/03/2026 08:15' } }], ignoredColumns: ['Ghi chú'] }
		});
	});

	it('reports unreadable files: not UTF-8, missing columns, unclosed quotes, no rows', () => {
		expect(parseDossierCsv(new Uint8Array([0x6d, 0x61, 0xe3, 0x0a]))).toMatchObject({ ok: false, problem: { key: 'dossiers.import.fileNotUtf8' } });
		expect(parseDossierCsv(utf8('ma_ho_so,kenh\nA,counter\n'))).toMatchObject({ ok: false, problem: { key: 'dossiers.import.missingColumns', params: { columns: 'ma_thu_tuc, ngay_tiep_nhan' } } });
		expect(parseDossierCsv(utf8(`${HEADER}\n"A-1,x\n`))).toMatchObject({ ok: false, problem: { key: 'dossiers.import.fileUnreadable' } });
		expect(parseDossierCsv(utf8(`${HEADER}\n\n`))).toMatchObject({ ok: false, problem: { key: 'dossiers.import.fileEmpty' } });
	});
});

describe.each(testDatabaseKinds)('CSV import on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	const target = () => ({ id: f.nhaTrang.id, code: 'KH-PNT', path: f.nhaTrang.path });
	const count = async () => Number((await h.rows<{ n: number }>(sql`select count(*)::int as n from dossiers`))[0].n);
	async function run(id: string): Promise<ImportProgress[]> {
		const out: ImportProgress[] = [];
		const it = commitImport(id);
		for (;;) {
			const next = await it.next();
			out.push(next.value);
			if (next.done) return out;
		}
	}

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
	});
	beforeEach(async () => {
		clearImports();
		await h.rows(sql`delete from dossiers`);
	});
	afterAll(async () => h?.close());

	const file = [
		HEADER,
		'NT-0001,1.001193,,counter,2026-03-02 08:15,,,,KH-000101,,Đăng ký khai sinh',
		'NT-0002,1.001193,KH-PNT,online,02/03/2026 09:00,06/03/2026 17:00,04/03/2026 10:00,05/03/2026 15:30,KH-000101,KH-000101,Đăng ký khai sinh',
		'NT-0003,1.001193,,fax,2026-13-01 08:00,,,,KH-000101,,Ngày sai',
		'NT-0004,2.000635,KH-PCR,counter,2026-03-02 08:15,,,,,,Cấp bản sao trích lục',
		'NT-0001,1.001193,,counter,2026-03-02 08:15,,,,,,Trùng mã'
	].join('\n');

	it('lists row errors with line numbers and columns, and imports nothing unless asked for the valid rows', async () => {
		const result = await previewImport(utf8(file), target(), 1, 'vi');
		if (!result.ok) throw new Error(JSON.stringify(result.problem));
		const { preview } = result;
		expect(preview).toMatchObject({ totalRows: 5, validRows: 2, invalidRows: 3, ignoredColumns: ['ten_thu_tuc'] });
		expect(preview.problems.map((p) => `${p.line}:${p.column}`)).toEqual([
			'4:ngay_tiep_nhan',
			'4:kenh',
			'5:ma_don_vi',
			'6:ma_ho_so'
		]);
		expect(preview.problems[2].message).toBe('Đơn vị “KH-PCR” nằm ngoài phạm vi được phép ghi.');
		expect(preview.problems[3].message).toBe('Mã hồ sơ trùng với mục 2 trong cùng lần gửi.');
		expect(preview.rows[0]).toMatchObject({ line: 2, code: 'NT-0001', procedure: '1.001193 – Đăng ký khai sinh', dueComputed: true, ok: true });
		expect(preview.rows[0].dueAt).toBe('2026-03-05T10:00:00.000Z');

		expect(claimImport(preview.id, 1, false)).toEqual({ ok: false, reason: 'hasErrors' });
		expect(claimImport(preview.id, 2, true)).toEqual({ ok: false, reason: 'expired' }); // someone else's id
		expect(await count()).toBe(0);

		expect(claimImport(preview.id, 1, true)).toEqual({ ok: true });
		const steps = await run(preview.id);
		expect(steps.at(-1)).toEqual({ done: 5, total: 5, created: 2, updated: 0, unchanged: 0, skipped: 3 });
		expect(await count()).toBe(2);
		// the id is used up
		expect(claimImport(preview.id, 1, true)).toEqual({ ok: false, reason: 'expired' });
	});

	it('imports a clean file in batches of 500 with progress, and again as unchanged', async () => {
		const lines = [HEADER, ...Array.from({ length: 1203 }, (_, i) => `B-${i},2.000635,,postal,2026-03-0${(i % 5) + 2} 10:00,,,,,,Cấp bản sao trích lục hộ tịch`)];
		const bytes = utf8('\uFEFF' + lines.join('\r\n'));
		const first = await previewImport(bytes, target(), 1, 'en');
		if (!first.ok) throw new Error('preview failed');
		expect(first.preview).toMatchObject({ totalRows: 1203, validRows: 1203, problems: [] });
		expect(first.preview.rows).toHaveLength(20);
		claimImport(first.preview.id, 1, false);
		const steps = await run(first.preview.id);
		expect(steps.map((s) => s.done)).toEqual([500, 1000, 1203, 1203]);
		expect(steps.at(-1)).toMatchObject({ created: 1203, skipped: 0 });

		const second = await previewImport(bytes, target(), 1, 'en');
		if (!second.ok) throw new Error('preview failed');
		claimImport(second.preview.id, 1, false);
		expect((await run(second.preview.id)).at(-1)).toMatchObject({ created: 0, updated: 0, unchanged: 1203 });
		expect(await count()).toBe(1203);
	});

	it('expires a preview after 15 minutes', async () => {
		const t0 = Date.now();
		const result = await previewImport(utf8(file), target(), 1, 'vi', t0);
		if (!result.ok) throw new Error('preview failed');
		expect(claimImport(result.preview.id, 1, true, t0 + 15 * 60_000 + 1)).toEqual({ ok: false, reason: 'expired' });
	});
});
