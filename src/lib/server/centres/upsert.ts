import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { counterFields, counterShifts, counters, deviceBindings, serviceCentres, units, type NewCounter } from '../db/schema';
import { pathInScope, type Scope } from '../scope';

export type { Scope };
import { forgetDevice } from '../auth/credentials';
import { forbidden, problem, zodProblems, type FieldProblem, type ItemProblem } from '../dossiers/errors';
import { publish } from '../events/bus';
import { closeOpenService } from '../service-events/writer';
import { FieldIndex, listFields } from '../procedures/fields';
import { centreItemSchema, type CentreRecord, type CounterRecord } from './schema';

/**
 * Centres and their counters, written idempotently by code (a centre's code is unique in the
 * province, a counter's within its centre) from the integration API and the admin pages. Nothing
 * is deleted: a counter or centre is retired (`active = false`), its history stays attributed, and
 * retiring it ends the shift held there and unbinds its tablets and boxes, so it is neither
 * offered at "Quầy của tôi" nor paired again.
 */

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
export type IndexedCentre = { index: number; record: CentreRecord };
export type PreparedCounter = { record: CounterRecord; fieldIds?: number[] };
export type PreparedCentre = { index: number; record: CentreRecord; unitId: number; counters: PreparedCounter[] };
export type CounterResult = { code: string; id: number; result: UpsertOutcome };
export type CentreResult = { index: number; code: string; id: number; result: UpsertOutcome; counters: CounterResult[] };

export function validateCentreItems(items: readonly unknown[]): { entries: IndexedCentre[]; problems: ItemProblem[] } {
	const entries: IndexedCentre[] = [];
	const problems: ItemProblem[] = [];
	items.forEach((item, index) => {
		const parsed = centreItemSchema.safeParse(item);
		if (parsed.success) entries.push({ index, record: parsed.data });
		else problems.push(...zodProblems(parsed.error).map((p) => ({ ...p, index })));
	});
	return { entries, problems };
}

/** Resolves a counter's fields (code or name) to ids; unknown ones are problems under `prefix.fields`. */
export function resolveCounterFields(index: FieldIndex, record: CounterRecord, prefix: string): { fieldIds?: number[]; problems: FieldProblem[] } {
	if (!record.fields) return { problems: [] };
	const fieldIds: number[] = [];
	const problems: FieldProblem[] = [];
	for (const f of record.fields) {
		const id = index.find(f);
		if (id === undefined) problems.push(problem(`${prefix}fields`, 'centres.error.unknownField', { value: f }));
		else if (!fieldIds.includes(id)) fieldIds.push(id);
	}
	return { fieldIds, problems };
}

/**
 * Checks what the schema cannot: a centre or counter code given twice, unknown units and fields,
 * a unit outside the scope, an existing centre of that code in a unit outside the scope.
 */
export async function checkCentres(q: Db, entries: readonly IndexedCentre[], scope: Scope): Promise<{ rows: PreparedCentre[]; problems: ItemProblem[] }> {
	const unitCodes = [...new Set(entries.map((e) => e.record.unitCode))];
	const centreCodes = [...new Set(entries.map((e) => e.record.code))];
	const [unitRows, existing, fieldRows] = await Promise.all([
		unitCodes.length ? q.select({ id: units.id, code: units.code, path: units.path }).from(units).where(inArray(units.code, unitCodes)) : [],
		centreCodes.length
			? q
					.select({ code: serviceCentres.code, path: units.path })
					.from(serviceCentres)
					.innerJoin(units, eq(units.id, serviceCentres.unitId))
					.where(inArray(serviceCentres.code, centreCodes))
			: [],
		listFields(q)
	]);
	const unitByCode = new Map(unitRows.map((u) => [u.code, u]));
	const existingPath = new Map(existing.map((c) => [c.code, c.path]));
	const fieldIndex = new FieldIndex(fieldRows);
	const firstByCode = new Map<string, number>();
	const rows: PreparedCentre[] = [];
	const problems: ItemProblem[] = [];
	for (const { index, record } of entries) {
		const mine: FieldProblem[] = [];
		const first = firstByCode.get(record.code);
		if (first !== undefined) mine.push(problem('code', 'centres.error.duplicateItem', { other: first }));
		else firstByCode.set(record.code, index);
		const unit = unitByCode.get(record.unitCode);
		if (!unit) mine.push(problem('unitCode', 'dossiers.error.unknownUnit', { value: record.unitCode }));
		else if (!pathInScope(unit.path, scope)) mine.push(forbidden('unitCode', 'dossiers.error.unitOutOfScope', record.unitCode));
		const stored = existingPath.get(record.code);
		if (stored !== undefined && !pathInScope(stored, scope)) mine.push(forbidden('code', 'centres.error.centreOutOfScope', record.code));
		const prepared: PreparedCounter[] = [];
		const counterCodes = new Map<string, number>();
		(record.counters ?? []).forEach((counter, i) => {
			const other = counterCodes.get(counter.code);
			if (other !== undefined) mine.push(problem(`counters[${i}].code`, 'centres.error.duplicateCounter', { other }));
			else counterCodes.set(counter.code, i);
			const fields = resolveCounterFields(fieldIndex, counter, `counters[${i}].`);
			mine.push(...fields.problems);
			prepared.push({ record: counter, fieldIds: fields.fieldIds });
		});
		if (mine.length > 0 || !unit) problems.push(...mine.map((p) => ({ ...p, index })));
		else rows.push({ index, record, unitId: unit.id, counters: prepared });
	}
	return { rows, problems };
}

/** What has to happen after the transaction: services closed and devices unbound by a retirement. */
export type Aftermath = { closedServices: { serviceEventId: number; counterId: number }[]; unboundDevices: number[] };
export const noAftermath = (): Aftermath => ({ closedServices: [], unboundDevices: [] });

export function announce(after: Aftermath): void {
	for (const d of after.unboundDevices) forgetDevice(d);
	for (const s of after.closedServices) publish('service.closed', s);
}

/**
 * Takes retired counters out of service: their open shift ends, an open service closes, their
 * devices are unbound (they can be paired to another counter). Ratings and services stay.
 */
export async function retireCounters(tx: Db, counterIds: readonly number[], now: Date, after: Aftermath): Promise<void> {
	if (counterIds.length === 0) return;
	const ids = [...counterIds];
	await tx.update(counterShifts).set({ endedAt: now }).where(and(inArray(counterShifts.counterId, ids), isNull(counterShifts.endedAt)));
	const closed: { serviceEventId: number; counterId: number }[] = [];
	// through the one writer of service events: its counter lock, in id order
	for (const id of ids.sort((a, b) => a - b)) closed.push(...(await closeOpenService(tx, id, now)).map((c) => ({ serviceEventId: c.id, counterId: c.counterId })));
	const unbound = await tx
		.update(deviceBindings)
		.set({ unboundAt: now })
		.where(and(inArray(deviceBindings.counterId, ids), isNull(deviceBindings.unboundAt)))
		.returning({ deviceId: deviceBindings.deviceId });
	after.closedServices.push(...closed);
	after.unboundDevices.push(...unbound.map((u) => u.deviceId));
}

type StoredCounter = typeof counters.$inferSelect;

/**
 * Upserts a centre's counters by code (inside the caller's transaction). Those not listed are
 * left alone. A counter that becomes inactive is retired (see `retireCounters`).
 */
export async function writeCounters(tx: Db, centreId: number, list: readonly PreparedCounter[], now: Date, after: Aftermath): Promise<CounterResult[]> {
	if (list.length === 0) return [];
	const existing = await tx
		.select()
		.from(counters)
		.where(and(eq(counters.centreId, centreId), inArray(counters.code, list.map((c) => c.record.code))))
		.for('update');
	const byCode = new Map(existing.map((k) => [k.code, k]));
	const results: CounterResult[] = [];
	const retired: number[] = [];
	for (const { record, fieldIds } of list) {
		const old: StoredCounter | undefined = byCode.get(record.code);
		const values: Omit<NewCounter, 'id'> = {
			centreId,
			code: record.code,
			nameVi: record.nameVi,
			nameEn: record.nameEn !== undefined ? record.nameEn : (old?.nameEn ?? null),
			active: record.active ?? old?.active ?? true
		};
		let id: number;
		let result: UpsertOutcome;
		if (!old) {
			[{ id }] = await tx.insert(counters).values(values).returning({ id: counters.id });
			result = 'created';
		} else {
			id = old.id;
			const changed = values.nameVi !== old.nameVi || values.nameEn !== old.nameEn || values.active !== old.active;
			if (changed) await tx.update(counters).set(values).where(eq(counters.id, id));
			if (old.active && !values.active) retired.push(id);
			result = changed ? 'updated' : 'unchanged';
		}
		if (fieldIds && (await replaceCounterFields(tx, id, fieldIds)) && result === 'unchanged') result = 'updated';
		results.push({ code: record.code, id, result });
	}
	await retireCounters(tx, retired, now, after);
	return results;
}

/** Sets a counter's fields to exactly these; true when they changed. */
export async function replaceCounterFields(tx: Db, counterId: number, fieldIds: readonly number[]): Promise<boolean> {
	const have = (await tx.select({ fieldId: counterFields.fieldId }).from(counterFields).where(eq(counterFields.counterId, counterId))).map((r) => r.fieldId);
	const removed = have.filter((f) => !fieldIds.includes(f));
	const added = fieldIds.filter((f) => !have.includes(f));
	if (removed.length) await tx.delete(counterFields).where(and(eq(counterFields.counterId, counterId), inArray(counterFields.fieldId, removed)));
	if (added.length) await tx.insert(counterFields).values(added.map((fieldId) => ({ counterId, fieldId })));
	return removed.length + added.length > 0;
}

/** Writes checked centres and their counters (inside the caller's transaction). */
export async function writeCentres(tx: Db, rows: readonly PreparedCentre[], now: Date, after: Aftermath): Promise<CentreResult[]> {
	if (rows.length === 0) return [];
	const existing = await tx
		.select()
		.from(serviceCentres)
		.where(inArray(serviceCentres.code, rows.map((r) => r.record.code)))
		.for('update');
	const byCode = new Map(existing.map((c) => [c.code, c]));
	const results: CentreResult[] = [];
	for (const { index, record, unitId, counters: list } of rows) {
		const old = byCode.get(record.code);
		const keep = <K extends 'nameEn' | 'address' | 'kind'>(key: K) => (record[key] !== undefined ? record[key] : (old?.[key] ?? null));
		const values = {
			unitId,
			code: record.code,
			nameVi: record.nameVi,
			nameEn: keep('nameEn'),
			address: keep('address'),
			kind: keep('kind'),
			active: record.active ?? old?.active ?? true
		};
		let id: number;
		let result: UpsertOutcome;
		if (!old) {
			[{ id }] = await tx.insert(serviceCentres).values(values).returning({ id: serviceCentres.id });
			result = 'created';
		} else {
			id = old.id;
			const changed = (['unitId', 'nameVi', 'nameEn', 'address', 'kind', 'active'] as const).some((k) => values[k] !== old[k]);
			if (changed) await tx.update(serviceCentres).set(values).where(eq(serviceCentres.id, id));
			if (old.active && !values.active) {
				const all = await tx.select({ id: counters.id }).from(counters).where(eq(counters.centreId, id));
				await retireCounters(tx, all.map((k) => k.id), now, after);
			}
			result = changed ? 'updated' : 'unchanged';
		}
		const counterResults = await writeCounters(tx, id, list, now, after);
		if (result === 'unchanged' && counterResults.some((c) => c.result !== 'unchanged')) result = 'updated';
		results.push({ index, code: record.code, id, result, counters: counterResults });
	}
	return results;
}

export type CentreUpsertReport = { results: CentreResult[]; problems: ItemProblem[]; written: boolean };

/** Raw items (the API): validate, check, write in one transaction; with problems and no `partial`, nothing is written. */
export async function upsertCentres(db: Db, items: readonly unknown[], scope: Scope, options: { partial?: boolean; now?: Date } = {}): Promise<CentreUpsertReport> {
	const { entries, problems: invalid } = validateCentreItems(items);
	const after = noAftermath();
	const report = await db.transaction(async (tx) => {
		const checked = await checkCentres(tx, entries, scope);
		const problems = [...invalid, ...checked.problems].sort((a, b) => a.index - b.index);
		if (problems.length > 0 && !options.partial) return { results: [], problems, written: false };
		return { results: await writeCentres(tx, checked.rows, options.now ?? new Date(), after), problems, written: true };
	});
	announce(after);
	return report;
}

