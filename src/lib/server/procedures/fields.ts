import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { fields } from '../db/schema';
import { fold } from './parse';

/**
 * Lĩnh vực. The national database names a procedure's field by its name ("Hộ tịch"), so a field
 * is found by its code or by its name compared without case or accents, and one not yet known is
 * created from its name, with a code made from the name.
 */

export type FieldRow = { id: number; code: string; nameVi: string; nameEn: string | null };

export async function listFields(q: Db): Promise<FieldRow[]> {
	return q.select({ id: fields.id, code: fields.code, nameVi: fields.nameVi, nameEn: fields.nameEn }).from(fields).orderBy(asc(fields.nameVi));
}

/** "Tư pháp – Hộ tịch" → "TU-PHAP-HO-TICH". */
export function fieldCodeFromName(name: string, taken: ReadonlySet<string>): string {
	const base =
		fold(name)
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.toUpperCase()
			.slice(0, 24)
			.replace(/-+$/, '') || 'LV';
	let code = base;
	for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;
	return code;
}

export class FieldIndex {
	private byCode = new Map<string, number>();
	private byName = new Map<string, number>();
	readonly codes = new Set<string>();

	constructor(rows: readonly FieldRow[]) {
		for (const r of rows) this.add(r);
	}

	add(r: Pick<FieldRow, 'id' | 'code' | 'nameVi'>) {
		this.byCode.set(r.code, r.id);
		this.codes.add(r.code);
		if (!this.byName.has(fold(r.nameVi))) this.byName.set(fold(r.nameVi), r.id);
	}

	find(codeOrName: string): number | undefined {
		return this.byCode.get(codeOrName.trim()) ?? this.byName.get(fold(codeOrName));
	}
}

/** The ids of the fields named, creating those not yet known. */
export async function ensureFields(q: Db, names: readonly string[]): Promise<FieldIndex> {
	const index = new FieldIndex(await listFields(q));
	const missing = new Map<string, string>();
	for (const name of names) if (index.find(name) === undefined && !missing.has(fold(name))) missing.set(fold(name), name.trim());
	if (missing.size > 0) {
		const taken = new Set(index.codes);
		const values = [...missing.values()].map((nameVi) => {
			const code = fieldCodeFromName(nameVi, taken);
			taken.add(code);
			return { code, nameVi };
		});
		const created = await q.insert(fields).values(values).returning({ id: fields.id, code: fields.code, nameVi: fields.nameVi });
		for (const f of created) index.add(f);
	}
	return index;
}

export type FieldProblemKey = 'procedures.field.nameTaken' | 'procedures.field.codeTaken';

/** Creates a field by hand (code optional: made from the name). */
export async function createField(
	q: Db,
	input: { code?: string; nameVi: string; nameEn?: string | null }
): Promise<{ ok: true; id: number } | { ok: false; problem: FieldProblemKey }> {
	const index = new FieldIndex(await listFields(q));
	if (index.find(input.nameVi) !== undefined) return { ok: false, problem: 'procedures.field.nameTaken' };
	const code = input.code?.trim() || fieldCodeFromName(input.nameVi, index.codes);
	if (index.codes.has(code)) return { ok: false, problem: 'procedures.field.codeTaken' };
	const [row] = await q
		.insert(fields)
		.values({ code, nameVi: input.nameVi.trim(), nameEn: input.nameEn?.trim() || null })
		.onConflictDoNothing()
		.returning({ id: fields.id });
	return row ? { ok: true, id: row.id } : { ok: false, problem: 'procedures.field.codeTaken' };
}

/** Renames a field; its code stays (procedures and counters keep pointing at it). */
export async function renameField(
	q: Db,
	id: number,
	input: { nameVi: string; nameEn?: string | null }
): Promise<{ ok: true; before: { nameVi: string; nameEn: string | null } } | { ok: false; problem: FieldProblemKey | 'notFound' }> {
	const rows = await listFields(q);
	const current = rows.find((r) => r.id === id);
	if (!current) return { ok: false, problem: 'notFound' };
	const other = new FieldIndex(rows.filter((r) => r.id !== id)).find(input.nameVi);
	if (other !== undefined) return { ok: false, problem: 'procedures.field.nameTaken' };
	await q
		.update(fields)
		.set({ nameVi: input.nameVi.trim(), nameEn: input.nameEn?.trim() || null })
		.where(eq(fields.id, id));
	return { ok: true, before: { nameVi: current.nameVi, nameEn: current.nameEn } };
}
