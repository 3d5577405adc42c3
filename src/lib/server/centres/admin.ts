import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { MessageKey } from '$lib/i18n';
import type { Db } from '../db';
import { counterFields, counters, fields, serviceCentres, units, type CentreKind } from '../db/schema';
import { scopeCondition } from '../scope';
import { zodProblems, type FieldProblem } from '../dossiers/errors';
import { FieldIndex, listFields } from '../procedures/fields';
import { counterItemSchema } from './schema';
import {
	announce,
	checkCentres,
	noAftermath,
	resolveCounterFields,
	retireCounters,
	validateCentreItems,
	writeCentres,
	writeCounters,
	type Scope
} from './upsert';

/**
 * The admin pages' side of centres and counters. Administrators change centres; administrators
 * and unit heads (in their subtree) change counters. Every write goes through the API's checks.
 */

export type CentreListRow = {
	id: number;
	code: string;
	nameVi: string;
	nameEn: string | null;
	kind: CentreKind | null;
	active: boolean;
	unitVi: string;
	unitEn: string | null;
	counters: number;
	activeCounters: number;
};

export async function listCentres(q: Db, scope: Scope): Promise<CentreListRow[]> {
	return q
		.select({
			id: serviceCentres.id,
			code: serviceCentres.code,
			nameVi: serviceCentres.nameVi,
			nameEn: serviceCentres.nameEn,
			kind: serviceCentres.kind,
			active: serviceCentres.active,
			unitVi: units.nameVi,
			unitEn: units.nameEn,
			counters: sql<number>`(select count(*) from ${counters} k where k.centre_id = ${serviceCentres.id})`.mapWith(Number),
			activeCounters: sql<number>`(select count(*) from ${counters} k where k.centre_id = ${serviceCentres.id} and k.active)`.mapWith(Number)
		})
		.from(serviceCentres)
		.innerJoin(units, eq(units.id, serviceCentres.unitId))
		.where(scopeCondition(units.path, scope))
		.orderBy(asc(units.path), asc(serviceCentres.code));
}

/** A centre with its unit's path (for the guard) and its counters with their fields. */
/** A centre's own columns and its unit's code, as the admin page and the API read them (centres joined to units). */
export const CENTRE_COLUMNS = {
	id: serviceCentres.id,
	code: serviceCentres.code,
	unitCode: units.code,
	nameVi: serviceCentres.nameVi,
	nameEn: serviceCentres.nameEn,
	address: serviceCentres.address,
	kind: serviceCentres.kind,
	active: serviceCentres.active
};

export async function centreDetail(q: Db, id: number) {
	const [centre] = await q
		.select({ ...CENTRE_COLUMNS, unitId: serviceCentres.unitId, unitPath: units.path, unitVi: units.nameVi, unitEn: units.nameEn })
		.from(serviceCentres)
		.innerJoin(units, eq(units.id, serviceCentres.unitId))
		.where(eq(serviceCentres.id, id));
	if (!centre) return null;
	return { ...centre, counters: (await countersOf(q, [id])).map(({ centreId: _centre, ...k }) => k) };
}

/** The counters of some centres in code order, each with the codes of its fields (in code order). */
export async function countersOf(q: Db, centreIds: number[]) {
	if (centreIds.length === 0) return [];
	const [list, links] = await Promise.all([
		q
			.select({ id: counters.id, centreId: counters.centreId, code: counters.code, nameVi: counters.nameVi, nameEn: counters.nameEn, active: counters.active })
			.from(counters)
			.where(inArray(counters.centreId, centreIds))
			.orderBy(asc(counters.code)),
		q
			.select({ counterId: counterFields.counterId, code: fields.code })
			.from(counterFields)
			.innerJoin(fields, eq(fields.id, counterFields.fieldId))
			.innerJoin(counters, eq(counters.id, counterFields.counterId))
			.where(inArray(counters.centreId, centreIds))
			.orderBy(asc(fields.code))
	]);
	return list.map((k) => ({ ...k, fields: links.filter((l) => l.counterId === k.id).map((l) => l.code) }));
}

/** The centre a counter belongs to, with its unit's path (for the guard). */
export async function counterCentre(q: Db, counterId: number) {
	const [row] = await q
		.select({ counterId: counters.id, centreId: counters.centreId, unitPath: units.path })
		.from(counters)
		.innerJoin(serviceCentres, eq(serviceCentres.id, counters.centreId))
		.innerJoin(units, eq(units.id, serviceCentres.unitId))
		.where(eq(counters.id, counterId));
	return row ?? null;
}

/** The forms' labels, for naming a field in a problem message. */
export const CENTRE_LABELS = {
	code: 'centres.form.code',
	unitCode: 'centres.form.unit',
	nameVi: 'centres.form.nameVi',
	nameEn: 'centres.form.nameEn',
	address: 'centres.form.address',
	kind: 'centres.form.kind'
} as const satisfies Record<string, MessageKey>;

export const COUNTER_LABELS = {
	code: 'centres.counters.code',
	nameVi: 'centres.counters.nameVi',
	nameEn: 'centres.counters.nameEn',
	fields: 'centres.counters.fields'
} as const satisfies Record<string, MessageKey>;

const str = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** The centre form as an API item: every field given, an empty one cleared. */
export function centreItemFromForm(form: FormData) {
	return {
		code: str(form, 'code'),
		unitCode: str(form, 'unitCode'),
		nameVi: str(form, 'nameVi'),
		nameEn: str(form, 'nameEn') || null,
		address: str(form, 'address') || null,
		kind: str(form, 'kind') || null
	};
}

export function counterItemFromForm(form: FormData) {
	return {
		code: str(form, 'code'),
		nameVi: str(form, 'nameVi'),
		nameEn: str(form, 'nameEn') || null,
		fields: form.getAll('fields').map(String)
	};
}

export type SaveResult = { ok: true; id: number; result: 'created' | 'updated' | 'unchanged' } | { ok: false; problems: FieldProblem[] };

/** Creates (no `id`) or updates a centre from the admin form; a new code on an update must be free. */
export async function saveCentre(db: Db, item: unknown, scope: Scope, id?: number): Promise<SaveResult> {
	const { entries, problems } = validateCentreItems([item]);
	if (problems.length > 0) return { ok: false, problems };
	const after = noAftermath();
	const saved = await db.transaction(async (tx): Promise<SaveResult> => {
		const record = entries[0].record;
		const [taken] = await tx
			.select({ id: serviceCentres.id })
			.from(serviceCentres)
			.where(id === undefined ? eq(serviceCentres.code, record.code) : and(eq(serviceCentres.code, record.code), ne(serviceCentres.id, id)));
		if (taken) return { ok: false, problems: [{ field: 'code', key: 'centres.error.codeTaken', params: { value: record.code } }] };
		if (id !== undefined) await tx.update(serviceCentres).set({ code: record.code }).where(eq(serviceCentres.id, id));
		const checked = await checkCentres(tx, entries, scope);
		if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
		const [result] = await writeCentres(tx, checked.rows, new Date(), after);
		return { ok: true, id: result.id, result: result.result };
	});
	announce(after);
	return saved;
}

/** Creates (no `counterId`) or updates a counter of a centre from the form; a new code must be free in the centre. */
export async function saveCounter(db: Db, centreId: number, item: unknown, counterId?: number): Promise<SaveResult> {
	const parsed = counterItemSchema.safeParse(item);
	if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
	const record = parsed.data;
	const after = noAftermath();
	const saved = await db.transaction(async (tx): Promise<SaveResult> => {
		const resolved = resolveCounterFields(new FieldIndex(await listFields(tx)), record, '');
		if (resolved.problems.length > 0) return { ok: false, problems: resolved.problems };
		const sameCode = and(eq(counters.centreId, centreId), eq(counters.code, record.code));
		const [taken] = await tx
			.select({ id: counters.id })
			.from(counters)
			.where(counterId === undefined ? sameCode : and(sameCode, ne(counters.id, counterId)));
		if (taken) return { ok: false, problems: [{ field: 'code', key: 'centres.error.counterCodeTaken', params: { value: record.code } }] };
		if (counterId !== undefined) await tx.update(counters).set({ code: record.code }).where(and(eq(counters.id, counterId), eq(counters.centreId, centreId)));
		const [result] = await writeCounters(tx, centreId, [{ record, fieldIds: resolved.fieldIds }], new Date(), after);
		return { ok: true, id: result.id, result: result.result };
	});
	announce(after);
	return saved;
}

/** Retires (or brings back) a counter; retiring ends its shift and unbinds its devices. */
export async function setCounterActive(db: Db, counterId: number, active: boolean, now = new Date()): Promise<boolean> {
	const after = noAftermath();
	const changed = await db.transaction(async (tx) => {
		const rows = await tx
			.update(counters)
			.set({ active })
			.where(and(eq(counters.id, counterId), eq(counters.active, !active)))
			.returning({ id: counters.id });
		if (rows.length > 0 && !active) await retireCounters(tx, [counterId], now, after);
		return rows.length > 0;
	});
	announce(after);
	return changed;
}

/** Retires (or brings back) a centre; retiring takes all its counters out of service (their own flags stay). */
export async function setCentreActive(db: Db, centreId: number, active: boolean, now = new Date()): Promise<boolean> {
	const after = noAftermath();
	const changed = await db.transaction(async (tx) => {
		const rows = await tx
			.update(serviceCentres)
			.set({ active })
			.where(and(eq(serviceCentres.id, centreId), eq(serviceCentres.active, !active)))
			.returning({ id: serviceCentres.id });
		if (rows.length > 0 && !active) {
			const all = await tx.select({ id: counters.id }).from(counters).where(eq(counters.centreId, centreId));
			await retireCounters(tx, all.map((k) => k.id), now, after);
		}
		return rows.length > 0;
	});
	announce(after);
	return changed;
}

/** Units a centre may belong to, for the form's select: those in scope, not dissolved. */
export async function unitChoices(q: Db, scope: Scope) {
	const rows = await q
		.select({ id: units.id, code: units.code, nameVi: units.nameVi, nameEn: units.nameEn, path: units.path })
		.from(units)
		.where(and(scopeCondition(units.path, scope), sql`${units.dissolvedAt} is null`))
		.orderBy(asc(units.path));
	return rows.map((u) => ({ ...u, depth: u.path.split('/').length - 3 }));
}
