import type { AuditAction } from '../audit-actions';
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { db } from '../db';
import { num, type DbNumber } from '../db/decode';
import { auditLog, units, type UnitLevel } from '../db/schema';
import { pathInScope, type Scope } from '../scope';

export type { Scope };
import { forbidden, problem, zodProblems, type FieldProblem } from '../dossiers/errors';
import { dayStart, officialCodeProblem, unitItemSchema, type UnitItem } from './record';

/**
 * Idempotent unit upserts keyed by code, shared by the imports, the integration API and the admin
 * form. Checking is pure over the whole unit table held in memory (a province has a few thousand
 * units), so parents, cycles and provinces are decided the same way in a preview and in the write
 * that follows. Nothing is ever deleted: a unit missing from a newer list stays as it is.
 */

/** Unit-subtree paths the caller may write to; null = everywhere (administrators). */
export type UnitOutcome = 'created' | 'updated' | 'unchanged';

export type StoredUnit = {
	id: number;
	parentId: number | null;
	code: string;
	nameVi: string;
	nameEn: string | null;
	level: UnitLevel;
	category: string | null;
	path: string;
	validFrom: Date | null;
	dissolvedAt: Date | null;
};

/** Every unit, by code and by id. */
export type UnitTable = { byCode: Map<string, StoredUnit>; byId: Map<number, StoredUnit> };

/** The columns of a StoredUnit, for a select. */
export const storedUnitColumns = {
	id: units.id,
	parentId: units.parentId,
	code: units.code,
	nameVi: units.nameVi,
	nameEn: units.nameEn,
	level: units.level,
	category: units.category,
	path: units.path,
	validFrom: units.validFrom,
	dissolvedAt: units.dissolvedAt
};

export async function loadUnitTable(q: Db): Promise<UnitTable> {
	const rows = await q.select(storedUnitColumns).from(units);
	return { byCode: new Map(rows.map((u) => [u.code, u])), byId: new Map(rows.map((u) => [u.id, u])) };
}

/** One item of a batch or one row of a file: `ref` is what messages call it (an index or a line). */
export type UnitEntry = { ref: number; item: UnitItem };
export type EntryProblem = FieldProblem & { ref: number };
/** A checked item, in write order (parents first); `ref` -1 for a province created from a commune row. */
export type PlannedUnit = { ref: number; item: UnitItem; existing: StoredUnit | null; depth: number };
export type UnitPlan = { planned: PlannedUnit[]; problems: EntryProblem[] };

/** Schema-checks raw items (the API); problems carry the item's index. */
export function parseUnitItems(items: readonly unknown[]): { entries: UnitEntry[]; problems: EntryProblem[] } {
	const entries: UnitEntry[] = [];
	const problems: EntryProblem[] = [];
	items.forEach((raw, ref) => {
		const parsed = unitItemSchema.safeParse(raw);
		if (parsed.success) entries.push({ ref, item: parsed.data });
		else problems.push(...zodProblems(parsed.error).map((p) => ({ ...p, ref })));
	});
	return { entries, problems };
}

/** "Thành phố Hà Nội" → the kind the official list writes for it. */
function provinceCategory(name: string): string | undefined {
	if (/^thành phố\s/i.test(name)) return 'Thành phố Trung ương';
	if (/^tỉnh\s/i.test(name)) return 'Tỉnh';
	return undefined;
}

const MAX_DEPTH = 64;

/**
 * Decides, without writing, what a batch does to the unit tree: every problem with the entry and
 * field it concerns, and the valid items in an order where a parent comes before its children.
 */
export function planUnits(table: UnitTable, entries: readonly UnitEntry[], scope: Scope): UnitPlan {
	const problems: EntryProblem[] = [];
	const refuse = (ref: number, p: FieldProblem) => problems.push({ ...p, ref });
	const firstRef = new Map<string, number>();
	let candidates: UnitEntry[] = [];
	for (const e of entries) {
		const first = firstRef.get(e.item.code);
		if (first !== undefined) {
			refuse(e.ref, problem('code', 'units.error.duplicateInBatch', { other: first }));
			continue;
		}
		firstRef.set(e.item.code, e.ref);
		const existing = table.byCode.get(e.item.code) ?? null;
		if (existing && !pathInScope(existing.path, scope)) {
			refuse(e.ref, forbidden('code', 'units.error.outOfScope', e.item.code));
			continue;
		}
		if (!existing && e.item.level === 'province' && scope !== null) {
			refuse(e.ref, forbidden('code', 'units.error.provinceOutOfScope', e.item.code));
			continue;
		}
		const shape = !existing || existing.level !== e.item.level ? officialCodeProblem(e.item.level, e.item.code) : null;
		if (shape) {
			refuse(e.ref, problem('code', shape.key, shape.params));
			continue;
		}
		candidates.push(e);
	}

	// Provinces a commune row names but no row or stored unit is: created from the first row naming them.
	const synthetic = new Map<string, UnitItem>();
	for (const e of candidates) {
		const parent = e.item.parentCode;
		if (!parent || table.byCode.has(parent) || firstRef.has(parent) || synthetic.has(parent) || !e.item.parentName) continue;
		if (scope !== null || officialCodeProblem('province', parent)) continue; // reported below as an unknown parent
		const category = provinceCategory(e.item.parentName);
		synthetic.set(parent, { code: parent, nameVi: e.item.parentName, level: 'province', ...(category ? { category } : {}) });
	}

	// A parent is known when stored or a valid item of the batch; refusing one item can orphan
	// others, so the check runs until nothing changes.
	for (;;) {
		const inBatch = new Map(candidates.map((e) => [e.item.code, e.item]));
		const kept: UnitEntry[] = [];
		for (const e of candidates) {
			const p = e.item.parentCode;
			if (p !== undefined && !table.byCode.has(p) && !inBatch.has(p) && !synthetic.has(p)) {
				refuse(e.ref, problem('parentCode', 'units.error.unknownParent', { value: p }));
			} else kept.push(e);
		}
		if (kept.length === candidates.length) break;
		candidates = kept;
	}

	const items = new Map<string, UnitItem>([...synthetic, ...candidates.map((e) => [e.item.code, e.item] as const)]);
	/** The parent code a unit will have after the batch. */
	const parentAfter = (code: string): string | null => {
		const item = items.get(code);
		if (item) return item.parentCode ?? null;
		const stored = table.byCode.get(code);
		const parent = stored?.parentId != null ? table.byId.get(stored.parentId) : undefined;
		return parent?.code ?? null;
	};
	/** The chain above a unit after the batch, nearest first; null on a cycle. */
	const chain = (code: string): string[] | null => {
		const seen: string[] = [];
		for (let c = parentAfter(code); c !== null; c = parentAfter(c)) {
			if (c === code || seen.includes(c) || seen.length > MAX_DEPTH) return null;
			seen.push(c);
		}
		return seen;
	};
	const provinceIdOf = (u: StoredUnit) => Number(u.path.split('/')[1]);

	const planned: PlannedUnit[] = [];
	for (const item of synthetic.values()) planned.push({ ref: -1, item, existing: null, depth: 0 });
	for (const e of candidates) {
		const up = chain(e.item.code);
		if (up === null) {
			refuse(e.ref, problem('parentCode', 'units.error.cycle', { value: e.item.parentCode ?? '' }));
			continue;
		}
		const existing = table.byCode.get(e.item.code) ?? null;
		const parent = e.item.parentCode !== undefined ? table.byCode.get(e.item.parentCode) : undefined;
		const currentParent = existing?.parentId != null ? table.byId.get(existing.parentId)?.code : undefined;
		const moves = !existing || currentParent !== e.item.parentCode;
		if (moves && parent?.dissolvedAt) {
			refuse(e.ref, problem('parentCode', 'units.error.parentDissolved', { value: parent.code }));
			continue;
		}
		if (moves && parent && !pathInScope(parent.path, scope)) {
			refuse(e.ref, forbidden('parentCode', 'units.error.outOfScope', parent.code));
			continue;
		}
		if (existing && moves) {
			// Dossier codes are unique within a province (dossiers.province_id): a unit cannot carry its
			// dossiers into another province. It ends, and a successor is created there.
			const root = up.length ? up[up.length - 1] : e.item.code;
			const rootUnit = table.byCode.get(root);
			if (!rootUnit || provinceIdOf(rootUnit) !== provinceIdOf(existing)) {
				refuse(e.ref, problem('parentCode', 'units.error.otherProvince', { value: e.item.parentCode ?? '' }));
				continue;
			}
		}
		planned.push({ ref: e.ref, item: e.item, existing, depth: up.length });
	}
	// Refusals after the parent check can orphan items planned under them (rare: a cycle or a
	// dissolved parent); those are refused too.
	for (;;) {
		const ok = new Set(planned.map((p) => p.item.code));
		const orphans = planned.filter((p) => p.item.parentCode !== undefined && !table.byCode.has(p.item.parentCode) && !ok.has(p.item.parentCode));
		if (orphans.length === 0) break;
		for (const o of orphans) {
			refuse(o.ref, problem('parentCode', 'units.error.unknownParent', { value: o.item.parentCode! }));
			planned.splice(planned.indexOf(o), 1);
		}
	}
	// A province named by commune rows that were all refused is not created.
	const needed = new Set(planned.map((p) => p.item.parentCode));
	const kept = planned.filter((p) => p.ref >= 0 || needed.has(p.item.code));
	kept.sort((a, b) => a.depth - b.depth || a.ref - b.ref);
	problems.sort((a, b) => a.ref - b.ref);
	return { planned: kept, problems };
}

export type UnitActor = { userId?: number | null; ip?: string | null; via: 'form' | 'import' | 'api'; tokenId?: number };

/** An audit entry's free-form details, as the audit_log column holds them. */
type AuditDetail = NonNullable<(typeof auditLog.$inferInsert)['detail']>;

/** The audit row of a unit change (`id` null: several units), its detail saying how the change came and with which token. */
export function unitAuditRow(actor: UnitActor, action: AuditAction, id: number | null, detail: AuditDetail): typeof auditLog.$inferInsert {
	return {
		actorUserId: actor.userId ?? null,
		action,
		targetType: 'unit',
		targetId: id === null ? null : String(id),
		detail: { ...detail, via: actor.via, ...(actor.tokenId !== undefined ? { tokenId: actor.tokenId } : {}) },
		ip: actor.ip ?? null
	};
}
export type UnitResult = { ref: number; code: string; id: number; result: UnitOutcome };
export type WriteOptions = { /** Start date of the units this write creates, when the item gives none. */ validFromForNew?: string };

const CHUNK = 500;

/**
 * Writes a plan made on `table` (loaded in the same transaction, after `lockUnits`). New units
 * get their ids first, so each one's path is known before the insert; a moved unit takes its
 * subtree's paths with it. Every created, renamed, changed or moved unit is audited (the units one
 * write creates in one entry).
 */
export async function writeUnits(tx: Db, table: UnitTable, plan: readonly PlannedUnit[], actor: UnitActor, options: WriteOptions = {}): Promise<UnitResult[]> {
	const fresh = plan.filter((p) => !p.existing);
	const idList = fresh.length
		? (await rowsOf<{ id: DbNumber }>(tx, sql`select nextval(pg_get_serial_sequence('units', 'id'))::int as id from generate_series(1, ${fresh.length})`)).map((r) => num(r.id))
		: [];
	const results: UnitResult[] = [];
	const created: { id: number; code: string; name: string; parentCode: string | null }[] = [];
	let inserts: StoredUnit[] = [];
	// Pending new units go in before any update, which may point at one of them as its parent.
	const flush = async () => {
		for (let i = 0; i < inserts.length; i += CHUNK) await tx.insert(units).values(inserts.slice(i, i + CHUNK));
		inserts = [];
	};
	const audits: (typeof auditLog.$inferInsert)[] = [];
	for (const p of plan) {
		const { item } = p;
		const parent = item.parentCode !== undefined ? table.byCode.get(item.parentCode) : undefined;
		if (!p.existing) {
			const id = idList.shift()!;
			const validFrom = item.validFrom ?? options.validFromForNew;
			const row: StoredUnit = {
				id,
				parentId: parent?.id ?? null,
				code: item.code,
				nameVi: item.nameVi,
				nameEn: item.nameEn ?? null,
				level: item.level,
				category: item.category ?? null,
				path: `${parent?.path ?? '/'}${id}/`,
				validFrom: validFrom ? dayStart(validFrom) : null,
				dissolvedAt: null
			};
			table.byCode.set(row.code, row);
			table.byId.set(id, row);
			inserts.push(row);
			created.push({ id, code: row.code, name: row.nameVi, parentCode: item.parentCode ?? null });
			results.push({ ref: p.ref, code: item.code, id, result: 'created' });
			continue;
		}
		const old = p.existing;
		const changes: Record<string, [unknown, unknown]> = {};
		const set: Partial<typeof units.$inferInsert> = {};
		const change = <K extends keyof StoredUnit>(key: K, value: StoredUnit[K], same = old[key] === value) => {
			if (same) return;
			changes[key] = [old[key] instanceof Date ? (old[key] as Date).toISOString() : old[key], value instanceof Date ? value.toISOString() : value];
			Object.assign(set, { [key]: value });
		};
		change('nameVi', item.nameVi);
		if (item.nameEn !== undefined) change('nameEn', item.nameEn);
		change('level', item.level);
		if (item.category !== undefined) change('category', item.category);
		if (item.validFrom !== undefined) {
			const from = dayStart(item.validFrom);
			change('validFrom', from, old.validFrom?.getTime() === from.getTime());
		}
		const oldParent = old.parentId !== null ? table.byId.get(old.parentId) : undefined;
		const moved = (parent?.id ?? null) !== old.parentId;
		if (moved) {
			changes.parentCode = [oldParent?.code ?? null, parent?.code ?? null];
			set.parentId = parent?.id ?? null;
		}
		if (Object.keys(changes).length === 0) {
			results.push({ ref: p.ref, code: item.code, id: old.id, result: 'unchanged' });
			continue;
		}
		await flush();
		await tx.update(units).set(set).where(sql`${units.id} = ${old.id}`);
		Object.assign(old, set);
		if (moved) await moveSubtree(tx, table, old, `${parent?.path ?? '/'}${old.id}/`);
		audits.push(unitAuditRow(actor, changes.nameVi ? 'unit.rename' : 'unit.update', old.id, { code: old.code, changes }));
		results.push({ ref: p.ref, code: item.code, id: old.id, result: 'updated' });
	}
	await flush();
	// One entry for the units a write creates (a list's thousands, a form's one): on the embedded
	// database an entry per unit made the import far slower (scripts/bench-import-units.ts;
	// docs/benchmarks.md, "Figures behind code decisions").
	if (created.length === 1) audits.push(unitAuditRow(actor, 'unit.create', created[0].id, created[0]));
	else if (created.length > 1) audits.push(unitAuditRow(actor, 'unit.create', null, { count: created.length, units: created }));
	for (let i = 0; i < audits.length; i += CHUNK) await tx.insert(auditLog).values(audits.slice(i, i + CHUNK));
	return results;
}

/** Raw rows from a query inside a transaction, the same shape on both drivers. */
async function rowsOf<T>(tx: Db, query: ReturnType<typeof sql>): Promise<T[]> {
	const result = (await tx.execute(query)) as unknown;
	return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** Re-roots a unit's subtree at a new path, in the database and in the table held in memory. */
async function moveSubtree(tx: Db, table: UnitTable, unit: StoredUnit, newPath: string) {
	const oldPath = unit.path;
	const like = oldPath.replace(/[%_\\]/g, '\\$&') + '%';
	await tx.execute(sql`update units set path = ${newPath} || substr(path, ${oldPath.length + 1}) where path like ${like}`);
	for (const u of table.byId.values()) if (u.path.startsWith(oldPath)) u.path = newPath + u.path.slice(oldPath.length);
}

/** Unit writers take turns (readers are not blocked): a plan is made and written on one state of the tree. */
export async function lockUnits(tx: Db) {
	await tx.execute(sql`lock table units in share row exclusive mode`);
}

export type UpsertReport = { results: UnitResult[]; problems: EntryProblem[]; written: boolean };

/**
 * Checks and writes a batch in one transaction (the API, the admin form): with problems and no
 * `partial`, nothing is written.
 */
export async function upsertUnits(
	entries: readonly UnitEntry[],
	scope: Scope,
	actor: UnitActor,
	options: { partial?: boolean; problems?: EntryProblem[] } = {}
): Promise<UpsertReport> {
	return db.transaction(async (tx) => {
		await lockUnits(tx);
		const table = await loadUnitTable(tx);
		const plan = planUnits(table, entries, scope);
		const problems = [...(options.problems ?? []), ...plan.problems].sort((a, b) => a.ref - b.ref);
		if (problems.length > 0 && !options.partial) return { results: [], problems, written: false };
		const results = await writeUnits(tx, table, plan.planned, actor);
		return { results: results.filter((r) => r.ref >= 0).sort((a, b) => a.ref - b.ref), problems, written: true };
	});
}
