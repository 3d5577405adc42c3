import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { db, database, type Db } from '../db';
import { bool, num, type DbBool, type DbNumber } from '../db/decode';
import { officerAssignments, officerPhotos, officers, units, users } from '../db/schema';
import { pathInScope, scopeCondition } from '../scope';
import { problem, type FieldProblem, type ItemProblem } from '../dossiers/errors';
import { createUser, grantRole } from '../users/admin';
import { endAfterDay, firstDay, lastDay, startOfDay } from './dates';
import { compareVietnameseNames, foldForSearch } from './names';
import { planEdit, planPostings, type PostingPlan, type StoredPosting } from './postings';
import type { OfficerDbRow } from './api';
import { OFFICER_WITH_ACCOUNT, applyPostingChanges, prepareOfficers, selectPostings, writeOfficers, type OfficerScope } from './upsert';
import type { OfficerItem } from './schema';

/** What the officers' admin pages read and change. Scope: unit-subtree paths, null = everywhere. */

export const OFFICERS_PER_PAGE = 50;

export type OfficerListRow = {
	id: number;
	staffNumber: string;
	fullName: string;
	titleVi: string | null;
	titleEn: string | null;
	active: boolean;
	unitNameVi: string | null;
	unitNameEn: string | null;
	positionVi: string | null;
	/** The unit shown is the open posting's (false: the latest, ended). */
	current: boolean;
	photoEtag: string | null;
	username: string | null;
};

/**
 * Officers the scope manages (where their open posting is, else their latest), searched by name,
 * staff number or account without tones or case, in Vietnamese list order.
 */
export async function listOfficers(scope: OfficerScope, options: { q?: string; page?: number } = {}) {
	const rows = await database.rows<OfficerDbRow & { name_vi: string | null; name_en: string | null; position_vi: string | null; current: DbBool | null; etag: string | null }>(sql`
		select o.id, o.staff_number, o.full_name, o.title_vi, o.title_en, o.active,
			h.name_vi, h.name_en, h.position_vi, h.current, ph.etag, us.username
		from officers o
		left join lateral (
			select u.name_vi, u.name_en, u.path, a.position_vi, a.ended_at is null as current
			from officer_assignments a join units u on u.id = a.unit_id
			where a.officer_id = o.id order by a.ended_at is null desc, a.started_at desc limit 1
		) h on true
		left join officer_photos ph on ph.officer_id = o.id
		left join users us on us.officer_id = o.id
		where ${scope === null ? sql`true` : scopeCondition(sql`h.path`, scope)}`);
	const all: OfficerListRow[] = rows.map((r) => ({
		id: num(r.id),
		staffNumber: r.staff_number,
		fullName: r.full_name,
		titleVi: r.title_vi,
		titleEn: r.title_en,
		active: bool(r.active),
		unitNameVi: r.name_vi,
		unitNameEn: r.name_en,
		positionVi: r.position_vi,
		current: bool(r.current),
		photoEtag: r.etag,
		username: r.username
	}));
	const q = foldForSearch(options.q ?? '');
	const found = q ? all.filter((o) => [o.fullName, o.staffNumber, o.username ?? ''].some((v) => foldForSearch(v).includes(q))) : all;
	found.sort((a, b) => compareVietnameseNames(a.fullName, b.fullName) || a.staffNumber.localeCompare(b.staffNumber));
	const pages = Math.max(1, Math.ceil(found.length / OFFICERS_PER_PAGE));
	const page = Math.min(Math.max(1, options.page ?? 1), pages);
	return { total: found.length, page, pages, rows: found.slice((page - 1) * OFFICERS_PER_PAGE, page * OFFICERS_PER_PAGE) };
}

export type PostingView = {
	id: number;
	unitId: number;
	unitCode: string;
	unitNameVi: string;
	unitNameEn: string | null;
	unitPath: string;
	positionVi: string;
	positionEn: string | null;
	from: string;
	/** The last day, or null while it runs. */
	to: string | null;
};

export async function officerDetail(officerId: number) {
	const [officer] = await db
		.select({ ...OFFICER_WITH_ACCOUNT, photoEtag: officerPhotos.etag, photoWidth: officerPhotos.width, photoHeight: officerPhotos.height })
		.from(officers)
		.leftJoin(officerPhotos, eq(officerPhotos.officerId, officers.id))
		.leftJoin(users, eq(users.officerId, officers.id))
		.where(eq(officers.id, officerId));
	if (!officer) return null;
	const postings = await selectPostings(db, { unitNameVi: units.nameVi, unitNameEn: units.nameEn })
		.where(eq(officerAssignments.officerId, officerId))
		.orderBy(sql`${officerAssignments.startedAt} desc`);
	return {
		...officer,
		postings: postings.map(({ startedAt, endedAt, ...p }): PostingView => ({ ...p, from: firstDay(startedAt), to: endedAt ? lastDay(endedAt) : null }))
	};
}

/** Units a posting may be made to: in scope, not dissolved, in tree order. */
export async function postingUnits(scope: OfficerScope) {
	const rows = await db
		.select({ id: units.id, code: units.code, nameVi: units.nameVi, nameEn: units.nameEn, path: units.path })
		.from(units)
		.where(and(isNull(units.dissolvedAt), scopeCondition(units.path, scope)))
		.orderBy(asc(units.path));
	const top = Math.min(...rows.map((u) => u.path.split('/').length));
	return rows.map(({ path, ...u }) => ({ ...u, depth: path.split('/').length - top }));
}

const FIELD_LABEL: Record<string, MessageKey> = {
	staffNumber: 'officers.field.staffNumber',
	fullName: 'officers.field.fullName',
	titleVi: 'officers.field.titleVi',
	titleEn: 'officers.field.titleEn',
	postings: 'officers.field.unit',
	unitId: 'officers.field.unit',
	'postings[0].unitCode': 'officers.field.unit',
	positionVi: 'officers.field.positionVi',
	'postings[0].positionVi': 'officers.field.positionVi',
	positionEn: 'officers.field.positionEn',
	'postings[0].positionEn': 'officers.field.positionEn',
	from: 'officers.field.from',
	'postings[0].from': 'officers.field.from',
	to: 'officers.field.to',
	'postings[0].to': 'officers.field.to'
};

/** Problems of an admin form as one message, each naming its field. */
export function problemText(locale: Locale, problems: readonly FieldProblem[]): string {
	return problems
		.map((p) => {
			const label = FIELD_LABEL[p.field];
			const message = translate(locale, p.key, p.params);
			return label ? `${translate(locale, label)}: ${message}` : message;
		})
		.join(' ');
}

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; problems: FieldProblem[] };

/** A new officer from the admin form, through the same checks as the API and the import. */
export async function createOfficer(item: OfficerItem, scope: OfficerScope): Promise<Outcome<{ id: number }>> {
	return db.transaction(async (tx) => {
		const [taken] = await tx.select({ id: officers.id }).from(officers).where(eq(officers.staffNumber, item.staffNumber));
		if (taken) return { ok: false, problems: [problem('staffNumber', 'officers.error.staffNumberTaken', { value: item.staffNumber })] };
		const checked = await prepareOfficers(tx, [{ index: 0, item }], scope, { lock: true });
		if (checked.problems.length > 0) return { ok: false, problems: checked.problems.map(({ index: _i, ...p }: ItemProblem) => p) };
		const [result] = await writeOfficers(tx, checked.rows);
		return { ok: true, id: result.id };
	});
}

export async function updateOfficerDetails(officerId: number, fields: { fullName: string; titleVi: string | null; titleEn: string | null; active: boolean }) {
	const [before] = await db
		.select({ fullName: officers.fullName, titleVi: officers.titleVi, titleEn: officers.titleEn, active: officers.active })
		.from(officers)
		.where(eq(officers.id, officerId));
	await db.update(officers).set(fields).where(eq(officers.id, officerId));
	return before;
}

/** The officer's row locked, and every posting: nothing changes them until the transaction ends. */
async function lockedPostings(tx: Db, officerId: number): Promise<(StoredPosting & { unitPath: string })[]> {
	await tx.select({ id: officers.id }).from(officers).where(eq(officers.id, officerId)).for('update');
	return selectPostings(tx, {}).where(eq(officerAssignments.officerId, officerId));
}

async function unitCodes(tx: Db, ids: number[]) {
	const rows = ids.length ? await tx.select({ id: units.id, code: units.code }).from(units).where(inArray(units.id, ids)) : [];
	return new Map(rows.map((u) => [u.id, u.code]));
}

async function planProblems(tx: Db, plan: Extract<PostingPlan, { ok: false }>, field: string): Promise<FieldProblem[]> {
	const codes = await unitCodes(
		tx,
		plan.problems.flatMap((p) => (p.reason === 'overlap' ? [p.other.unitId] : []))
	);
	return plan.problems.map((p) => {
		if (p.reason === 'overlap') {
			return problem(field, p.other.endedAt ? 'officers.error.overlap' : 'officers.error.overlapOpen', {
				unit: codes.get(p.other.unitId) ?? '',
				from: firstDay(p.other.startedAt),
				to: p.other.endedAt ? lastDay(p.other.endedAt) : ''
			});
		}
		return problem('to', p.reason === 'openNotLast' ? 'officers.error.openNotLast' : 'officers.error.endBeforeStart');
	});
}

export type PostingForm = { unitId: number; positionVi: string; positionEn: string | null; from: string; to: string | null };

/**
 * A new posting: from a day after the current one began, a transfer (the current one ends the
 * day before); otherwise an earlier posting added to the history, if it overlaps nothing.
 */
export async function addPosting(officerId: number, form: PostingForm, scope: OfficerScope): Promise<Outcome<{ transfer: boolean }>> {
	return db.transaction(async (tx) => {
		const [unit] = await tx.select({ path: units.path, code: units.code, dissolvedAt: units.dissolvedAt }).from(units).where(eq(units.id, form.unitId));
		if (!unit || !pathInScope(unit.path, scope)) return { ok: false, problems: [problem('unitId', 'dossiers.error.unitOutOfScope', { value: unit?.code ?? String(form.unitId) })] };
		if (unit.dissolvedAt && unit.dissolvedAt.getTime() <= startOfDay(form.from).getTime()) {
			return { ok: false, problems: [problem('unitId', 'officers.error.unitDissolved', { value: unit.code, date: firstDay(unit.dissolvedAt) })] };
		}
		const stored = await lockedPostings(tx, officerId);
		const plan = planPostings(stored, [
			{ unitId: form.unitId, positionVi: form.positionVi, positionEn: form.positionEn, startedAt: startOfDay(form.from), endedAt: form.to ? endAfterDay(form.to) : null }
		]);
		if (!plan.ok) return { ok: false, problems: await planProblems(tx, plan, 'from') };
		// ending a posting in a unit out of scope is not the caller's to do
		for (const u of plan.updates) {
			const target = stored.find((s) => s.id === u.id);
			if (target && !pathInScope(target.unitPath, scope)) return { ok: false, problems: [problem('from', 'officers.error.postingOutOfScope')] };
		}
		await applyPostingChanges(tx, [{ officerId, updates: plan.updates, inserts: plan.inserts }]);
		return { ok: true, transfer: plan.transfers > 0 };
	});
}

/** Corrects one posting: its position, first day or last day (empty: still running). */
export async function editPosting(officerId: number, postingId: number, form: Omit<PostingForm, 'unitId'>, scope: OfficerScope): Promise<Outcome> {
	return db.transaction(async (tx) => {
		const stored = await lockedPostings(tx, officerId);
		const target = stored.find((s) => s.id === postingId);
		if (!target || !pathInScope(target.unitPath, scope)) return { ok: false, problems: [problem('postingId', 'officers.error.postingOutOfScope')] };
		const plan = planEdit(stored, postingId, {
			positionVi: form.positionVi,
			positionEn: form.positionEn,
			startedAt: startOfDay(form.from),
			endedAt: form.to ? endAfterDay(form.to) : null
		});
		if (!plan.ok) return { ok: false, problems: await planProblems(tx, plan, 'from') };
		await applyPostingChanges(tx, [{ officerId, updates: plan.updates, inserts: [] }]);
		return { ok: true };
	});
}

/** Accounts that can be linked: not linked to any officer yet. */
export async function unlinkedAccounts() {
	return db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(isNull(users.officerId)).orderBy(asc(users.username));
}

export async function linkAccount(officerId: number, userId: number): Promise<Outcome> {
	const [taken] = await db.select({ id: users.id, username: users.username }).from(users).where(eq(users.officerId, officerId));
	if (taken) return { ok: false, problems: [problem('userId', 'officers.error.officerHasUser', { value: taken.username })] };
	const rows = await db
		.update(users)
		.set({ officerId })
		.where(and(eq(users.id, userId), isNull(users.officerId)))
		.returning({ id: users.id });
	if (rows.length === 0) return { ok: false, problems: [problem('userId', 'officers.error.accountUnavailable')] };
	return { ok: true };
}

export async function unlinkAccount(officerId: number, userId: number): Promise<number | null> {
	const rows = await db
		.update(users)
		.set({ officerId: null })
		.where(and(eq(users.officerId, officerId), eq(users.id, userId)))
		.returning({ id: users.id });
	return rows[0]?.id ?? null;
}

/**
 * An account for the officer: their name, the username and first password the administrator
 * gives, linked, with the officer role in the unit of the open posting (so the counter screen
 * works at once).
 */
export async function createAccountFor(officerId: number, input: { username: string; password: string }, grantedBy: number) {
	const [officer] = await database.rows<{ full_name: string; unit_id: DbNumber | null; username: string | null }>(sql`
		select o.full_name,
			(select a.unit_id from officer_assignments a where a.officer_id = o.id and a.ended_at is null) as unit_id,
			(select u.username from users u where u.officer_id = o.id) as username
		from officers o where o.id = ${officerId}`);
	const none: Record<string, string> = {};
	if (!officer) return { ok: false as const, problem: 'api.badRequest' as const, params: none };
	if (officer.username !== null) return { ok: false as const, problem: 'officers.error.officerHasUser' as const, params: { value: officer.username } };
	const made = await createUser({ username: input.username, displayName: officer.full_name, password: input.password });
	if (!made.ok) return { ...made, params: none };
	await db.update(users).set({ officerId }).where(eq(users.id, made.userId));
	if (officer.unit_id !== null) await grantRole(made.userId, 'officer', num(officer.unit_id), grantedBy);
	return { ok: true as const, userId: made.userId, role: officer.unit_id !== null };
}
