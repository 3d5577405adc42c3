/**
 * Read side: the inspector's queue, the dissatisfied-ratings queue, counts for dashboards and
 * one case with its history. Scope is always passed in (a unit-subtree list, null = all) and
 * applied in SQL; a phone number leaves this module only unmasked for the assigned inspector
 * or an administrator.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addWorkingDays, loadCalendar } from '../calendar';
import { scopeCondition, type Scope } from '../scope';
import { database } from '../db';
import type { ComplaintChannel, ComplaintEvent, ComplaintKind, ComplaintOutcome, ComplaintStatus, ReasonCode } from '../db/schema';
import { cite } from '../legal/sources';
import { REGIME_SOURCES, runningClock, type Clock, type ClockStage } from './regimes';
import { deadlineFlag, workingDaysLeft, type DeadlineFlag } from './deadline';
import { maskPhone } from './mask';
import { byPriority, priorityTier, type PriorityTier } from './priority';
import { complaintSettings } from './settings';
import { bool, instant, instantOrNull, iso, isoOrNull, num, numOrNull, textOrNull, type DbBool, type DbNumber, type DbTime } from '../db/decode';

export const QUEUE_TABS = ['mine', 'unassigned', 'near', 'overdue', 'open', 'closed'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];
/** `code`: a case code (PA-…) or the code of the dossier it is about, as a citizen on the phone reads it out. */
export type QueueFilters = { unitId?: number; officerId?: number; reason?: ReasonCode; channel?: ComplaintChannel; kind?: ComplaintKind; code?: string };

export type QueueRow = {
	id: number;
	code: string;
	/** The start of the description, to tell cases apart in a list. */
	excerpt: string;
	dossierCode: string | null;
	status: ComplaintStatus;
	outcome: ComplaintOutcome | null;
	channel: ComplaintChannel;
	/** The regime: phản ánh, kiến nghị, khiếu nại or internal. */
	kind: ComplaintKind;
	complex: boolean;
	remote: boolean;
	/** Which clock `dueAt` belongs to: a khiếu nại's acceptance, else the resolution. */
	stage: ClockStage;
	/** The regime's legal source, as cited beside the deadline. */
	source: string;
	reasonCodes: ReasonCode[];
	unitName: string;
	officerName: string | null;
	assigneeId: number | null;
	assigneeName: string | null;
	receivedAt: string;
	dueAt: string;
	flag: DeadlineFlag;
	/** The priority tier of an open case (priority.ts); null once closed. */
	priority: PriorityTier | null;
};

const stageOf = (kind: ComplaintKind, acceptedAt: DbTime | null): ClockStage => (kind === 'complaint' && acceptedAt === null ? 'acceptance' : 'resolution');

/** A jsonb value: parsed by PGlite, JSON text from postgres.js. */
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const OPEN = sql`k.status in ('new', 'assigned', 'investigating')`;

async function nearCutoff(now: Date) {
	const cfg = await complaintSettings();
	const cal = await loadCalendar(database);
	return { cfg, cal, near: addWorkingDays(now, cfg.nearDays, cal) };
}

function tabCondition(tab: QueueTab, userId: number, now: Date, near: Date): SQL {
	const nowIso = now.toISOString();
	switch (tab) {
		case 'mine':
			return sql`${OPEN} and k.assignee_id = ${userId}`;
		case 'unassigned':
			return sql`${OPEN} and k.assignee_id is null`;
		case 'near':
			return sql`${OPEN} and k.due_at >= ${nowIso}::timestamptz and k.due_at <= ${near.toISOString()}::timestamptz`;
		case 'overdue':
			return sql`${OPEN} and k.due_at < ${nowIso}::timestamptz`;
		case 'open':
			return OPEN;
		case 'closed':
			return sql`not ${OPEN}`;
	}
}

function filterCondition(f: QueueFilters): SQL {
	const parts: SQL[] = [sql`true`];
	if (f.unitId) parts.push(sql`k.unit_id in (select s.id from units s, units p where p.id = ${f.unitId} and s.path like p.path || '%')`);
	if (f.officerId) parts.push(sql`k.officer_id = ${f.officerId}`);
	if (f.reason) parts.push(sql`${f.reason} = any(k.reason_codes)`);
	if (f.channel) parts.push(sql`k.channel = ${f.channel}`);
	if (f.kind) parts.push(sql`k.kind = ${f.kind}`);
	// case codes are written in capitals (PA-2026-000041): compared as stored, so the unique index on the code serves
	if (f.code) parts.push(sql`(k.code = ${f.code.toUpperCase()} or k.dossier_id in (select d.id from dossiers d where d.code = ${f.code}))`);
	return sql.join(parts, sql` and `);
}

/** How the open tabs are ordered: by priority (priority.ts, the default) or by deadline alone. */
export const QUEUE_SORTS = ['priority', 'due'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export async function complaintQueue(
	userId: number,
	scope: Scope,
	tab: QueueTab,
	filters: QueueFilters = {},
	now = new Date(),
	limit = 200,
	sort: QueueSort = 'priority'
): Promise<QueueRow[]> {
	const { cfg, cal, near } = await nearCutoff(now);
	const where = sql`${scopeCondition(sql`u.path`, scope)} and ${tabCondition(tab, userId, now, near)} and ${filterCondition(filters)}`;
	let page: SQL;
	let order: number[] | null = null;
	if (tab === 'closed' || sort === 'due') {
		page = sql`${where} order by ${tab === 'closed' ? sql`k.closed_at desc` : sql`k.due_at asc`}, k.id limit ${limit}`;
	} else {
		// the priority rule is TypeScript (priority.ts): sort the few columns it reads for every
		// open case in scope, then load the first page's rows
		const keys = await database.rows<{ id: DbNumber; kind: ComplaintKind; reason_codes: ReasonCode[] | null; due_at: DbTime }>(sql`
			select k.id, k.kind, k.reason_codes, k.due_at from complaints k join units u on u.id = k.unit_id where ${where}`);
		order = byPriority(
			keys.map((k) => {
				const dueAt = instant(k.due_at);
				return { id: num(k.id), kind: k.kind, reasonCodes: k.reason_codes ?? [], dueAt, flag: deadlineFlag(dueAt, now, cfg.nearDays, cal) };
			})
		)
			.slice(0, limit)
			.map((k) => k.id);
		if (order.length === 0) return [];
		page = sql`k.id in (${sql.join(
			order.map((id) => sql`${id}`),
			sql`, `
		)})`;
	}
	const rows = await database.rows<{
		id: DbNumber;
		code: string;
		excerpt: string;
		status: ComplaintStatus;
		outcome: ComplaintOutcome | null;
		channel: ComplaintChannel;
		kind: ComplaintKind;
		complex: DbBool;
		remote: DbBool;
		accepted_at: DbTime | null;
		reason_codes: ReasonCode[] | null;
		assignee_id: DbNumber | null;
		received_at: DbTime;
		due_at: DbTime;
		unit_name: string;
		officer_name: string | null;
		assignee_name: string | null;
		dossier_code: string | null;
	}>(sql`
		select k.id, k.code, left(k.description, 120) as excerpt, k.status, k.outcome, k.channel, k.kind, k.complex, k.remote, k.accepted_at,
			k.reason_codes, k.assignee_id, k.received_at, k.due_at,
			u.name_vi as unit_name, o.full_name as officer_name, a.display_name as assignee_name, d.code as dossier_code
		from complaints k join units u on u.id = k.unit_id
		left join officers o on o.id = k.officer_id
		left join users a on a.id = k.assignee_id
		left join dossiers d on d.id = k.dossier_id
		where ${page}`);
	if (order) {
		const at = new Map(order.map((id, i) => [id, i]));
		rows.sort((a, b) => at.get(num(a.id))! - at.get(num(b.id))!);
	}
	return rows.map((r) => {
		const status = r.status;
		const dueAt = instant(r.due_at);
		return {
			id: num(r.id),
			code: r.code,
			excerpt: r.excerpt,
			dossierCode: textOrNull(r.dossier_code),
			status,
			outcome: r.outcome ?? null,
			channel: r.channel,
			kind: r.kind,
			complex: bool(r.complex),
			remote: bool(r.remote),
			stage: stageOf(r.kind, r.accepted_at),
			source: cite(REGIME_SOURCES[r.kind]),
			reasonCodes: r.reason_codes ?? [],
			unitName: r.unit_name,
			officerName: textOrNull(r.officer_name),
			assigneeId: numOrNull(r.assignee_id),
			assigneeName: textOrNull(r.assignee_name),
			receivedAt: iso(r.received_at),
			dueAt: dueAt.toISOString(),
			flag: deadlineFlag(dueAt, now, cfg.nearDays, cal, status === 'resolved' || status === 'rejected'),
			priority: status === 'resolved' || status === 'rejected' ? null : priorityTier({ reasonCodes: r.reason_codes ?? [], flag: deadlineFlag(dueAt, now, cfg.nearDays, cal) })
		};
	});
}

export type ComplaintCounts = { open: number; mine: number; unassigned: number; near: number; overdue: number };

/** Open cases in scope, and how many are mine, unassigned, near or past their deadline. */
export async function complaintCounts(userId: number, scope: Scope, now = new Date()): Promise<ComplaintCounts> {
	const { near } = await nearCutoff(now);
	const nowIso = now.toISOString();
	const [r] = await database.rows<Record<keyof ComplaintCounts, DbNumber>>(sql`
		select count(*) as open,
			count(*) filter (where k.assignee_id = ${userId}) as mine,
			count(*) filter (where k.assignee_id is null) as unassigned,
			count(*) filter (where k.due_at >= ${nowIso}::timestamptz and k.due_at <= ${near.toISOString()}::timestamptz) as near,
			count(*) filter (where k.due_at < ${nowIso}::timestamptz) as overdue
		from complaints k join units u on u.id = k.unit_id
		where ${OPEN} and ${scopeCondition(sql`u.path`, scope)}`);
	return { open: num(r.open), mine: num(r.mine), unassigned: num(r.unassigned), near: num(r.near), overdue: num(r.overdue) };
}

export type RatingQueueRow = { id: number; receivedAt: string; unitName: string; officerName: string | null; reasonCodes: ReasonCode[]; comment: string | null; level: number; label: string };

/** Dissatisfied ratings of the last 60 days that did not open a case: the inspector may promote them. */
export async function dissatisfiedRatingQueue(scope: Scope, filters: QueueFilters = {}, now = new Date(), limit = 100): Promise<RatingQueueRow[]> {
	const since = new Date(now.getTime() - 60 * 86_400_000).toISOString();
	const parts: SQL[] = [sql`true`];
	if (filters.unitId) parts.push(sql`r.unit_id in (select s.id from units s, units p where p.id = ${filters.unitId} and s.path like p.path || '%')`);
	if (filters.officerId) parts.push(sql`r.officer_id = ${filters.officerId}`);
	if (filters.reason) parts.push(sql`${filters.reason} = any(r.reason_codes)`);
	const rows = await database.rows<{
		id: DbNumber;
		received_at: DbTime;
		reason_codes: ReasonCode[] | null;
		comment: string | null;
		level: DbNumber;
		label_vi: string;
		unit_name: string;
		officer_name: string | null;
	}>(sql`
		select r.id, r.received_at, r.reason_codes, r.comment, r.level, l.label_vi, u.name_vi as unit_name, o.full_name as officer_name
		from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		join units u on u.id = r.unit_id left join officers o on o.id = r.officer_id
		where l.class = 'dissatisfied' and r.received_at >= ${since}::timestamptz
		and not exists (select 1 from complaints k where k.rating_id = r.id)
		and ${scopeCondition(sql`u.path`, scope)} and ${sql.join(parts, sql` and `)}
		order by r.received_at desc limit ${limit}`);
	return rows.map((r) => ({
		id: num(r.id),
		receivedAt: iso(r.received_at),
		unitName: r.unit_name,
		officerName: textOrNull(r.officer_name),
		reasonCodes: r.reason_codes ?? [],
		comment: textOrNull(r.comment),
		level: num(r.level),
		label: r.label_vi
	}));
}

export type CaseEvent = { id: number; at: string; kind: string; fromStatus: string | null; toStatus: string | null; note: string | null; data: ComplaintEvent['data']; actorName: string | null };

export type CaseView = {
	id: number;
	code: string;
	unitId: number;
	unitPath: string;
	unitName: string;
	officerId: number | null;
	officerName: string | null;
	dossierCode: string | null;
	ratingId: number | null;
	channel: ComplaintChannel;
	kind: ComplaintKind;
	complex: boolean;
	remote: boolean;
	acceptedAt: string | null;
	/** The clock running now, by the settings in force (the stored due date is what counts). */
	stage: ClockStage;
	clock: Clock;
	source: string;
	reasonCodes: ReasonCode[];
	description: string;
	status: ComplaintStatus;
	outcome: ComplaintOutcome | null;
	assigneeId: number | null;
	assigneeName: string | null;
	receivedAt: string;
	dueAt: string;
	closedAt: string | null;
	flag: DeadlineFlag;
	workingDaysLeft: number;
	contact: null | {
		/** The number, whole for the assigned inspector and administrators, masked for others; null once erased. */
		phone: string | null;
		masked: boolean;
		consentTextVersion: string;
		consentedAt: string;
		erasedAt: string | null;
	};
	events: CaseEvent[];
};

export async function caseView(id: number, viewer: { userId: number; isAdmin: boolean }, now = new Date()): Promise<CaseView | null> {
	const [r] = await database.rows<{
		id: DbNumber;
		code: string;
		unit_id: DbNumber;
		officer_id: DbNumber | null;
		rating_id: DbNumber | null;
		contact_id: DbNumber | null;
		assignee_id: DbNumber | null;
		channel: ComplaintChannel;
		kind: ComplaintKind;
		complex: DbBool;
		remote: DbBool;
		status: ComplaintStatus;
		outcome: ComplaintOutcome | null;
		reason_codes: ReasonCode[] | null;
		description: string;
		received_at: DbTime;
		accepted_at: DbTime | null;
		due_at: DbTime;
		closed_at: DbTime | null;
		unit_path: string;
		unit_name: string;
		officer_name: string | null;
		assignee_name: string | null;
		dossier_code: string | null;
		phone: string | null;
		consent_text_version: string;
		consented_at: DbTime;
		erased_at: DbTime | null;
	}>(sql`
		select k.*, u.path as unit_path, u.name_vi as unit_name, o.full_name as officer_name, a.display_name as assignee_name,
			d.code as dossier_code, c.phone, c.consent_text_version, c.consented_at, c.erased_at
		from complaints k join units u on u.id = k.unit_id
		left join officers o on o.id = k.officer_id
		left join users a on a.id = k.assignee_id
		left join dossiers d on d.id = k.dossier_id
		left join citizen_contacts c on c.id = k.contact_id
		where k.id = ${id}`);
	if (!r) return null;
	const { cfg, cal } = await nearCutoff(now);
	const events = await database.rows<{
		id: DbNumber;
		at: DbTime;
		kind: string;
		from_status: string | null;
		to_status: string | null;
		note: string | null;
		data: ComplaintEvent['data'] | string;
		actor_name: string | null;
	}>(sql`
		select e.id, e.at, e.kind, e.from_status, e.to_status, e.note, e.data, x.display_name as actor_name
		from complaint_events e left join users x on x.id = e.actor_id
		where e.complaint_id = ${id} order by e.at, e.id`);
	const status = r.status;
	const assigneeId = numOrNull(r.assignee_id);
	const full = viewer.isAdmin || (assigneeId !== null && assigneeId === viewer.userId);
	const dueAt = instant(r.due_at);
	const closed = status === 'resolved' || status === 'rejected';
	const kind = r.kind;
	const running = runningClock(
		{ kind, receivedAt: instant(r.received_at), acceptedAt: instantOrNull(r.accepted_at), complex: bool(r.complex), remote: bool(r.remote) },
		cfg.regimes,
		cal
	);
	return {
		id: num(r.id),
		code: r.code,
		unitId: num(r.unit_id),
		unitPath: r.unit_path,
		unitName: r.unit_name,
		officerId: numOrNull(r.officer_id),
		officerName: textOrNull(r.officer_name),
		dossierCode: textOrNull(r.dossier_code),
		ratingId: numOrNull(r.rating_id),
		channel: r.channel,
		kind,
		complex: bool(r.complex),
		remote: bool(r.remote),
		acceptedAt: isoOrNull(r.accepted_at),
		stage: running.stage,
		clock: running.clock,
		source: cite(running.source),
		reasonCodes: r.reason_codes ?? [],
		description: r.description,
		status,
		outcome: r.outcome ?? null,
		assigneeId,
		assigneeName: textOrNull(r.assignee_name),
		receivedAt: iso(r.received_at),
		dueAt: dueAt.toISOString(),
		closedAt: isoOrNull(r.closed_at),
		flag: deadlineFlag(dueAt, now, cfg.nearDays, cal, closed),
		workingDaysLeft: closed ? 0 : workingDaysLeft(dueAt, now, cal),
		contact:
			r.contact_id === null
				? null
				: {
						phone: r.phone ? (full ? r.phone : maskPhone(r.phone)) : null,
						masked: !full,
						consentTextVersion: r.consent_text_version,
						consentedAt: iso(r.consented_at),
						erasedAt: isoOrNull(r.erased_at)
					},
		events: events.map((e) => ({
			id: num(e.id),
			at: iso(e.at),
			kind: e.kind,
			fromStatus: textOrNull(e.from_status),
			toStatus: textOrNull(e.to_status),
			note: textOrNull(e.note),
			data: e.data === null ? null : json(e.data),
			actorName: textOrNull(e.actor_name)
		}))
	};
}
