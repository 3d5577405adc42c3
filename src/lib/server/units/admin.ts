import { eq } from 'drizzle-orm';
import { unmarked } from '$lib/vietnamese-fold';
import { localDate } from '../calendar';
import { db, type Db } from '../db';
import { auditLog, units, type UnitLevel } from '../db/schema';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { problem, zodProblems, type FieldProblem } from '../dossiers/errors';
import { officialCodeProblem, unitItemSchema, type UnitItem } from './record';
import { loadUnitTable, lockUnits, planUnits, writeUnits, type EntryProblem, type StoredUnit, type UnitActor } from './upsert';

/** The admin page's unit tree and its hand-made changes (the same plan as the imports and the API). */

export type TreeRow = {
	id: number;
	code: string;
	nameVi: string;
	nameEn: string | null;
	level: UnitLevel;
	category: string | null;
	depth: number;
	dissolvedAt: string | null;
	/** The row matches the search (its ancestors are listed too, so it is seen in place). */
	match: boolean;
};

const LEVEL_ORDER: Record<UnitLevel, number> = { province: 0, department: 1, district: 2, commune: 3, other: 4 };

/** Lower case, no accents, no punctuation: "Phường Nha Trang" and "phuong nha-trang" compare equal. */
export function searchKey(text: string): string {
	return unmarked(text)
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/**
 * The tree in reading order: each unit after its parent, siblings by level (agencies before
 * communes) and code. With a query, the units whose name or code holds it, and their ancestors.
 */
export function unitTree(all: readonly StoredUnit[], query = ''): TreeRow[] {
	const children = new Map<number | null, StoredUnit[]>();
	for (const u of all) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
	for (const list of children.values()) list.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code));
	const q = searchKey(query);
	const matches = (u: StoredUnit) => !q || searchKey(`${u.code} ${u.nameVi} ${u.nameEn ?? ''}`).includes(q);
	const shown = new Set<number>();
	if (q) {
		const byId = new Map(all.map((u) => [u.id, u]));
		for (const u of all) {
			if (!matches(u)) continue;
			for (let p: StoredUnit | undefined = u; p && !shown.has(p.id); p = p.parentId !== null ? byId.get(p.parentId) : undefined) shown.add(p.id);
		}
	}
	const out: TreeRow[] = [];
	const walk = (parent: number | null, depth: number) => {
		for (const u of children.get(parent) ?? []) {
			if (q && !shown.has(u.id)) continue;
			out.push({
				id: u.id,
				code: u.code,
				nameVi: u.nameVi,
				nameEn: u.nameEn,
				level: u.level,
				category: u.category,
				depth,
				dissolvedAt: u.dissolvedAt ? localDate(u.dissolvedAt) : null,
				match: q !== '' && matches(u)
			});
			walk(u.id, depth + 1);
		}
	};
	walk(null, 0);
	return out;
}

export async function allUnits(q: Db = db): Promise<StoredUnit[]> {
	return [...(await loadUnitTable(q)).byId.values()];
}

class Refused extends Error {
	constructor(readonly problems: EntryProblem[]) {
		super('refused');
	}
}

/**
 * Creates a unit by hand (an agency, or any unit the lists lack). A code already stored is
 * refused: the form creates, it does not overwrite.
 */
export async function createUnit(item: UnitItem, actor: UnitActor): Promise<{ ok: true; id: number } | { ok: false; problems: EntryProblem[] }> {
	try {
		return await db.transaction(async (tx) => {
			await lockUnits(tx);
			const table = await loadUnitTable(tx);
			if (table.byCode.has(item.code)) throw new Refused([{ ref: 0, ...problem('code', 'units.error.codeTaken', { value: item.code }) }]);
			const plan = planUnits(table, [{ ref: 0, item }], null);
			if (plan.problems.length) throw new Refused(plan.problems);
			const [created] = await writeUnits(tx, table, plan.planned, actor);
			return { ok: true as const, id: created.id };
		});
	} catch (e) {
		if (e instanceof Refused) return { ok: false, problems: e.problems };
		throw e;
	}
}

/**
 * Saves the edit form of a stored unit. Its code may be corrected (audited as `unit.recode`);
 * every other change goes through the plan, so it is checked and audited as an import's would be.
 */
export async function saveUnit(unitId: number, item: UnitItem, actor: UnitActor): Promise<{ ok: true } | { ok: false; problems: EntryProblem[] } | null> {
	try {
		return await db.transaction(async (tx) => {
			await lockUnits(tx);
			const table = await loadUnitTable(tx);
			const unit = table.byId.get(unitId);
			if (!unit) return null;
			if (item.code !== unit.code) {
				if (table.byCode.has(item.code)) throw new Refused([{ ref: 0, ...problem('code', 'units.error.codeTaken', { value: item.code }) }]);
				const shape = officialCodeProblem(item.level, item.code);
				if (shape) throw new Refused([{ ref: 0, ...problem('code', shape.key, shape.params) }]);
				await tx.update(units).set({ code: item.code }).where(eq(units.id, unit.id));
				await tx.insert(auditLog).values({
					actorUserId: actor.userId ?? null,
					action: 'unit.recode',
					targetType: 'unit',
					targetId: String(unit.id),
					detail: { from: unit.code, to: item.code, via: actor.via },
					ip: actor.ip ?? null
				});
				table.byCode.delete(unit.code);
				unit.code = item.code;
				table.byCode.set(unit.code, unit);
			}
			const plan = planUnits(table, [{ ref: 0, item }], null);
			if (plan.problems.length) throw new Refused(plan.problems);
			await writeUnits(tx, table, plan.planned, actor);
			return { ok: true as const };
		});
	} catch (e) {
		if (e instanceof Refused) return { ok: false, problems: e.problems };
		throw e;
	}
}

/** The add and edit forms' fields as a unit item, through the one schema. */
export function unitFromForm(form: FormData): { ok: true; item: UnitItem } | { ok: false; problems: EntryProblem[] } {
	const field = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : undefined;
	};
	const parsed = unitItemSchema.safeParse({
		code: field('code'),
		nameVi: field('nameVi'),
		nameEn: field('nameEn'),
		level: field('level'),
		category: field('category'),
		parentCode: field('parentCode'),
		validFrom: field('validFrom')
	});
	if (parsed.success) return { ok: true, item: parsed.data };
	return { ok: false, problems: zodProblems(parsed.error).map((p) => ({ ...p, ref: 0 })) };
}

/** Problems as the form shows them: the field's label, then the message. */
export const FIELD_LABELS: Record<string, MessageKey> = {
	code: 'units.col.code',
	nameVi: 'units.col.name',
	nameEn: 'units.form.nameEn',
	level: 'units.col.level',
	category: 'units.form.category',
	parentCode: 'units.col.parent',
	validFrom: 'units.form.validFrom',
	day: 'units.form.endDay',
	successors: 'units.form.successors',
	unit: 'units.col.name'
};

export function formProblems(locale: Locale, problems: readonly FieldProblem[]): string[] {
	return problems.map((p) => `${FIELD_LABELS[p.field] ? translate(locale, FIELD_LABELS[p.field]) : p.field}: ${translate(locale, p.key, p.params)}`);
}
