/**
 * Complaints on the database: opening a case from each source, acting on it through the pure
 * state machine, call backs, notes, erasure of the citizen's contact, and the scans the jobs
 * run. Every write to a case appends one complaint_events row in the same transaction; the
 * audit log gets the action and the case id, never a phone number.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { translate } from '$lib/i18n';
import { audit } from '../audit';
import { loadCalendar, localDate } from '../calendar';
import { database, db, type Db } from '../db';
import {
	citizenContacts,
	complaintEvents,
	complaintRatingQueue,
	complaints,
	type ComplaintChannel,
	type ComplaintKind,
	type ComplaintOutcome,
	type ComplaintStatus,
	type ReasonCode
} from '../db/schema';
import { publish } from '../events/bus';
import { log } from '../ops/log';
import { CONSENT_VERSION, normalisePhone } from '../kiosk/contact';
import { complaintSettings, type ComplaintSettings } from './settings';
import { decideAccept, decideReclassify, runningClock, type RegimeRefusal, type RunningClock } from './regimes';
import { lateWithoutOnTimeSlip } from '../dossiers/apology';
import { officerPostedFor } from './posting';
import { decide, type CaseAction, type Refusal } from './workflow';
import { VIETNAM_UTC_OFFSET_MS } from '../rules';
import { byPersonName } from '$lib/vietnamese-order';
import { instant, instantOrNull, num, numOrNull, type DbNumber, type DbTime } from '../db/decode';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Actor = { userId: number | null; ip?: string | null };

export const CALL_BACK_OUTCOMES = ['reached_resolved', 'reached_unresolved', 'no_answer', 'wrong_number', 'declined'] as const;
export type CallBackOutcome = (typeof CALL_BACK_OUTCOMES)[number];
/** Unanswered calls that count as a call back done, so a silent number cannot block a case forever. */
export const NO_ANSWER_ATTEMPTS = 3;

export type NewCase = {
	unitId: number;
	channel: ComplaintChannel;
	/**
	 * The regime: a petition unless said otherwise; the late-dossier scan opens internal cases.
	 * Only inspectors and administrators may open a khiếu nại or an internal case (the routes check).
	 */
	kind?: ComplaintKind;
	description: string;
	officerId?: number | null;
	dossierId?: number | null;
	ratingId?: number | null;
	reasonCodes?: ReasonCode[] | null;
	contactId?: number | null;
	/** A phone number given with consent (public form, hotline): stored as a citizen contact. */
	contact?: { phone: string; consentVersion?: string } | null;
	receivedAt: Date;
};

export class ComplaintInputError extends Error {
	constructor(public readonly reason: 'phone_invalid' | 'duplicate' | 'officer_not_posted') {
		super(reason);
	}
}

const codeFor = (id: number, at: Date) => `PA-${new Date(at.getTime() + VIETNAM_UTC_OFFSET_MS).getUTCFullYear()}-${String(id).padStart(6, '0')}`;

export const kindOf = (input: Pick<NewCase, 'kind' | 'channel'>): ComplaintKind => input.kind ?? (input.channel === 'late_dossier' ? 'internal' : 'petition');

async function insertCase(tx: Tx, input: NewCase, actor: Actor, clock: RunningClock) {
	if (input.officerId != null && !(await officerPostedFor(tx, { ...input, officerId: input.officerId }))) {
		throw new ComplaintInputError('officer_not_posted');
	}
	let contactId = input.contactId ?? null;
	if (input.contact) {
		const phone = normalisePhone(input.contact.phone);
		if (!phone) throw new ComplaintInputError('phone_invalid');
		const [c] = await tx
			.insert(citizenContacts)
			.values({ phone, consentTextVersion: input.contact.consentVersion ?? CONSENT_VERSION, consentedAt: input.receivedAt })
			.returning({ id: citizenContacts.id });
		contactId = c.id;
	}
	const [row] = await tx
		.insert(complaints)
		.values({
			code: `tmp-${crypto.randomUUID()}`,
			unitId: input.unitId,
			officerId: input.officerId ?? null,
			dossierId: input.dossierId ?? null,
			ratingId: input.ratingId ?? null,
			channel: input.channel,
			kind: kindOf(input),
			reasonCodes: input.reasonCodes?.length ? input.reasonCodes : null,
			description: input.description.trim().slice(0, 4000),
			contactId,
			receivedAt: input.receivedAt,
			dueAt: clock.dueAt
		})
		.onConflictDoNothing()
		.returning({ id: complaints.id });
	if (!row) throw new ComplaintInputError('duplicate');
	const code = codeFor(row.id, input.receivedAt);
	await tx.update(complaints).set({ code }).where(eq(complaints.id, row.id));
	await tx.insert(complaintEvents).values({
		complaintId: row.id,
		at: input.receivedAt,
		actorId: actor.userId,
		kind: 'created',
		toStatus: 'new',
		data: { channel: input.channel, kind: kindOf(input), stage: clock.stage, clock: clock.clock, source: clock.source }
	});
	return { id: row.id, code, unitId: input.unitId };
}

/** Opens a case; the deadline is its regime's first clock, counted on the stored calendar. */
export async function createComplaint(input: NewCase, actor: Actor = { userId: null }): Promise<{ id: number; code: string }> {
	const cfg = await complaintSettings();
	const kind = kindOf(input);
	const clock = runningClock({ kind, receivedAt: input.receivedAt, acceptedAt: null, complex: false, remote: false }, cfg.regimes, await loadCalendar(database));
	const made = await db.transaction((tx) => insertCase(tx, input, actor, clock));
	await audit(actor, 'complaint.create', { type: 'complaint', id: made.id }, { code: made.code, channel: input.channel, kind, withContact: Boolean(input.contact || input.contactId) });
	publish('complaint.changed', { complaintId: made.id, unitId: made.unitId });
	return { id: made.id, code: made.code };
}

// ---- from ratings --------------------------------------------------------------------------

/** A dissatisfied rating as `dissatisfiedRatings` selects it (its unit is never null there). */
type RatingRow = {
	id: DbNumber;
	unit_id: DbNumber;
	officer_id: DbNumber | null;
	dossier_id: DbNumber | null;
	source: string;
	reason_codes: ReasonCode[] | null;
	comment: string | null;
	contact_id: DbNumber | null;
	received_at: DbTime;
};

function ratingDescription(r: RatingRow): string {
	if (r.comment?.trim()) return r.comment.trim();
	const reasons = (r.reason_codes ?? []).map((c) => translate('vi', `kiosk.reason.${c}`));
	return reasons.length ? `Đánh giá không hài lòng: ${reasons.join('; ')}.` : 'Đánh giá không hài lòng, không nêu lý do.';
}

export function qualifiesForAutoOpen(r: { reason_codes: readonly string[] | null; comment: string | null }, cfg: ComplaintSettings): boolean {
	if ((r.reason_codes ?? []).some((c) => (cfg.autoOpen.reasons as readonly string[]).includes(c))) return true;
	return cfg.autoOpen.withComment && Boolean(r.comment?.trim());
}

const dissatisfiedRatings = sql`select r.id, r.unit_id, r.officer_id, r.dossier_id, r.source, r.reason_codes, r.comment, r.contact_id, r.received_at
	from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
	where l.class = 'dissatisfied' and r.unit_id is not null`;

function ratingCase(r: RatingRow): NewCase {
	return {
		unitId: num(r.unit_id),
		officerId: numOrNull(r.officer_id),
		dossierId: numOrNull(r.dossier_id),
		ratingId: num(r.id),
		channel: r.source === 'qr' ? 'qr' : 'rating',
		reasonCodes: r.reason_codes,
		description: ratingDescription(r),
		contactId: numOrNull(r.contact_id),
		receivedAt: instant(r.received_at)
	};
}

async function openFromRating(r: RatingRow, actor: Actor): Promise<{ id: number; code: string } | null> {
	try {
		return await createComplaint(ratingCase(r), actor);
	} catch (e) {
		if (e instanceof ComplaintInputError && e.reason === 'duplicate') return null;
		throw e;
	}
}

/**
 * Sweeps start at least this far apart in a process. Every recorded rating asks for a sweep: at
 * a busy province's rate one sweep a quarter second serves every rating in between, and a
 * quarter second later is still "within moments" for a case.
 */
export const SWEEP_SPACING_MS = 250;
/** Queue rows one sweep transaction claims. */
const SWEEP_BATCH = 100;
let sweeping: Promise<number> = Promise.resolve(0);
let queued: Promise<number> | null = null;
let lastSweepStart = 0;
let stopped = false;

/** Sweeps may run (again): set by startComplaintJobs. */
export function allowSweeps(): void {
	stopped = false;
}

/** No new sweep starts; resolves when the one running (if any) has ended, before the database closes. */
export async function stopSweeps(): Promise<void> {
	stopped = true;
	await sweeping.catch(() => 0);
}

/**
 * Opens cases for the queued dissatisfied ratings that meet the auto-open rules. The queue is
 * filled by a trigger in the rating's own transaction (db/sql/complaint-queue.sql) and drained
 * here with FOR UPDATE SKIP LOCKED: several processes sweep side by side without taking the same
 * rating, and a rating leaves the queue only in the transaction that opens its case. What this
 * process keeps in memory (one sweep at a time, spaced) only saves work, it decides nothing.
 */
export function sweepRatings(): Promise<number> {
	// A sweep queued but not started yet will see this rating too: one sweep serves a burst.
	if (queued) return queued;
	const next: Promise<number> = sweeping
		.catch(() => 0)
		.then(async () => {
			const wait = lastSweepStart + SWEEP_SPACING_MS - Date.now();
			if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
			queued = null;
			if (stopped) return 0; // shutting down: the queue keeps these ratings for the next sweep
			lastSweepStart = Date.now();
			return sweepOnce();
		});
	queued = next;
	sweeping = next;
	return next;
}

async function sweepOnce(): Promise<number> {
	let opened = 0;
	for (;;) {
		const { claimed, made } = await sweepBatch();
		for (const m of made) {
			await audit({ userId: null }, 'complaint.create', { type: 'complaint', id: m.id }, { code: m.code, channel: m.channel, kind: 'petition', withContact: m.withContact });
			publish('complaint.changed', { complaintId: m.id, unitId: m.unitId });
		}
		opened += made.length;
		if (claimed < SWEEP_BATCH || stopped) return opened;
	}
}

async function sweepBatch(): Promise<{ claimed: number; made: { id: number; code: string; unitId: number; channel: ComplaintChannel; withContact: boolean }[] }> {
	// most sweeps find the queue empty (a satisfied rating asks for one too): one cheap read then
	const [waiting] = await db.select({ ratingId: complaintRatingQueue.ratingId }).from(complaintRatingQueue).limit(1);
	if (!waiting) return { claimed: 0, made: [] };
	const cfg = await complaintSettings();
	const cal = await loadCalendar(database);
	return db.transaction(async (tx) => {
		const claimed = await tx
			.select({ ratingId: complaintRatingQueue.ratingId })
			.from(complaintRatingQueue)
			.orderBy(complaintRatingQueue.ratingId)
			.limit(SWEEP_BATCH)
			.for('update', { skipLocked: true });
		if (!claimed.length) return { claimed: 0, made: [] };
		const ids = claimed.map((c) => c.ratingId);
		const rows = decodeRows<RatingRow>(
			await tx.execute(sql`${dissatisfiedRatings} and r.id in ${ids} and not exists (select 1 from complaints k where k.rating_id = r.id) order by r.id`)
		);
		const made = [];
		for (const r of rows) {
			if (!qualifiesForAutoOpen(r, cfg)) continue;
			const input = ratingCase(r);
			const clock = runningClock({ kind: kindOf(input), receivedAt: input.receivedAt, acceptedAt: null, complex: false, remote: false }, cfg.regimes, cal);
			try {
				const m = await insertCase(tx, input, { userId: null }, clock);
				made.push({ ...m, channel: input.channel, withContact: input.contactId != null });
			} catch (e) {
				// a case opened meanwhile (duplicate) or an officer no longer posted there: no case from the sweep
				if (!(e instanceof ComplaintInputError)) throw e;
				log.warn({ ratingId: input.ratingId, reason: e.reason }, 'complaints: a rating meeting the auto-open rules opened no case');
			}
		}
		await tx.delete(complaintRatingQueue).where(inArray(complaintRatingQueue.ratingId, ids));
		return { claimed: claimed.length, made };
	});
}

/** A raw `tx.execute` result's rows: an array from postgres.js, `{ rows }` from PGlite. */
function decodeRows<T>(result: unknown): T[] {
	return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** An inspector turns a dissatisfied rating from the queue into a case. */
export async function promoteRating(ratingId: number, actor: Actor) {
	const [r] = await database.rows<RatingRow>(sql`${dissatisfiedRatings} and r.id = ${ratingId}`);
	if (!r) return null;
	return openFromRating(r, actor);
}

// ---- acting on a case ----------------------------------------------------------------------

export type ActResult = { ok: true; status: ComplaintStatus } | { ok: false; reason: Refusal | 'not_found' | 'bad_assignee' | 'stale' };

async function callBackDone(tx: Tx, complaintId: number): Promise<boolean> {
	const events = await tx
		.select({ kind: complaintEvents.kind, data: complaintEvents.data })
		.from(complaintEvents)
		.where(eq(complaintEvents.complaintId, complaintId))
		.orderBy(complaintEvents.at, complaintEvents.id);
	let reached = false;
	let unanswered = 0;
	for (const e of events) {
		if (e.kind === 'reopened') {
			reached = false;
			unanswered = 0;
		} else if (e.kind === 'call_back') {
			if (e.data?.outcome === 'no_answer') unanswered++;
			else reached = true;
		}
	}
	return reached || unanswered >= NO_ANSWER_ATTEMPTS;
}

/** Users who may be assigned a case of this unit: active inspectors whose subtree holds it. */
export async function eligibleAssignees(unitId: number): Promise<{ id: number; displayName: string }[]> {
	const rows = await database.rows<{ id: DbNumber; display_name: string }>(sql`
		select distinct u.id, u.display_name from users u
		join user_roles g on g.user_id = u.id and g.revoked_at is null and g.role = 'inspector'
		join units gu on gu.id = g.unit_id
		join units cu on cu.id = ${unitId}
		where u.disabled_at is null and cu.path like gu.path || '%'
		order by u.display_name`);
	return byPersonName(rows, (r) => r.display_name).map((r) => ({ id: num(r.id), displayName: r.display_name }));
}

/**
 * One step of a case. `seen` is the status the person's page showed (the forms carry it): when the
 * case has moved since (another tab, a colleague), the step is refused as 'stale'. It is compared
 * after the row lock, so of two steps taken at once from the same page state exactly one passes.
 */
export async function act(complaintId: number, actor: Actor, action: CaseAction, now = new Date(), seen?: string): Promise<ActResult> {
	if (action.kind === 'assign' && !(await eligibleAssignees(await unitOf(complaintId))).some((u) => u.id === action.assigneeId))
		return { ok: false, reason: 'bad_assignee' };
	const result = await db.transaction(async (tx) => {
		const [c] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
		if (!c) return { ok: false, reason: 'not_found' } as const;
		if (seen !== undefined && seen !== c.status) return { ok: false, reason: 'stale' } as const;
		let hasContact = false;
		if (c.contactId !== null) {
			const [contact] = await tx.select({ phone: citizenContacts.phone }).from(citizenContacts).where(eq(citizenContacts.id, c.contactId));
			hasContact = Boolean(contact?.phone);
		}
		const officerPosted = c.officerId === null || (await officerPostedFor(tx, { ...c, officerId: c.officerId }));
		const d = decide({ status: c.status, assigneeId: c.assigneeId, hasContact, calledBack: hasContact && (await callBackDone(tx, c.id)), officerPosted }, action);
		if (!d.ok) return d;
		await tx
			.update(complaints)
			.set({ status: d.status, outcome: d.outcome, assigneeId: d.assigneeId, closedAt: d.closed ? now : null })
			.where(eq(complaints.id, c.id));
		const data: Record<string, unknown> = {};
		if (action.kind === 'assign') Object.assign(data, { assigneeId: action.assigneeId, previousAssigneeId: c.assigneeId });
		if (action.kind === 'resolve') data.outcome = action.outcome;
		await tx.insert(complaintEvents).values({ complaintId: c.id, at: now, actorId: actor.userId, kind: d.event.kind, fromStatus: d.event.fromStatus, toStatus: d.event.toStatus, note: d.event.note, data });
		return { ok: true, status: d.status, unitId: c.unitId, from: c.status } as const;
	});
	if (!result.ok) return result;
	await audit(actor, `complaint.${action.kind}`, { type: 'complaint', id: complaintId }, { from: result.from, to: result.status });
	publish('complaint.changed', { complaintId, unitId: result.unitId });
	return { ok: true, status: result.status };
}

// ---- regime: classifying and accepting ------------------------------------------------------

export type RegimeResult = { ok: true; dueAt: Date } | { ok: false; reason: RegimeRefusal | 'not_found' };

/**
 * Re-classifies a case (petition ⇄ khiếu nại, complex / remote flags) and moves its deadline to
 * the clock its new regime runs now. The routes allow this to inspectors and administrators only.
 */
export async function reclassify(
	complaintId: number,
	actor: Actor,
	wanted: { kind: ComplaintKind; complex: boolean; remote: boolean; note?: string },
	now = new Date()
): Promise<RegimeResult> {
	const cfg = await complaintSettings();
	const cal = await loadCalendar(database);
	const result = await db.transaction(async (tx) => {
		const [c] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
		if (!c) return { ok: false, reason: 'not_found' } as const;
		const d = decideReclassify(c, wanted);
		if (!d.ok) return d;
		const clock = runningClock({ ...d.change, receivedAt: c.receivedAt }, cfg.regimes, cal);
		await tx.update(complaints).set({ ...d.change, dueAt: clock.dueAt }).where(eq(complaints.id, c.id));
		await tx.insert(complaintEvents).values({
			complaintId: c.id,
			at: now,
			actorId: actor.userId,
			kind: 'reclassified',
			note: wanted.note?.trim().slice(0, 4000) || null,
			data: {
				from: { kind: c.kind, complex: c.complex, remote: c.remote, dueAt: c.dueAt.toISOString() },
				to: { kind: d.change.kind, complex: d.change.complex, remote: d.change.remote, dueAt: clock.dueAt.toISOString() },
				stage: clock.stage,
				clock: clock.clock,
				source: clock.source
			}
		});
		return { ok: true, dueAt: clock.dueAt, unitId: c.unitId, from: c.kind, to: d.change.kind } as const;
	});
	if (!result.ok) return result;
	await audit(actor, 'complaint.reclassify', { type: 'complaint', id: complaintId }, { from: result.from, to: result.to });
	publish('complaint.changed', { complaintId, unitId: result.unitId });
	return { ok: true, dueAt: result.dueAt };
}

/**
 * Records the acceptance (thụ lý) of a khiếu nại: the resolution clock starts from it. The
 * event keeps the acceptance deadline and whether it was met.
 */
export async function acceptComplaint(complaintId: number, actor: Actor, accepted: { at?: Date; note?: string } = {}, now = new Date()): Promise<RegimeResult> {
	const cfg = await complaintSettings();
	const cal = await loadCalendar(database);
	const result = await db.transaction(async (tx) => {
		const [c] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update');
		if (!c) return { ok: false, reason: 'not_found' } as const;
		const d = decideAccept(c, accepted.at ?? now, c.receivedAt);
		if (!d.ok) return d;
		const clock = runningClock({ ...c, acceptedAt: d.acceptedAt }, cfg.regimes, cal);
		await tx.update(complaints).set({ acceptedAt: d.acceptedAt, dueAt: clock.dueAt }).where(eq(complaints.id, c.id));
		await tx.insert(complaintEvents).values({
			complaintId: c.id,
			at: now,
			actorId: actor.userId,
			kind: 'accepted',
			note: accepted.note?.trim().slice(0, 4000) || null,
			data: {
				acceptedAt: d.acceptedAt.toISOString(),
				acceptanceDueAt: c.dueAt.toISOString(),
				acceptedOnTime: d.acceptedAt.getTime() <= c.dueAt.getTime(),
				dueAt: clock.dueAt.toISOString(),
				clock: clock.clock,
				source: clock.source
			}
		});
		return { ok: true, dueAt: clock.dueAt, unitId: c.unitId } as const;
	});
	if (!result.ok) return result;
	await audit(actor, 'complaint.accept', { type: 'complaint', id: complaintId });
	publish('complaint.changed', { complaintId, unitId: result.unitId });
	return { ok: true, dueAt: result.dueAt };
}

async function unitOf(complaintId: number): Promise<number> {
	const [c] = await db.select({ unitId: complaints.unitId }).from(complaints).where(eq(complaints.id, complaintId));
	return c?.unitId ?? 0;
}

async function appendEvent(complaintId: number, actor: Actor, event: { kind: 'note' | 'call_back'; note: string | null; data: Record<string, unknown> }, at: Date) {
	const [c] = await db.select({ unitId: complaints.unitId }).from(complaints).where(eq(complaints.id, complaintId));
	if (!c) return false;
	await db.insert(complaintEvents).values({ complaintId, at, actorId: actor.userId, ...event });
	await audit(actor, `complaint.${event.kind}`, { type: 'complaint', id: complaintId }, event.kind === 'call_back' ? { outcome: event.data.outcome } : undefined);
	publish('complaint.changed', { complaintId, unitId: c.unitId });
	return true;
}

export function addNote(complaintId: number, actor: Actor, note: string, now = new Date()) {
	return appendEvent(complaintId, actor, { kind: 'note', note: note.trim().slice(0, 4000), data: {} }, now);
}

/** When the citizen was called, by whom (the actor), and what came of it. */
export function recordCallBack(complaintId: number, actor: Actor, call: { calledAt: Date; outcome: CallBackOutcome; note: string }, now = new Date()) {
	return appendEvent(
		complaintId,
		actor,
		{ kind: 'call_back', note: call.note.trim().slice(0, 4000) || null, data: { calledAt: call.calledAt.toISOString(), outcome: call.outcome } },
		now
	);
}

// ---- the citizen's contact -----------------------------------------------------------------

/**
 * Erases a contact: the number is gone, the row keeps when and why, and every case that used
 * it gets a 'contact_erased' event ("contact erased on <date>").
 */
async function eraseContactRow(contactId: number, reason: 'citizen_request' | 'retention', actor: Actor, now: Date): Promise<number[]> {
	return db.transaction(async (tx) => {
		const erased = await tx
			.update(citizenContacts)
			.set({ phone: null, erasedAt: now, erasureReason: reason })
			.where(and(eq(citizenContacts.id, contactId), sql`${citizenContacts.phone} is not null`))
			.returning({ id: citizenContacts.id });
		if (erased.length === 0) return [];
		const cases = await tx.select({ id: complaints.id }).from(complaints).where(eq(complaints.contactId, contactId));
		for (const c of cases)
			await tx.insert(complaintEvents).values({ complaintId: c.id, at: now, actorId: actor.userId, kind: 'contact_erased', data: { reason, erasedAt: now.toISOString() } });
		return cases.map((c) => c.id);
	});
}

export async function eraseCaseContact(complaintId: number, actor: Actor, now = new Date()): Promise<boolean> {
	const [c] = await db.select({ contactId: complaints.contactId, unitId: complaints.unitId }).from(complaints).where(eq(complaints.id, complaintId));
	if (!c?.contactId) return false;
	const cases = await eraseContactRow(c.contactId, 'citizen_request', actor, now);
	if (cases.length === 0) return false; // already erased
	await audit(actor, 'complaint.contact_erased', { type: 'complaint', id: complaintId }, { reason: 'citizen_request' });
	publish('complaint.changed', { complaintId, unitId: c.unitId });
	return true;
}

export function retentionCutoff(now: Date, months: number): Date {
	const d = new Date(now);
	d.setUTCMonth(d.getUTCMonth() - months);
	return d;
}

/**
 * Erases contacts kept longer than the retention period: those whose cases all closed before
 * the cut-off, and those given with a rating that never became a case, consented before it.
 */
export async function eraseExpiredContacts(now = new Date()): Promise<number> {
	const cfg = await complaintSettings();
	const cutoff = retentionCutoff(now, cfg.retentionMonths).toISOString();
	const due = await database.rows<{ id: DbNumber }>(sql`
		select c.id from citizen_contacts c
		where c.phone is not null
		and not exists (select 1 from complaints k where k.contact_id = c.id and (k.closed_at is null or k.closed_at > ${cutoff}::timestamptz))
		and (exists (select 1 from complaints k where k.contact_id = c.id) or c.consented_at < ${cutoff}::timestamptz)`);
	for (const { id } of due) await eraseContactRow(num(id), 'retention', { userId: null }, now);
	if (due.length) await audit({ userId: null }, 'complaint.retention_erasure', undefined, { contacts: due.length, retentionMonths: cfg.retentionMonths });
	return due.length;
}

// ---- late dossiers -------------------------------------------------------------------------

/**
 * A dossier past its due date without a Phiếu xin lỗi và hẹn lại ngày trả kết quả sent in time
 * (dossiers/apology.ts: at least one working day before the due date) opens an internal case
 * against its unit (once). The SQL narrows the candidates; the rule itself is decided in
 * TypeScript, so it is written once.
 */
export async function openLateDossierComplaints(now = new Date()): Promise<number> {
	const cfg = await complaintSettings();
	if (!cfg.lateDossiers.enabled) return 0;
	const since = new Date(now.getTime() - cfg.lateDossiers.lookbackDays * 86_400_000).toISOString();
	const late = await database.rows<{ id: DbNumber; unit_id: DbNumber; code: string; due_at: DbTime; first_slip_at: DbTime | null }>(sql`
		select d.id, d.unit_id, d.code, d.due_at,
			(select min(n.issued_at) from dossier_late_notices n where n.dossier_id = d.id and n.kind = 'apology') as first_slip_at
		from dossiers d
		where d.due_at < ${now.toISOString()}::timestamptz and d.due_at >= ${since}::timestamptz
		and (d.completed_at is null or d.completed_at > d.due_at)
		and d.status not in ('withdrawn', 'rejected')
		and not exists (select 1 from complaints k where k.dossier_id = d.id and k.channel = 'late_dossier')
		order by d.due_at limit 200`);
	const cal = await loadCalendar(database);
	let opened = 0;
	for (const d of late) {
		const dueAt = instant(d.due_at);
		if (!lateWithoutOnTimeSlip(dueAt, instantOrNull(d.first_slip_at), cal)) continue;
		await createComplaint({
			unitId: num(d.unit_id),
			dossierId: num(d.id),
			channel: 'late_dossier',
			kind: 'internal',
			description: `Hồ sơ ${d.code} quá hạn giải quyết (hạn ${localDate(dueAt).split('-').reverse().join('/')}) mà không có Phiếu xin lỗi và hẹn lại ngày trả kết quả gửi đúng hạn.`,
			receivedAt: now
		});
		opened++;
	}
	return opened;
}

// ---- officer's record (Thông tư 01/2018 indicator 7) ----------------------------------------

export type UpheldComplaints = { upheld: number; partlyUpheld: number; cases: { id: number; code: string; outcome: ComplaintOutcome; closedAt: Date }[] };

/**
 * Complaints about an officer closed as upheld or partly upheld within [from, to): the data
 * behind indicator 7 of the Thông tư 01/2018 grid and the officer's page.
 */
export async function upheldComplaintsForOfficer(officerId: number, period: { from: Date; to: Date }): Promise<UpheldComplaints> {
	const rows = await db
		.select({ id: complaints.id, code: complaints.code, outcome: complaints.outcome, closedAt: complaints.closedAt })
		.from(complaints)
		.where(
			and(
				eq(complaints.officerId, officerId),
				eq(complaints.status, 'resolved'),
				sql`${complaints.outcome} in ('upheld', 'partly_upheld')`,
				sql`${complaints.closedAt} >= ${period.from.toISOString()}::timestamptz and ${complaints.closedAt} < ${period.to.toISOString()}::timestamptz`
			)
		)
		.orderBy(desc(complaints.closedAt));
	const cases = rows.map((r) => ({ id: r.id, code: r.code, outcome: r.outcome!, closedAt: r.closedAt! }));
	return { upheld: cases.filter((c) => c.outcome === 'upheld').length, partlyUpheld: cases.filter((c) => c.outcome === 'partly_upheld').length, cases };
}

