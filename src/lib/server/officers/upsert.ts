import { asc, eq, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { db, type Db } from '../db';
import { officerAssignments, officers, units, userRoles, users } from '../db/schema';
import { pathInScope, type Scope } from '../scope';
import { forbidden, problem, zodProblems, type FieldProblem, type ItemProblem } from '../dossiers/errors';
import { endAfterDay, firstDay, lastDay, startOfDay } from './dates';
import { planPostings, type NewPosting, type PostingPlan, type PostingProblem, type PostingUpdate, type StoredPosting, type WantedPosting } from './postings';
import { officerItemSchema, type OfficerItem } from './schema';

/**
 * Idempotent officer upserts keyed by staff number, for the integration API and the HR-list
 * import alike: every item is checked first (fields, units, scope, postings against the stored
 * ones, the account to link), then written. Postings follow postings.ts: a changed unit from a
 * later day is a transfer, the same list again changes nothing.
 *
 * Scope (unit-subtree paths; null = administrators): an existing officer belongs where their open
 * posting is (else their latest one); postings outside the scope may be listed as they are stored
 * but not added or changed; a caller with a scope creates only officers with a posting, and links
 * only accounts whose every role is in the scope.
 */

export type OfficerScope = Scope;
export type OfficerOutcome = 'created' | 'updated' | 'unchanged';
export type OfficerResult = { index: number; staffNumber: string; id: number; result: OfficerOutcome; transfers: number };
export type IndexedOfficer = { index: number; item: OfficerItem };
/** Items come from an API batch (index = position) or a file (index = line). */
export type OfficerSource = 'api' | 'file';

type Fields = { fullName: string; titleVi: string | null; titleEn: string | null; active: boolean };
type ExistingOfficer = Fields & { id: number; staffNumber: string; scopePath: string | null; postings: (StoredPosting & { unitCode: string; unitPath: string })[]; userId: number | null; username: string | null };
type Link = { kind: 'link'; userId: number } | { kind: 'unlink'; userId: number };
export type PreparedOfficer = {
	index: number;
	staffNumber: string;
	existing: ExistingOfficer | null;
	fields: Fields;
	fieldsChanged: boolean;
	plan: Extract<PostingPlan, { ok: true }>;
	link: Link | null;
};

/** Another writer created one of the staff numbers while we checked: send again. */
export class OfficerConflictError extends Error {
	constructor(staffNumber: string) {
		super(`officer ${staffNumber} was created concurrently; retry`);
	}
}

export function validateOfficerItems(items: readonly unknown[]): { entries: IndexedOfficer[]; problems: ItemProblem[] } {
	const entries: IndexedOfficer[] = [];
	const problems: ItemProblem[] = [];
	items.forEach((raw, index) => {
		const parsed = officerItemSchema.safeParse(raw);
		if (parsed.success) entries.push({ index, item: parsed.data });
		else problems.push(...zodProblems(parsed.error).map((p) => ({ ...p, index })));
	});
	return { entries, problems };
}

export type UpsertOfficersReport = { results: OfficerResult[]; problems: ItemProblem[]; written: boolean };

/** Raw items from the API: validate, check under lock, write — one transaction. */
export async function upsertOfficers(items: readonly unknown[], scope: OfficerScope, options: { partial?: boolean } = {}): Promise<UpsertOfficersReport> {
	const { entries, problems: invalid } = validateOfficerItems(items);
	return db.transaction(async (tx) => {
		const checked = await prepareOfficers(tx, entries, scope, { lock: true, source: 'api' });
		const problems = [...invalid, ...checked.problems].sort((a, b) => a.index - b.index);
		if (problems.length > 0 && !options.partial) return { results: [], problems, written: false };
		return { results: await writeOfficers(tx, checked.rows), problems, written: true };
	});
}

const distinct = <T>(values: T[]) => [...new Set(values)];

/**
 * Resolves and checks without writing. With `lock`, the existing officers' rows are locked
 * (inside the writing transaction), so their postings cannot change between check and write.
 */
export async function prepareOfficers(
	q: Db,
	entries: readonly IndexedOfficer[],
	scope: OfficerScope,
	options: { lock?: boolean; source?: OfficerSource } = {}
): Promise<{ rows: PreparedOfficer[]; problems: ItemProblem[] }> {
	const source = options.source ?? 'api';
	const items = entries.map((e) => e.item);
	const [unitByCode, existingByStaff] = await Promise.all([
		loadUnits(q, distinct(items.flatMap((i) => (i.postings ?? []).map((p) => p.unitCode)))),
		loadExisting(q, distinct(items.map((i) => i.staffNumber)), options.lock ?? false)
	]);
	// accounts to link, and the accounts of officers to unlink
	const names = items.flatMap((i) => (typeof i.username === 'string' ? [i.username] : i.username === null ? [existingByStaff.get(i.staffNumber)?.username ?? ''] : []));
	const accounts = await loadAccounts(q, distinct(names.filter(Boolean).map((n) => n.toLowerCase())));
	const codeById = new Map<number, string>();
	for (const u of unitByCode.values()) codeById.set(u.id, u.code);
	for (const o of existingByStaff.values()) for (const p of o.postings) codeById.set(p.unitId, p.unitCode);

	const rows: PreparedOfficer[] = [];
	const problems: ItemProblem[] = [];
	const firstByStaff = new Map<string, number>();
	const firstByUser = new Map<number, number>();
	for (const { index, item } of entries) {
		const found: FieldProblem[] = [];
		const first = firstByStaff.get(item.staffNumber);
		if (first !== undefined) {
			found.push(problem('staffNumber', source === 'file' ? 'officers.error.duplicateInFile' : 'officers.error.duplicateInBatch', { other: first }));
		} else firstByStaff.set(item.staffNumber, index);
		const existing = existingByStaff.get(item.staffNumber) ?? null;
		if (existing && scope !== null && !(existing.scopePath && pathInScope(existing.scopePath, scope))) {
			found.push(forbidden('staffNumber', 'dossiers.error.officerOutOfScope', item.staffNumber));
		}
		const postings = item.postings ?? [];
		if (!existing && scope !== null && postings.length === 0) found.push({ ...problem('postings', 'officers.error.needsPosting'), forbidden: true });
		const wanted: WantedPosting[] = [];
		const pathOf = new Map<number, string>();
		postings.forEach((p, j) => {
			const at = (field: string) => `postings[${j}].${field}`;
			const unit = unitByCode.get(p.unitCode);
			if (!unit) found.push(problem(at('unitCode'), 'dossiers.error.unknownUnit', { value: p.unitCode }));
			else if (unit.dissolvedAt && unit.dissolvedAt.getTime() <= startOfDay(p.from).getTime()) {
				found.push(problem(at('unitCode'), 'officers.error.unitDissolved', { value: p.unitCode, date: firstDay(unit.dissolvedAt) }));
			}
			if (typeof p.to === 'string' && p.to < p.from) found.push(problem(at('to'), 'officers.error.endBeforeStart'));
			if (unit) {
				pathOf.set(unit.id, unit.path);
				wanted.push({
					unitId: unit.id,
					positionVi: p.positionVi,
					positionEn: p.positionEn,
					startedAt: startOfDay(p.from),
					endedAt: p.to === undefined ? undefined : p.to === null ? null : endAfterDay(p.to)
				});
			}
		});
		let plan: PostingPlan = { ok: true, updates: [], inserts: [], transfers: 0 };
		if (found.length === 0) {
			plan = planPostings(existing?.postings ?? [], wanted);
			if (!plan.ok) found.push(...plan.problems.map((pp) => postingProblem(pp, codeById)));
			// A posting outside the scope may be listed (an officer's history elsewhere), not changed.
			else if (scope !== null) found.push(...outOfScopeChanges(plan, wanted, postings, existing, pathOf, scope));
		}
		const link = linkChange(item, existing, accounts, scope, found);
		if (link?.kind === 'link') {
			const other = firstByUser.get(link.userId);
			if (other !== undefined) found.push(problem('username', source === 'file' ? 'officers.error.usernameInFile' : 'officers.error.usernameInBatch', { other }));
			else firstByUser.set(link.userId, index);
		}
		if (found.length > 0 || !plan.ok) {
			problems.push(...found.map((p) => ({ ...p, index })));
			continue;
		}
		const fields: Fields = {
			fullName: item.fullName,
			titleVi: item.titleVi === undefined ? (existing?.titleVi ?? null) : item.titleVi,
			titleEn: item.titleEn === undefined ? (existing?.titleEn ?? null) : item.titleEn,
			active: item.active ?? existing?.active ?? true
		};
		const fieldsChanged =
			existing !== null &&
			(existing.fullName !== fields.fullName || existing.titleVi !== fields.titleVi || existing.titleEn !== fields.titleEn || existing.active !== fields.active);
		rows.push({ index, staffNumber: item.staffNumber, existing, fields, fieldsChanged, plan, link });
	}
	return { rows, problems: problems.sort((a, b) => a.index - b.index) };
}

function outOfScopeChanges(
	plan: Extract<PostingPlan, { ok: true }>,
	wanted: readonly WantedPosting[],
	postings: readonly { unitCode: string }[],
	existing: ExistingOfficer | null,
	pathOf: ReadonlyMap<number, string>,
	scope: readonly string[]
): FieldProblem[] {
	const out: FieldProblem[] = [];
	for (const p of plan.inserts) {
		if (pathInScope(pathOf.get(p.unitId) ?? '', scope)) continue;
		const j = wanted.findIndex((w) => w.unitId === p.unitId && w.startedAt.getTime() === p.startedAt.getTime());
		out.push(forbidden(`postings[${j}].unitCode`, 'dossiers.error.unitOutOfScope', postings[j]?.unitCode ?? ''));
	}
	for (const u of plan.updates) {
		const stored = existing?.postings.find((s) => s.id === u.id);
		if (stored && !pathInScope(stored.unitPath, scope)) {
			const j = wanted.findIndex((w) => w.unitId === stored.unitId);
			out.push(forbidden(j >= 0 ? `postings[${j}].unitCode` : 'postings', 'dossiers.error.unitOutOfScope', stored.unitCode));
		}
	}
	return out;
}

function postingProblem(p: PostingProblem, codeById: ReadonlyMap<number, string>): FieldProblem {
	if (p.reason !== 'overlap') return problem(`postings[${p.index}].to`, p.reason === 'openNotLast' ? 'officers.error.openNotLast' : 'officers.error.endBeforeStart');
	return problem(`postings[${p.index}].from`, p.other.endedAt ? 'officers.error.overlap' : 'officers.error.overlapOpen', {
		unit: codeById.get(p.other.unitId) ?? String(p.other.unitId),
		from: firstDay(p.other.startedAt),
		to: p.other.endedAt ? lastDay(p.other.endedAt) : ''
	});
}

function linkChange(item: OfficerItem, existing: ExistingOfficer | null, accounts: ReadonlyMap<string, Account>, scope: OfficerScope, found: FieldProblem[]): Link | null {
	if (item.username === undefined) return null;
	if (item.username === null) {
		if (!existing?.userId || !existing.username) return null;
		const linked = accounts.get(existing.username.toLowerCase());
		if (linked && !accountInScope(linked, scope)) {
			found.push(forbidden('username', 'officers.error.userOutOfScope', linked.username));
			return null;
		}
		return { kind: 'unlink', userId: existing.userId };
	}
	const account = accounts.get(item.username.toLowerCase());
	if (!account) {
		found.push(problem('username', 'officers.error.unknownUser', { value: item.username }));
		return null;
	}
	if (account.officerId !== null && account.officerId !== existing?.id) {
		found.push(problem('username', 'officers.error.userLinked', { value: account.username, other: account.officerStaffNumber ?? '' }));
		return null;
	}
	if (existing?.userId && existing.userId !== account.id) {
		found.push(problem('username', 'officers.error.officerHasUser', { value: existing.username ?? '' }));
		return null;
	}
	if (!accountInScope(account, scope)) {
		found.push(forbidden('username', 'officers.error.userOutOfScope', account.username));
		return null;
	}
	return existing?.userId === account.id ? null : { kind: 'link', userId: account.id };
}

/** Every role of the account lies in the scope (an administrator's never does, except for administrators). */
const accountInScope = (a: Account, scope: OfficerScope) => scope === null || a.rolePaths.every((path) => path !== null && pathInScope(path, scope));

type UnitRef = { id: number; code: string; path: string; dissolvedAt: Date | null };

async function loadUnits(q: Db, codes: string[]): Promise<Map<string, UnitRef>> {
	if (codes.length === 0) return new Map();
	const rows = await q.select({ id: units.id, code: units.code, path: units.path, dissolvedAt: units.dissolvedAt }).from(units).where(anyOf(units.code, codes, 'text'));
	return new Map(rows.map((u) => [u.code, u]));
}

/**
 * `column = any($1)`: one array parameter instead of one per value (inArray), several times faster
 * for the thousands of staff numbers of an HR list, on PGlite especially.
 */
const anyOf = (column: SQL | AnyColumn, values: readonly (string | number)[], type: 'text' | 'int') =>
	sql`${column} = any(${sql.param(values)}::${sql.raw(type)}[])`;

/**
 * Postings with their unit's code and path, and whatever `extra` columns a reader needs; the
 * caller adds its condition and order.
 */
export function selectPostings<T extends SelectedFields>(q: Db, extra: T) {
	return q
		.select({
			id: officerAssignments.id,
			unitId: officerAssignments.unitId,
			unitCode: units.code,
			unitPath: units.path,
			positionVi: officerAssignments.positionVi,
			positionEn: officerAssignments.positionEn,
			startedAt: officerAssignments.startedAt,
			endedAt: officerAssignments.endedAt,
			...extra
		})
		.from(officerAssignments)
		.innerJoin(units, eq(units.id, officerAssignments.unitId));
}

/** An officer's own columns and their account's (officers left-joined to users), as the admin page and the upsert read them. */
export const OFFICER_WITH_ACCOUNT = {
	id: officers.id,
	staffNumber: officers.staffNumber,
	fullName: officers.fullName,
	titleVi: officers.titleVi,
	titleEn: officers.titleEn,
	active: officers.active,
	userId: users.id,
	username: users.username
};

/** Existing officers with every posting (and the unit code, for messages) and their account. */
export async function loadExisting(q: Db, staffNumbers: string[], lock: boolean): Promise<Map<string, ExistingOfficer>> {
	const out = new Map<string, ExistingOfficer>();
	if (staffNumbers.length === 0) return out;
	const query = q
		.select(OFFICER_WITH_ACCOUNT)
		.from(officers)
		.leftJoin(users, eq(users.officerId, officers.id))
		.where(anyOf(officers.staffNumber, staffNumbers, 'text'));
	const found = lock ? await query.for('update', { of: officers }) : await query;
	if (found.length === 0) return out;
	const postings = await selectPostings(q, { officerId: officerAssignments.officerId })
		.where(
			anyOf(
				officerAssignments.officerId,
				found.map((o) => o.id),
				'int'
			)
		)
		.orderBy(asc(officerAssignments.startedAt));
	const byOfficer = new Map<number, typeof postings>();
	for (const p of postings) {
		const list = byOfficer.get(p.officerId);
		if (list) list.push(p);
		else byOfficer.set(p.officerId, [p]);
	}
	for (const o of found) {
		const list = byOfficer.get(o.id) ?? [];
		const current = list.find((p) => p.endedAt === null) ?? list.at(-1);
		out.set(o.staffNumber, {
			id: o.id,
			staffNumber: o.staffNumber,
			fullName: o.fullName,
			titleVi: o.titleVi,
			titleEn: o.titleEn,
			active: o.active,
			scopePath: current?.unitPath ?? null,
			postings: list.map(({ officerId: _o, ...p }) => p),
			userId: o.userId,
			username: o.username
		});
	}
	return out;
}

type Account = { id: number; username: string; officerId: number | null; officerStaffNumber: string | null; rolePaths: (string | null)[] };

async function loadAccounts(q: Db, lowerNames: string[]): Promise<Map<string, Account>> {
	if (lowerNames.length === 0) return new Map();
	const rows = await q
		.select({ id: users.id, username: users.username, officerId: users.officerId, officerStaffNumber: officers.staffNumber, role: userRoles.role, path: units.path })
		.from(users)
		.leftJoin(officers, eq(officers.id, users.officerId))
		.leftJoin(userRoles, sql`${userRoles.userId} = ${users.id} and ${isNull(userRoles.revokedAt)}`)
		.leftJoin(units, eq(units.id, userRoles.unitId))
		.where(anyOf(sql`lower(${users.username})`, lowerNames, 'text'));
	const out = new Map<string, Account>();
	for (const r of rows) {
		const key = r.username.toLowerCase();
		const a = out.get(key) ?? { id: r.id, username: r.username, officerId: r.officerId, officerStaffNumber: r.officerStaffNumber, rolePaths: [] };
		// an administrator's grant has no unit: never within a scope
		if (r.role !== null) a.rolePaths.push(r.role === 'admin' ? null : r.path);
		out.set(key, a);
	}
	return out;
}

const CHUNK = 500;

/** Writes checked rows; call inside the transaction that prepared them with `lock`. */
export async function writeOfficers(tx: Db, rows: readonly PreparedOfficer[]): Promise<OfficerResult[]> {
	const idByIndex = new Map<number, number>();
	const fresh = rows.filter((r) => !r.existing);
	for (let i = 0; i < fresh.length; i += CHUNK) {
		const chunk = fresh.slice(i, i + CHUNK);
		const made = await tx
			.insert(officers)
			.values(chunk.map((r) => ({ staffNumber: r.staffNumber, ...r.fields })))
			.onConflictDoNothing()
			.returning({ id: officers.id, staffNumber: officers.staffNumber });
		const byStaff = new Map(made.map((m) => [m.staffNumber, m.id]));
		for (const r of chunk) {
			const id = byStaff.get(r.staffNumber);
			if (id === undefined) throw new OfficerConflictError(r.staffNumber);
			idByIndex.set(r.index, id);
		}
	}
	for (const r of rows) {
		if (r.existing) idByIndex.set(r.index, r.existing.id);
		if (r.existing && r.fieldsChanged) await tx.update(officers).set(r.fields).where(eq(officers.id, r.existing.id));
	}
	await applyPostingChanges(
		tx,
		rows.map((r) => ({ officerId: idByIndex.get(r.index)!, updates: r.plan.updates, inserts: r.plan.inserts }))
	);
	// Unlink first: an account moves between officers only through "no officer".
	for (const r of rows) if (r.link?.kind === 'unlink') await tx.update(users).set({ officerId: null }).where(eq(users.id, r.link.userId));
	for (const r of rows) if (r.link?.kind === 'link') await tx.update(users).set({ officerId: idByIndex.get(r.index)! }).where(eq(users.id, r.link.userId));
	return rows.map((r) => {
		const changed = r.fieldsChanged || r.plan.updates.length > 0 || r.plan.inserts.length > 0 || r.link !== null;
		return {
			index: r.index,
			staffNumber: r.staffNumber,
			id: idByIndex.get(r.index)!,
			result: !r.existing ? 'created' : changed ? 'updated' : 'unchanged',
			transfers: r.plan.transfers
		};
	});
}

/** Posting updates (each plan already closes before it reopens), then the new postings in bulk. */
export async function applyPostingChanges(tx: Db, changes: readonly { officerId: number; updates: readonly PostingUpdate[]; inserts: readonly NewPosting[] }[]) {
	for (const c of changes) for (const u of c.updates) await tx.update(officerAssignments).set(u.set).where(eq(officerAssignments.id, u.id));
	const inserts = changes.flatMap((c) => c.inserts.map((p) => ({ ...p, officerId: c.officerId })));
	for (let i = 0; i < inserts.length; i += CHUNK) await tx.insert(officerAssignments).values(inserts.slice(i, i + CHUNK));
}
