import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { localDate } from '../calendar';
import { db, type Db } from '../db';
import { auditLog, unitSuccessors, units, type SuccessionKind } from '../db/schema';
import { problem, type FieldProblem } from '../dossiers/errors';
import { dayStart, officialCodeProblem } from './record';
import { loadUnitTable, lockUnits, unitAuditRow, writeUnits, type EntryProblem, type StoredUnit, type UnitActor, type UnitTable } from './upsert';

/**
 * Merged and dissolved units: the official conversion table (old commune code → new commune
 * code, with its note) and the admin page's "end this unit" both become unit_successors links,
 * and the old unit gets its dissolvedAt. Links only: ratings, dossiers and postings stored under
 * the old unit stay where they are (the unit page's history toggle reads them through the links).
 */

/**
 * The day the two-level local government began. Nghị quyết 202/2025/QH15 (12 June 2025) on
 * arranging the provinces: the provinces formed by it officially operate from 1 July 2025. The
 * commune-level arrangements are the National Assembly Standing Committee's resolutions of June
 * 2025, one per province, whose effective date is also reported as 1 July 2025; we have not
 * checked that date against each resolution's text, so a table row may give its own date.
 */
export const REFORM_DAY = '2025-07-01';

export type SuccessionItem = {
	oldCode: string;
	newCode: string;
	kind: SuccessionKind;
	/** The table's note as written ("Sáp nhập toàn bộ", "Sáp nhập một phần"…). */
	note?: string;
	/** Vietnam local date the old unit ended. */
	effectiveAt: string;
	/** The old unit's name, so an old commune this install never stored can be recorded (ended). */
	oldName?: string;
};

/** The note's kind: "…một phần" partial, "…toàn bộ" or no note whole, anything else other. */
export function kindFromNote(note: string | undefined): SuccessionKind {
	const n = (note ?? '').normalize('NFC').toLocaleLowerCase('vi');
	if (n.includes('một phần') || n.includes('mot phan')) return 'partial';
	if (n === '' || n.includes('toàn bộ') || n.includes('toan bo')) return 'whole';
	return 'other';
}

export type SuccessionEntry = { ref: number; item: SuccessionItem };
export type PlannedSuccession = {
	ref: number;
	item: SuccessionItem;
	/** The old unit, or null when it is recorded now (ended) from the table's name. */
	old: StoredUnit | null;
	successor: StoredUnit | null;
	/** The old unit ends (it does not continue under its own code elsewhere in the table). */
	dissolve: boolean;
	/** Why the row writes nothing: the code is kept (same unit), or neither unit is in this install. */
	skip?: 'sameCode' | 'outside';
};

/**
 * Decides what a conversion table does, without writing. A row whose old and new codes are the
 * same is a unit that continues (not a link). A row whose units are both unknown belongs to
 * another province's part of the national table and is skipped, not refused.
 */
export function planSuccessions(table: UnitTable, entries: readonly SuccessionEntry[], options: { dissolve?: 'unlessContinuing' | 'always' } = {}) {
	const problems: EntryProblem[] = [];
	const planned: PlannedSuccession[] = [];
	const refuse = (ref: number, p: FieldProblem) => problems.push({ ...p, ref });
	// An old code that is also a new code (kept by the merged unit) continues: it gets links, not an end.
	const continuing = new Set(entries.map((e) => e.item.newCode));
	const seen = new Map<string, number>();
	for (const { ref, item } of entries) {
		const pair = `${item.oldCode}→${item.newCode}`;
		const first = seen.get(pair);
		if (first !== undefined) {
			refuse(ref, problem('oldCode', 'units.error.duplicateInBatch', { other: first }));
			continue;
		}
		seen.set(pair, ref);
		const old = table.byCode.get(item.oldCode) ?? null;
		const successor = table.byCode.get(item.newCode) ?? null;
		if (item.oldCode === item.newCode) {
			planned.push({ ref, item, old, successor, dissolve: false, skip: 'sameCode' });
			continue;
		}
		if (!old && !successor) {
			planned.push({ ref, item, old, successor, dissolve: false, skip: 'outside' });
			continue;
		}
		if (!successor) {
			refuse(ref, problem('newCode', 'units.error.unknownSuccessor', { value: item.newCode }));
			continue;
		}
		if (successor.dissolvedAt && successor.dissolvedAt.getTime() <= dayStart(item.effectiveAt).getTime()) {
			refuse(ref, problem('newCode', 'units.error.successorEnded', { value: item.newCode }));
			continue;
		}
		if (!old) {
			const shape = officialCodeProblem('commune', item.oldCode);
			if (shape) refuse(ref, problem('oldCode', shape.key, shape.params));
			else if (!item.oldName) refuse(ref, problem('oldCode', 'units.error.unknownPredecessor', { value: item.oldCode }));
			else planned.push({ ref, item, old, successor, dissolve: true });
			continue;
		}
		if (old.path !== successor.path && successor.path.startsWith(old.path)) {
			refuse(ref, problem('newCode', 'units.error.successorInside', { value: item.newCode }));
			continue;
		}
		const dissolve = options.dissolve === 'always' || !continuing.has(item.oldCode);
		planned.push({ ref, item, old, successor, dissolve });
	}
	problems.sort((a, b) => a.ref - b.ref);
	return { planned, problems };
}

export type SuccessionCounts = { created: number; updated: number; unchanged: number; skipped: number };

/**
 * Writes planned links (in a transaction holding `lockUnits`, with `table` loaded in it): new
 * links inserted, a link whose kind, note or date changed updated, the old unit ended where it has
 * no end yet (an end already stored is kept). Every change is audited.
 */
export async function writeSuccessions(tx: Db, table: UnitTable, plan: readonly PlannedSuccession[], actor: UnitActor): Promise<SuccessionCounts> {
	const counts: SuccessionCounts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
	const audits: (typeof auditLog.$inferInsert)[] = [];

	// Old communes this install never had are recorded under the successor's parent, then ended below.
	const recorded = new Map<string, PlannedSuccession>();
	for (const p of plan) if (!p.skip && !p.old && !table.byCode.has(p.item.oldCode) && !recorded.has(p.item.oldCode)) recorded.set(p.item.oldCode, p);
	if (recorded.size > 0) {
		await writeUnits(
			tx,
			table,
			[...recorded.values()].map((p) => {
				const parent = p.successor!.parentId !== null ? table.byId.get(p.successor!.parentId) : undefined;
				return {
					ref: p.ref,
					item: { code: p.item.oldCode, nameVi: p.item.oldName!, level: 'commune' as const, ...(parent ? { parentCode: parent.code } : {}) },
					existing: null,
					depth: 0
				};
			}),
			actor
		);
	}

	const live = plan.filter((p) => !p.skip);
	const pairs = live.map((p) => ({ old: table.byCode.get(p.item.oldCode)!, successor: p.successor! }));
	const stored = pairs.length
		? await tx
				.select()
				.from(unitSuccessors)
				.where(
					or(
						...pairs.map(({ old, successor }) => and(eq(unitSuccessors.predecessorId, old.id), eq(unitSuccessors.successorId, successor.id)))
					)
				)
		: [];
	const linkOf = new Map(stored.map((l) => [`${l.predecessorId}:${l.successorId}`, l]));
	const ended = new Set<number>();
	for (const p of plan) {
		if (p.skip) {
			counts.skipped++;
			continue;
		}
		const old = table.byCode.get(p.item.oldCode)!;
		const successor = p.successor!;
		const effectiveAt = dayStart(p.item.effectiveAt);
		const note = p.item.note ?? null;
		const link = linkOf.get(`${old.id}:${successor.id}`);
		let changed = false;
		if (!link) {
			await tx.insert(unitSuccessors).values({ predecessorId: old.id, successorId: successor.id, effectiveAt, kind: p.item.kind, note });
			audits.push(unitAuditRow(actor, 'unit.succession', old.id, { code: old.code, successorCode: successor.code, kind: p.item.kind, effectiveAt: p.item.effectiveAt, note }));
			changed = true;
		} else if (link.kind !== p.item.kind || link.note !== note || link.effectiveAt.getTime() !== effectiveAt.getTime()) {
			await tx
				.update(unitSuccessors)
				.set({ kind: p.item.kind, note, effectiveAt })
				.where(and(eq(unitSuccessors.predecessorId, old.id), eq(unitSuccessors.successorId, successor.id)));
			audits.push(unitAuditRow(actor, 'unit.succession.update', old.id, {
				code: old.code,
				successorCode: successor.code,
				from: { kind: link.kind, note: link.note, effectiveAt: link.effectiveAt.toISOString() },
				to: { kind: p.item.kind, note, effectiveAt: effectiveAt.toISOString() }
			}));
			changed = true;
		}
		if (p.dissolve && !old.dissolvedAt && !ended.has(old.id)) {
			await tx.update(units).set({ dissolvedAt: effectiveAt }).where(and(eq(units.id, old.id), isNull(units.dissolvedAt)));
			old.dissolvedAt = effectiveAt;
			ended.add(old.id);
			audits.push(unitAuditRow(actor, 'unit.end', old.id, { code: old.code, dissolvedAt: effectiveAt.toISOString() }));
			changed = true;
		}
		if (!changed) counts.unchanged++;
		else if (link) counts.updated++;
		else counts.created++;
	}
	for (let i = 0; i < audits.length; i += 500) await tx.insert(auditLog).values(audits.slice(i, i + 500));
	return counts;
}

/** The codes of a unit's successors, for units listed by the API. */
export async function successorCodes(q: Db, unitIds: readonly number[]): Promise<Map<number, string[]>> {
	if (unitIds.length === 0) return new Map();
	const rows = await q
		.select({ predecessorId: unitSuccessors.predecessorId, code: units.code })
		.from(unitSuccessors)
		.innerJoin(units, eq(units.id, unitSuccessors.successorId))
		.where(inArray(unitSuccessors.predecessorId, [...unitIds]))
		.orderBy(units.code);
	const out = new Map<number, string[]>();
	for (const r of rows) out.set(r.predecessorId, [...(out.get(r.predecessorId) ?? []), r.code]);
	return out;
}

/**
 * The admin page's "end this unit": it ends on `day`, taken over by the successors. Refused when it
 * has ended already (its stored end is kept) or a successor is unknown, itself, or ended.
 */
export async function endUnit(
	unitId: number,
	input: { day: string; successorCodes: string[]; kind: SuccessionKind; note?: string },
	actor: UnitActor
): Promise<{ ok: true; counts: SuccessionCounts } | { ok: false; problems: EntryProblem[] }> {
	return db.transaction(async (tx) => {
		await lockUnits(tx);
		const table = await loadUnitTable(tx);
		const unit = table.byId.get(unitId);
		if (!unit) return { ok: false, problems: [{ ref: 0, ...problem('unit', 'units.error.unknownUnit', { value: String(unitId) }) }] };
		if (unit.dissolvedAt) return { ok: false, problems: [{ ref: 0, ...problem('day', 'units.error.alreadyEnded', { value: localDate(unit.dissolvedAt) }) }] };
		const codes = [...new Set(input.successorCodes)];
		if (codes.length === 0) return { ok: false, problems: [{ ref: 0, ...problem('successors', 'dossiers.error.required') }] };
		if (codes.includes(unit.code)) return { ok: false, problems: [{ ref: 0, ...problem('successors', 'units.error.ownSuccessor') }] };
		const entries = codes.map((newCode, ref) => ({
			ref,
			item: { oldCode: unit.code, newCode, kind: input.kind, effectiveAt: input.day, ...(input.note ? { note: input.note } : {}) }
		}));
		const { planned, problems } = planSuccessions(table, entries, { dissolve: 'always' });
		if (problems.length > 0) return { ok: false, problems };
		return { ok: true, counts: await writeSuccessions(tx, table, planned, actor) };
	});
}
