import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import {
	claimTableImport,
	clearTableImports,
	commitTableImport,
	pendingTableImport,
	previewTableImport,
	type Importer,
	type TableImportProgress
} from './session';

/** A small importer of fields (lĩnh vực) by code, to hold the two-step import to its promises. */
const fieldsImporter: Importer<{ code: string; nameVi: string }, 'code' | 'name'> = {
	kind: 'test-fields',
	table: { columns: { code: ['Mã lĩnh vực'], name: ['Tên lĩnh vực'] }, required: ['code', 'name'], maxRows: 100 },
	batchSize: 2,
	async check(rows) {
		const seen = new Map<string, number>();
		const valid: { line: number; item: { code: string; nameVi: string } }[] = [];
		const problems: { line: number; column: string; message: string }[] = [];
		for (const r of rows) {
			const code = r.values.code ?? '';
			const name = r.values.name ?? '';
			if (!/^[A-Z0-9-]{1,16}$/.test(code)) problems.push({ line: r.line, column: 'Mã lĩnh vực', message: 'bad code' });
			else if (seen.has(code)) problems.push({ line: r.line, column: 'Mã lĩnh vực', message: `also on line ${seen.get(code)}` });
			else if (!name) problems.push({ line: r.line, column: 'Tên lĩnh vực', message: 'missing' });
			else valid.push({ line: r.line, item: { code, nameVi: name } });
			if (!seen.has(code)) seen.set(code, r.line);
		}
		return { valid, problems };
	},
	async write(tx, batch) {
		const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
		for (const { item } of batch) {
			const [old] = await tx.select().from(s.fields).where(eq(s.fields.code, item.code));
			if (!old) {
				await tx.insert(s.fields).values(item);
				counts.created++;
			} else if (old.nameVi !== item.nameVi) {
				await tx.update(s.fields).set({ nameVi: item.nameVi }).where(eq(s.fields.id, old.id));
				counts.updated++;
			} else counts.unchanged++;
		}
		return counts;
	},
	show: (item) => ({ code: item.code, name: item.nameVi })
};

const ctx = { userId: 1, locale: 'vi' as const, scope: null, options: {} };
const file = (text: string) => new TextEncoder().encode(text);

async function run(id: string): Promise<{ steps: TableImportProgress[]; summary: TableImportProgress }> {
	const steps: TableImportProgress[] = [];
	const gen = commitTableImport(id);
	let next = await gen.next();
	while (!next.done) {
		steps.push(next.value);
		next = await gen.next();
	}
	return { steps, summary: next.value };
}

describe.each(testDatabaseKinds)('two-step table imports on %s', (kind) => {
	let h: DatabaseHandle;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
	});
	afterAll(async () => h?.close());
	beforeEach(() => clearTableImports());

	it('lists every bad row with its line and column, and imports only when told to take the valid rows', async () => {
		const text = 'Mã lĩnh vực;Tên lĩnh vực\nHT;Hộ tịch\nbad code;X\nDD;Đất đai\nHT;Hộ tịch lần hai\nXD;\nKD;Kinh doanh\n';
		const p = await previewTableImport(fieldsImporter, file(text), ctx);
		expect(p.ok).toBe(true);
		if (!p.ok) return;
		expect(p.preview).toMatchObject({ totalRows: 6, validRows: 3, invalidRows: 3 });
		expect(p.preview.problems).toEqual([
			{ line: 3, column: 'Mã lĩnh vực', message: 'bad code' },
			{ line: 5, column: 'Mã lĩnh vực', message: 'also on line 2' },
			{ line: 6, column: 'Tên lĩnh vực', message: 'missing' }
		]);
		expect(p.preview.rows.map((r) => [r.line, r.ok])).toEqual([[2, true], [3, false], [4, true], [5, false], [6, false], [7, true]]);
		expect(claimTableImport(p.preview.id, 1, 'test-fields', false)).toEqual({ ok: false, reason: 'hasErrors' });
		expect(claimTableImport(p.preview.id, 2, 'test-fields', true)).toEqual({ ok: false, reason: 'expired' });
		expect(claimTableImport(p.preview.id, 1, 'other-kind', true)).toEqual({ ok: false, reason: 'expired' });
		expect(await h.db.select().from(s.fields)).toEqual([]);
		expect(claimTableImport(p.preview.id, 1, 'test-fields', true)).toEqual({ ok: true });
		const { steps, summary } = await run(p.preview.id);
		expect(steps.length).toBe(2); // batches of 2
		expect(summary).toEqual({ done: 6, total: 6, created: 3, updated: 0, unchanged: 0, skipped: 3 });
		expect((await h.db.select({ code: s.fields.code }).from(s.fields)).map((f) => f.code).sort()).toEqual(['DD', 'HT', 'KD']);
		expect(pendingTableImport(p.preview.id, 1, 'test-fields')).toBeNull();
	});

	it('changes nothing when the same file is imported again, and renames what was renamed', async () => {
		const text = 'Mã lĩnh vực,Tên lĩnh vực\nTP,Tư pháp\nXD,Xây dựng\n';
		for (const expected of [{ created: 2, unchanged: 0, updated: 0 }, { created: 0, unchanged: 2, updated: 0 }]) {
			const p = await previewTableImport(fieldsImporter, file(text), ctx);
			if (!p.ok) throw new Error('preview failed');
			expect(claimTableImport(p.preview.id, 1, 'test-fields', false)).toEqual({ ok: true });
			expect((await run(p.preview.id)).summary).toMatchObject(expected);
		}
		const p = await previewTableImport(fieldsImporter, file('Mã lĩnh vực,Tên lĩnh vực\nTP,Tư pháp – Hộ tịch\n'), ctx);
		if (!p.ok) throw new Error('preview failed');
		claimTableImport(p.preview.id, 1, 'test-fields', false);
		expect((await run(p.preview.id)).summary).toMatchObject({ updated: 1 });
		const [tp] = await h.db.select().from(s.fields).where(eq(s.fields.code, 'TP'));
		expect(tp.nameVi).toBe('Tư pháp – Hộ tịch');
	});

	it('keeps one pending import per user and kind, expires it, and refuses a second claim', async () => {
		const a = await previewTableImport(fieldsImporter, file('Mã lĩnh vực,Tên lĩnh vực\nA1,Một\n'), ctx, 1_000);
		const b = await previewTableImport(fieldsImporter, file('Mã lĩnh vực,Tên lĩnh vực\nB1,Hai\n'), ctx, 2_000);
		if (!a.ok || !b.ok) throw new Error('preview failed');
		expect(pendingTableImport(a.preview.id, 1, 'test-fields', 3_000)).toBeNull();
		expect(pendingTableImport(b.preview.id, 1, 'test-fields', 3_000)).not.toBeNull();
		expect(pendingTableImport(b.preview.id, 1, 'test-fields', 2_000 + 15 * 60_000)).toBeNull();
		const c = await previewTableImport(fieldsImporter, file('Mã lĩnh vực,Tên lĩnh vực\nC1,Ba\n'), ctx);
		if (!c.ok) throw new Error('preview failed');
		expect(claimTableImport(c.preview.id, 1, 'test-fields', false)).toEqual({ ok: true });
		expect(claimTableImport(c.preview.id, 1, 'test-fields', false)).toEqual({ ok: false, reason: 'busy' });
		await run(c.preview.id);
	});
});
