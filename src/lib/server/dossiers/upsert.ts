import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { db, type Db } from '../db';
import { calendarDays, dossiers, officerAssignments, officers, procedures, units, type DossierStatus, type NewDossier } from '../db/schema';
import { pathInScope, scopeCondition, type Scope } from '../scope';

export type { Scope };
import { addWorkingDays, buildCalendar, type WorkCalendar } from '../calendar';
import { forbidden, problem, zodProblems, type FieldProblem, type ItemProblem } from './errors';
import { lateNoticeProblems, writeLateNotices } from './late-notices';
import { dossierItemSchema, type DossierRecord } from './schema';

/**
 * Idempotent dossier upserts keyed by (province, code). A batch is one transaction: every item
 * is checked first (fields, references, scope), then written; with problems and no `partial`
 * nothing is written.
 */

/** Unit-subtree paths the caller may write to; null = everywhere (administrators). */
export type UpsertOutcome = 'created' | 'updated' | 'unchanged';
export type ItemResult = { index: number; code: string; id: number; result: UpsertOutcome };
export type IndexedRecord = { index: number; record: DossierRecord };
export type UpsertReport = { results: ItemResult[]; problems: ItemProblem[]; written: boolean };

type DossierValues = Omit<NewDossier, 'id' | 'updatedAt'> & {
	provinceId: number;
	unitId: number;
	procedureId: number;
	status: DossierStatus;
	dueAt: Date;
};
export type PreparedDossier = { index: number; record: DossierRecord; values: DossierValues; dueComputed: boolean };

/** Another writer created one of the codes, in a unit out of scope, while we checked: retry. */
export class ConcurrentChangeError extends Error {
	constructor(code: string) {
		super(`dossier ${code} changed concurrently; retry the request`);
	}
}

const WRITE_CHUNK = 500;

export function provinceOf(path: string): number {
	return Number(path.split('/')[1]);
}

/** Schema-checks raw items; problems carry the item's index and the field inside the item. */
export function validateItems(items: readonly unknown[]): { entries: IndexedRecord[]; problems: ItemProblem[] } {
	const entries: IndexedRecord[] = [];
	const problems: ItemProblem[] = [];
	items.forEach((item, index) => {
		const parsed = dossierItemSchema.safeParse(item);
		if (parsed.success) entries.push({ index, record: parsed.data });
		else for (const p of zodProblems(parsed.error)) problems.push({ ...p, index });
	});
	return { entries, problems };
}

/** Raw items from the API: validate, check, write. */
export async function upsertDossiers(items: readonly unknown[], scope: Scope, options: { partial?: boolean } = {}): Promise<UpsertReport> {
	const { entries, problems } = validateItems(items);
	return upsertDossierRecords(entries, scope, { ...options, problems });
}

export type UpsertOptions = {
	partial?: boolean;
	/** Problems the caller found before (items it refused itself), merged into the report. */
	problems?: ItemProblem[];
} & CheckOptions & {
		/**
		 * Facts the caller writes beside each dossier (service events, …), in the same transaction
		 * and after the dossiers, so an item is stored whole or not at all.
		 */
		afterWrite?: (tx: Db, results: readonly ItemResult[]) => Promise<void>;
	};

/** Checks beyond the item's own fields, for writers that ask for them. */
export type CheckOptions = {
	/** Refuse a status that moves a dossier backwards (returned → in progress): the national sync. */
	forwardOnly?: boolean;
	/** Fields the caller's shape does not carry: an absent value keeps what is stored instead of clearing it. */
	preserve?: readonly PreservedField[];
};
export type PreservedField = 'extraVisits' | 'agenciesCount';

/** Already-parsed records (the API after validation, the CSV import, the national sync). */
export async function upsertDossierRecords(entries: readonly IndexedRecord[], scope: Scope, options: UpsertOptions = {}): Promise<UpsertReport> {
	return db.transaction(async (tx) => {
		const checked = await prepareDossiers(tx, entries, scope, { lock: true, forwardOnly: options.forwardOnly, preserve: options.preserve });
		const problems = [...(options.problems ?? []), ...checked.problems].sort((a, b) => a.index - b.index);
		if (problems.length > 0 && !options.partial) return { results: [], problems, written: false };
		const results = await writeDossiers(tx, checked.rows, checked.existing, scope);
		await writeItemNotices(tx, checked.rows, results);
		await options.afterWrite?.(tx, results);
		return { results, problems, written: true };
	});
}

/**
 * How far a status has come: a final status (returned, withdrawn, rejected) is left for no other,
 * and an open one never goes back (ready → in progress, in progress → received).
 */
const STATUS_RANK: Record<DossierStatus, number> = { received: 0, in_progress: 1, ready: 2, returned: 3, withdrawn: 3, rejected: 3 };
const FINAL_STATUSES: readonly DossierStatus[] = ['returned', 'withdrawn', 'rejected'];

export function movesBackwards(from: DossierStatus, to: DossierStatus): boolean {
	if (from === to) return false;
	return FINAL_STATUSES.includes(from) || STATUS_RANK[to] < STATUS_RANK[from];
}

/**
 * The items' late notices (apology slips, explanations), added to what is stored; a dossier whose
 * own fields did not change but gained or corrected a notice reports 'updated'.
 */
async function writeItemNotices(tx: Db, rows: readonly PreparedDossier[], results: ItemResult[]): Promise<void> {
	const byIndex = new Map(results.map((r) => [r.index, r]));
	const writes = rows.flatMap((row) => (row.record.lateNotices ?? []).map((notice) => ({ dossierId: byIndex.get(row.index)!.id, notice, index: row.index })));
	const written = await writeLateNotices(tx, writes);
	for (const [i, w] of written.entries()) {
		const item = byIndex.get(writes[i].index)!;
		if (w.result !== 'unchanged' && item.result === 'unchanged') item.result = 'updated';
	}
}

/**
 * Resolves codes to ids, computes missing due dates and checks scope and date order, without
 * writing. `lock` takes row locks on existing dossiers (inside the writing transaction).
 */
export async function prepareDossiers(
	q: Db,
	entries: readonly IndexedRecord[],
	scope: Scope,
	options: { lock?: boolean } & CheckOptions = {}
): Promise<{ rows: PreparedDossier[]; problems: ItemProblem[]; existing: Map<string, ExistingDossier> }> {
	const records = entries.map((e) => e.record);
	const [unitByCode, procedureByCode, officerByStaff, calendar] = await Promise.all([
		loadUnits(q, records),
		loadProcedures(q, records),
		loadOfficers(q, records, scope),
		records.some((r) => !r.dueAt) ? loadWorkCalendar(q) : Promise.resolve(new Map() as WorkCalendar)
	]);
	const rows: PreparedDossier[] = [];
	const problems: ItemProblem[] = [];
	const firstIndexByKey = new Map<string, number>();
	for (const { index, record } of entries) {
		const found: FieldProblem[] = [];
		const unit = unitByCode.get(record.unitCode);
		if (!unit) found.push(problem('unitCode', 'dossiers.error.unknownUnit', { value: record.unitCode }));
		else if (!pathInScope(unit.path, scope)) found.push(forbidden('unitCode', 'dossiers.error.unitOutOfScope', record.unitCode));
		const procedure = procedureByCode.get(record.procedureCode);
		if (!procedure) found.push(problem('procedureCode', 'dossiers.error.unknownProcedure', { value: record.procedureCode }));
		const receiving = officerRef(officerByStaff, record.receivingOfficer, 'receivingOfficer', found);
		const returning = officerRef(officerByStaff, record.returningOfficer, 'returningOfficer', found);
		found.push(...dateOrderProblems(record));
		if (record.lateNotices) found.push(...lateNoticeProblems(record.lateNotices));
		if (unit) {
			const key = `${provinceOf(unit.path)}:${record.code}`;
			const first = firstIndexByKey.get(key);
			if (first !== undefined) found.push(problem('code', 'dossiers.error.duplicateInBatch', { other: first }));
			else firstIndexByKey.set(key, index);
		}
		if (found.length > 0 || !unit || !procedure) {
			for (const p of found) problems.push({ ...p, index });
			continue;
		}
		const dueAt = record.dueAt ?? addWorkingDays(record.receivedAt, procedure.handlingDays, calendar);
		rows.push({
			index,
			record,
			dueComputed: !record.dueAt,
			values: {
				provinceId: provinceOf(unit.path),
				unitId: unit.id,
				code: record.code,
				procedureId: procedure.id,
				channel: record.channel,
				status: record.status ?? impliedStatus(record),
				receivedAt: record.receivedAt,
				dueAt,
				completedAt: record.completedAt ?? null,
				returnedAt: record.returnedAt ?? null,
				receivingOfficerId: receiving ?? null,
				returningOfficerId: returning ?? null,
				extraVisits: record.extraVisits ?? null,
				agenciesCount: record.agenciesCount ?? null
			}
		});
	}
	const existing = await loadExisting(q, rows, options.lock ?? false);
	const kept: PreparedDossier[] = [];
	for (const row of rows) {
		const current = existing.get(existingKey(row.values.provinceId, row.values.code));
		if (current && !pathInScope(current.unitPath, scope)) {
			problems.push({ ...forbidden('code', 'dossiers.error.dossierOutOfScope', row.values.code), index: row.index });
		} else if (current && options.forwardOnly && movesBackwards(current.status, row.values.status)) {
			problems.push({ ...problem('status', 'dossiers.error.movesBackwards', { from: current.status, to: row.values.status }), index: row.index });
		} else {
			for (const field of options.preserve ?? []) if (current && row.record[field] === undefined) row.values[field] = current[field];
			kept.push(row);
		}
	}
	problems.sort((a, b) => a.index - b.index);
	return { rows: kept, problems, existing };
}

/** Without a status, the dates say how far the dossier has come. */
function impliedStatus(record: DossierRecord): DossierStatus {
	if (record.returnedAt) return 'returned';
	if (record.completedAt) return 'ready';
	return 'received';
}

function dateOrderProblems(r: DossierRecord): FieldProblem[] {
	const out: FieldProblem[] = [];
	const received = r.receivedAt.getTime();
	if (r.dueAt && r.dueAt.getTime() < received) out.push(problem('dueAt', 'dossiers.error.beforeReceived'));
	if (r.completedAt && r.completedAt.getTime() < received) out.push(problem('completedAt', 'dossiers.error.beforeReceived'));
	if (r.returnedAt && !r.completedAt) out.push(problem('returnedAt', 'dossiers.error.returnedNeedsCompleted'));
	else if (r.returnedAt && r.completedAt && r.returnedAt < r.completedAt) out.push(problem('returnedAt', 'dossiers.error.returnedBeforeCompleted'));
	if (r.status === 'returned' && !r.returnedAt) out.push(problem('status', 'dossiers.error.statusNeedsReturned'));
	return out;
}

type OfficerRow = { id: number; inScope: boolean };

function officerRef(
	byStaff: Map<string, OfficerRow>,
	staffNumber: string | undefined,
	field: 'receivingOfficer' | 'returningOfficer',
	found: FieldProblem[]
): number | undefined {
	if (!staffNumber) return undefined;
	const officer = byStaff.get(staffNumber);
	if (!officer) found.push(problem(field, 'dossiers.error.unknownOfficer', { value: staffNumber }));
	else if (!officer.inScope) found.push(forbidden(field, 'dossiers.error.officerOutOfScope', staffNumber));
	return officer?.id;
}

const distinct = <T>(values: (T | undefined)[]) => [...new Set(values.filter((v): v is T => v !== undefined))];

async function loadUnits(q: Db, records: readonly DossierRecord[]) {
	const codes = distinct(records.map((r) => r.unitCode));
	const rows = codes.length ? await q.select({ id: units.id, code: units.code, path: units.path }).from(units).where(inArray(units.code, codes)) : [];
	return new Map(rows.map((u) => [u.code, u]));
}

async function loadProcedures(q: Db, records: readonly DossierRecord[]) {
	const codes = distinct(records.map((r) => r.procedureCode));
	const rows = codes.length
		? await q.select({ id: procedures.id, code: procedures.code, handlingDays: procedures.handlingDays }).from(procedures).where(inArray(procedures.code, codes))
		: [];
	return new Map(rows.map((p) => [p.code, p]));
}

/** An officer is in scope when they have ever been assigned to a unit in scope (transfers keep history). */
export async function loadOfficers(q: Db, records: readonly Pick<DossierRecord, 'receivingOfficer' | 'returningOfficer'>[], scope: Scope) {
	const numbers = distinct(records.flatMap((r) => [r.receivingOfficer, r.returningOfficer]));
	return loadOfficersByStaffNumber(q, numbers, scope);
}

export async function loadOfficersByStaffNumber(q: Db, numbers: string[], scope: Scope): Promise<Map<string, OfficerRow>> {
	if (numbers.length === 0) return new Map();
	const rows = await q
		.select({ id: officers.id, staffNumber: officers.staffNumber, inScope: officerInScope(scope) })
		.from(officers)
		.where(inArray(officers.staffNumber, numbers));
	return new Map(rows.map((o) => [o.staffNumber, { id: o.id, inScope: Boolean(o.inScope) }]));
}

function officerInScope(scope: Scope): SQL<boolean> {
	return sql<boolean>`exists (select 1 from ${officerAssignments} a join ${units} u on u.id = a.unit_id
		where a.officer_id = "officers"."id" and ${scopeCondition(sql`u.path`, scope)})`;
}

async function loadWorkCalendar(q: Db): Promise<WorkCalendar> {
	return buildCalendar(await q.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays));
}

export type ExistingDossier = DossierValues & { id: number; unitPath: string };
const existingKey = (provinceId: number, code: string) => `${provinceId}:${code}`;

async function loadExisting(q: Db, rows: readonly PreparedDossier[], lock: boolean): Promise<Map<string, ExistingDossier>> {
	const out = new Map<string, ExistingDossier>();
	if (rows.length === 0) return out;
	const codes = distinct(rows.map((r) => r.values.code));
	const provinces = distinct(rows.map((r) => r.values.provinceId));
	const query = q
		.select({
			id: dossiers.id,
			provinceId: dossiers.provinceId,
			unitId: dossiers.unitId,
			code: dossiers.code,
			procedureId: dossiers.procedureId,
			channel: dossiers.channel,
			status: dossiers.status,
			receivedAt: dossiers.receivedAt,
			dueAt: dossiers.dueAt,
			completedAt: dossiers.completedAt,
			returnedAt: dossiers.returnedAt,
			receivingOfficerId: dossiers.receivingOfficerId,
			returningOfficerId: dossiers.returningOfficerId,
			extraVisits: dossiers.extraVisits,
			agenciesCount: dossiers.agenciesCount,
			unitPath: units.path
		})
		.from(dossiers)
		.innerJoin(units, eq(units.id, dossiers.unitId))
		.where(and(inArray(dossiers.code, codes), inArray(dossiers.provinceId, provinces)));
	const found = lock ? await query.for('update', { of: dossiers }) : await query;
	for (const d of found) out.set(existingKey(d.provinceId, d.code), d);
	return out;
}

const time = (d: Date | null | undefined) => d?.getTime() ?? null;

function sameState(a: DossierValues, b: DossierValues): boolean {
	return (
		a.unitId === b.unitId &&
		a.procedureId === b.procedureId &&
		a.channel === b.channel &&
		a.status === b.status &&
		time(a.receivedAt) === time(b.receivedAt) &&
		time(a.dueAt) === time(b.dueAt) &&
		time(a.completedAt) === time(b.completedAt) &&
		time(a.returnedAt) === time(b.returnedAt) &&
		(a.receivingOfficerId ?? null) === (b.receivingOfficerId ?? null) &&
		(a.returningOfficerId ?? null) === (b.returningOfficerId ?? null) &&
		(a.extraVisits ?? null) === (b.extraVisits ?? null) &&
		(a.agenciesCount ?? null) === (b.agenciesCount ?? null)
	);
}

const excluded = (column: string) => sql.raw(`excluded."${column}"`);

/** Writes checked rows; call inside the transaction that prepared them with `lock`. */
export async function writeDossiers(
	tx: Db,
	rows: readonly PreparedDossier[],
	existing: ReadonlyMap<string, ExistingDossier>,
	scope: Scope
): Promise<ItemResult[]> {
	const results: ItemResult[] = [];
	const pending: PreparedDossier[] = [];
	for (const row of rows) {
		const current = existing.get(existingKey(row.values.provinceId, row.values.code));
		if (current && sameState(current, row.values)) results.push({ index: row.index, code: row.values.code, id: current.id, result: 'unchanged' });
		else pending.push(row);
	}
	for (let i = 0; i < pending.length; i += WRITE_CHUNK) {
		results.push(...(await writeChunk(tx, pending.slice(i, i + WRITE_CHUNK), scope)));
	}
	return results.sort((a, b) => a.index - b.index);
}

async function writeChunk(tx: Db, chunk: readonly PreparedDossier[], scope: Scope): Promise<ItemResult[]> {
	const written = await tx
		.insert(dossiers)
		.values(chunk.map((r) => r.values))
		.onConflictDoUpdate({
			target: [dossiers.provinceId, dossiers.code],
			set: {
				unitId: excluded('unit_id'),
				procedureId: excluded('procedure_id'),
				channel: excluded('channel'),
				status: excluded('status'),
				receivedAt: excluded('received_at'),
				dueAt: excluded('due_at'),
				completedAt: excluded('completed_at'),
				returnedAt: excluded('returned_at'),
				receivingOfficerId: excluded('receiving_officer_id'),
				returningOfficerId: excluded('returning_officer_id'),
				extraVisits: excluded('extra_visits'),
				agenciesCount: excluded('agencies_count'),
				updatedAt: sql`now()`
			},
			// A row created concurrently in another unit's subtree is never taken over.
			setWhere: sql`${dossiers.unitId} in (select u.id from ${units} u where ${scopeCondition(sql`u.path`, scope)})`
		})
		.returning({ id: dossiers.id, provinceId: dossiers.provinceId, code: dossiers.code, inserted: sql<boolean>`(xmax = 0)` });
	const byKey = new Map(written.map((w) => [existingKey(w.provinceId, w.code), w]));
	return chunk.map((row) => {
		const w = byKey.get(existingKey(row.values.provinceId, row.values.code));
		if (!w) throw new ConcurrentChangeError(row.values.code);
		return { index: row.index, code: row.values.code, id: w.id, result: w.inserted ? 'created' : 'updated' };
	});
}
