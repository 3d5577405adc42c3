import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { procedureUnits, procedures, units, type NewProcedure } from '../db/schema';
import { pathInScope, type Scope } from '../scope';

export type { Scope };
import { forbidden, problem, zodProblems, type ItemProblem } from '../dossiers/errors';
import { ensureFields } from './fields';
import { procedureItemSchema, type ProcedureRecord } from './schema';

/**
 * Idempotent procedure upserts keyed by code, shared by the integration API, the import of the
 * national database's export and the admin page. Checking (fields, unit codes, scope, a code
 * twice) is separate from writing, so the import can preview and the API refuse a batch whole.
 */

/** Unit-subtree paths the caller may link procedures to; null = everywhere (administrators). */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
export type IndexedProcedure = { index: number; record: ProcedureRecord };
/** A checked procedure: unit codes resolved to ids (undefined = leave the units as they are). */
export type PreparedProcedure = IndexedProcedure & { unitIds?: number[] };
export type ProcedureResult = { index: number; code: string; id: number; result: UpsertOutcome };

/** Schema-checks raw items; problems carry the item's index and the field inside the item. */
export function validateProcedureItems(items: readonly unknown[]): { entries: IndexedProcedure[]; problems: ItemProblem[] } {
	const entries: IndexedProcedure[] = [];
	const problems: ItemProblem[] = [];
	items.forEach((item, index) => {
		const parsed = procedureItemSchema.safeParse(item);
		if (parsed.success) entries.push({ index, record: parsed.data });
		else problems.push(...zodProblems(parsed.error).map((p) => ({ ...p, index })));
	});
	return { entries, problems };
}

/**
 * Checks what the schema cannot: a code given twice (the later one is the problem), unit codes
 * that do not exist or lie outside the scope. With `lines` (an import), a duplicate names the
 * line of the first; otherwise (the API) its item index.
 */
export async function checkProcedures(
	q: Db,
	entries: readonly IndexedProcedure[],
	scope: Scope,
	options: { lines?: readonly number[] } = {}
): Promise<{ rows: PreparedProcedure[]; problems: ItemProblem[] }> {
	const { lines } = options;
	const codes = [...new Set(entries.flatMap((e) => e.record.unitCodes ?? []))];
	const found = codes.length ? await q.select({ id: units.id, code: units.code, path: units.path }).from(units).where(inArray(units.code, codes)) : [];
	const unitByCode = new Map(found.map((u) => [u.code, u]));
	const firstByCode = new Map<string, number>();
	const rows: PreparedProcedure[] = [];
	const problems: ItemProblem[] = [];
	for (const { index, record } of entries) {
		const mine: ItemProblem[] = [];
		const first = firstByCode.get(record.code);
		if (first !== undefined) {
			const duplicate = lines
				? problem('code', 'procedures.error.duplicateLine', { line: lines[first] })
				: problem('code', 'procedures.error.duplicateItem', { other: first });
			mine.push({ ...duplicate, index });
		} else firstByCode.set(record.code, index);
		let unitIds: number[] | undefined;
		if (record.unitCodes) {
			unitIds = [];
			for (const code of record.unitCodes) {
				const unit = unitByCode.get(code);
				if (!unit) mine.push({ ...problem('unitCodes', 'dossiers.error.unknownUnit', { value: code }), index });
				else if (!pathInScope(unit.path, scope)) mine.push({ ...forbidden('unitCodes', 'dossiers.error.unitOutOfScope', code), index });
				else unitIds.push(unit.id);
			}
		}
		if (mine.length > 0) problems.push(...mine);
		else rows.push({ index, record, unitIds });
	}
	return { rows, problems };
}

type Stored = typeof procedures.$inferSelect;
const COMPARED = ['nameVi', 'nameEn', 'fieldId', 'shortCode', 'handlingDays', 'handlingHours', 'mode', 'levelVi', 'postedAtDesk', 'publishedOnline', 'onlineLevel', 'active'] as const;
const INSERT_CHUNK = 500;

/** What the row becomes: the record's fields, and for each absent optional one what was stored. */
function nextValues(r: ProcedureRecord, fieldId: number, old: Stored | undefined): Omit<NewProcedure, 'id'> {
	const keep = <K extends keyof ProcedureRecord & keyof Stored>(key: K, fallback: Stored[K]) =>
		(r[key] !== undefined ? r[key] : old ? old[key] : fallback) as Stored[K];
	return {
		code: r.code,
		shortCode: r.shortCode,
		nameVi: r.nameVi,
		nameEn: keep('nameEn', null),
		fieldId,
		handlingDays: r.handling.days,
		handlingHours: r.handling.hours,
		mode: keep('mode', 'one_stop'),
		levelVi: keep('levelVi', null),
		postedAtDesk: keep('postedAtDesk', null),
		publishedOnline: keep('publishedOnline', null),
		onlineLevel: keep('onlineLevel', null),
		active: keep('active', true)
	};
}

/**
 * Writes checked procedures (inside the caller's transaction): fields not yet known are created,
 * new codes inserted, changed ones updated, units handling them replaced where given. Running the
 * same items again reports every one `unchanged` and writes nothing.
 */
export async function writeProcedures(tx: Db, rows: readonly PreparedProcedure[]): Promise<ProcedureResult[]> {
	if (rows.length === 0) return [];
	const fieldIndex = await ensureFields(tx, rows.map((r) => r.record.field));
	const existing = await tx
		.select()
		.from(procedures)
		.where(inArray(procedures.code, rows.map((r) => r.record.code)))
		.for('update');
	const byCode = new Map(existing.map((p) => [p.code, p]));
	const results: ProcedureResult[] = [];
	const inserts: { row: PreparedProcedure; values: Omit<NewProcedure, 'id'> }[] = [];
	for (const row of rows) {
		const old = byCode.get(row.record.code);
		const values = nextValues(row.record, fieldIndex.find(row.record.field)!, old);
		if (!old) {
			inserts.push({ row, values });
			continue;
		}
		const changed = COMPARED.some((k) => values[k] !== old[k]);
		if (changed) await tx.update(procedures).set(values).where(eq(procedures.id, old.id));
		results.push({ index: row.index, code: old.code, id: old.id, result: changed ? 'updated' : 'unchanged' });
	}
	for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
		const chunk = inserts.slice(i, i + INSERT_CHUNK);
		const created = await tx
			.insert(procedures)
			.values(chunk.map((c) => c.values))
			.returning({ id: procedures.id, code: procedures.code });
		const idByCode = new Map(created.map((c) => [c.code, c.id]));
		for (const c of chunk) results.push({ index: c.row.index, code: c.values.code, id: idByCode.get(c.values.code)!, result: 'created' });
	}
	const idByIndex = new Map(results.map((r) => [r.index, r.id]));
	const unitsChanged = await replaceUnits(
		tx,
		rows.flatMap((row) => (row.unitIds ? [{ procedureId: idByIndex.get(row.index)!, unitIds: row.unitIds }] : []))
	);
	for (const r of results) if (r.result === 'unchanged' && unitsChanged.has(r.id)) r.result = 'updated';
	return results.sort((a, b) => a.index - b.index);
}

/** Sets the units handling each procedure to exactly those given; returns the procedures whose units changed. */
async function replaceUnits(tx: Db, wanted: readonly { procedureId: number; unitIds: number[] }[]): Promise<Set<number>> {
	const changed = new Set<number>();
	if (wanted.length === 0) return changed;
	const ids = wanted.map((w) => w.procedureId);
	const current = await tx.select().from(procedureUnits).where(inArray(procedureUnits.procedureId, ids));
	const have = new Map<number, Set<number>>();
	for (const link of current) (have.get(link.procedureId) ?? have.set(link.procedureId, new Set()).get(link.procedureId)!).add(link.unitId);
	const added: { procedureId: number; unitId: number }[] = [];
	for (const { procedureId, unitIds } of wanted) {
		const old = have.get(procedureId) ?? new Set<number>();
		const removed = [...old].filter((u) => !unitIds.includes(u));
		if (removed.length > 0) {
			await tx.delete(procedureUnits).where(and(eq(procedureUnits.procedureId, procedureId), inArray(procedureUnits.unitId, removed)));
			changed.add(procedureId);
		}
		for (const unitId of unitIds) {
			if (old.has(unitId)) continue;
			added.push({ procedureId, unitId });
			changed.add(procedureId);
		}
	}
	for (let i = 0; i < added.length; i += INSERT_CHUNK) await tx.insert(procedureUnits).values(added.slice(i, i + INSERT_CHUNK));
	return changed;
}

export type UpsertReport = { results: ProcedureResult[]; problems: ItemProblem[]; written: boolean };

/** Raw items (the API): validate, check, write in one transaction; with problems and no `partial`, nothing is written. */
export async function upsertProcedures(db: Db, items: readonly unknown[], scope: Scope, options: { partial?: boolean } = {}): Promise<UpsertReport> {
	const { entries, problems: invalid } = validateProcedureItems(items);
	return db.transaction(async (tx) => {
		const checked = await checkProcedures(tx, entries, scope);
		const problems = [...invalid, ...checked.problems].sort((a, b) => a.index - b.index);
		if (problems.length > 0 && !options.partial) return { results: [], problems, written: false };
		return { results: await writeProcedures(tx, checked.rows), problems, written: true };
	});
}

/** A code the admin page renames: the new code must be free. */
export async function renameProcedureCode(tx: Db, id: number, code: string, shortCode: string | null): Promise<boolean> {
	const [taken] = await tx.select({ id: procedures.id }).from(procedures).where(and(eq(procedures.code, code), sql`${procedures.id} <> ${id}`));
	if (taken) return false;
	await tx.update(procedures).set({ code, shortCode }).where(eq(procedures.id, id));
	return true;
}
