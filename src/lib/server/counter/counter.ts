import { and, eq, isNull, sql } from 'drizzle-orm';
import { db, database } from '../db';
import { counterShifts, dossiers, type Stage } from '../db/schema';
import { addWorkingDays, loadCalendar, startOfLocalDay } from '../calendar';
import { publish } from '../events/bus';
import { closeOpenService, openService } from '../service-events/writer';
import { byVietnamese } from '$lib/vietnamese-order';
import { bool, instant, iso, isoOrNull, num, numOrNull, type DbBool, type DbNumber, type DbTime } from '../db/decode';

/**
 * The officer's side of the counter: take a counter (a shift), serve a dossier at a stage (a
 * service event the rating devices are prompted for), finish it, leave. Every function takes
 * the officer id from the session, never from the request.
 */

export type CounterChoice = {
	id: number;
	nameVi: string;
	nameEn: string | null;
	centreVi: string;
	centreEn: string | null;
	holderId: number | null;
	holderName: string | null;
};

/**
 * A posting in effect at an instant. Not simply the open one: a transfer entered ahead of its day
 * opens the new posting in the future, and until that day the officer still serves the old unit.
 */
const inEffect = (now: Date) => sql`a.started_at <= ${now.toISOString()}::timestamptz and (a.ended_at is null or a.ended_at > ${now.toISOString()}::timestamptz)`;

/** The officer's unit now (the posting in effect), with the province root for dossier codes. */
export async function officerPosting(officerId: number, now = new Date()) {
	const [row] = await database.rows<{ unit_id: DbNumber; path: string; full_name: string }>(sql`
		select a.unit_id, u.path, o.full_name from officer_assignments a
		join units u on u.id = a.unit_id join officers o on o.id = a.officer_id
		where a.officer_id = ${officerId} and ${inEffect(now)} and o.active`);
	if (!row) return null;
	const provinceId = Number(row.path.split('/')[1]);
	return { unitId: num(row.unit_id), unitPath: row.path, provinceId, fullName: row.full_name };
}

/**
 * Counters the officer may take: in centres of their unit or of a unit above it (department
 * officers sit at the province's Public Administrative Service Centre), with the current holder.
 */
export async function counterChoices(officerId: number, now = new Date()): Promise<CounterChoice[]> {
	const rows = await database.rows<{
		id: DbNumber;
		name_vi: string;
		name_en: string | null;
		centre_vi: string;
		centre_en: string | null;
		holder_id: DbNumber | null;
		holder_name: string | null;
	}>(sql`
		select k.id, k.name_vi, k.name_en, c.name_vi as centre_vi, c.name_en as centre_en,
			s.officer_id as holder_id, o.full_name as holder_name
		from officer_assignments a
		join units ou on ou.id = a.unit_id
		join units cu on ou.path like cu.path || '%'
		join service_centres c on c.unit_id = cu.id and c.active
		join counters k on k.centre_id = c.id and k.active
		left join counter_shifts s on s.counter_id = k.id and s.ended_at is null
		left join officers o on o.id = s.officer_id
		where a.officer_id = ${officerId} and ${inEffect(now)}
		order by c.name_vi, k.code`);
	// centres in Vietnamese order; a centre's counters stay in their code order (a stable sort)
	return byVietnamese(rows, (r) => [r.centre_vi]).map((r) => ({
		id: num(r.id),
		nameVi: r.name_vi,
		nameEn: r.name_en,
		centreVi: r.centre_vi,
		centreEn: r.centre_en,
		holderId: numOrNull(r.holder_id),
		holderName: r.holder_name
	}));
}

export type TakeResult = { ok: true } | { ok: false; reason: 'not_allowed' } | { ok: false; reason: 'held'; holderName: string };

/**
 * Starts a shift. A counter held by a colleague is taken only when `force` (the screen asks
 * first); their shift and any service they left open end now.
 */
export async function takeCounter(officerId: number, counterId: number, force: boolean, now = new Date()): Promise<TakeResult> {
	const allowed = (await counterChoices(officerId, now)).find((c) => c.id === counterId);
	if (!allowed) return { ok: false, reason: 'not_allowed' };
	if (allowed.holderId === officerId) return { ok: true };
	if (allowed.holderId !== null && !force) return { ok: false, reason: 'held', holderName: allowed.holderName ?? '' };
	const closed = await db.transaction(async (tx) => {
		const ended: { id: number; counterId: number }[] = [];
		// End the officer's own open shift elsewhere, and the colleague's shift here.
		const shifts = await tx
			.update(counterShifts)
			.set({ endedAt: now })
			.where(and(isNull(counterShifts.endedAt), sql`(${counterShifts.officerId} = ${officerId} or ${counterShifts.counterId} = ${counterId})`))
			.returning({ counterId: counterShifts.counterId });
		for (const s of shifts.sort((a, b) => a.counterId - b.counterId)) ended.push(...(await closeOpenService(tx, s.counterId, now)));
		await tx.insert(counterShifts).values({ counterId, officerId, startedAt: now });
		return ended;
	});
	for (const e of closed) publish('service.closed', { serviceEventId: e.id, counterId: e.counterId });
	return { ok: true };
}

export async function leaveCounter(officerId: number, now = new Date()): Promise<void> {
	const shift = await currentShift(officerId);
	if (!shift) return;
	await finishService(officerId, now);
	await db.update(counterShifts).set({ endedAt: now }).where(eq(counterShifts.id, shift.id));
}

export async function currentShift(officerId: number) {
	const [row] = await database.rows<{
		id: DbNumber;
		counter_id: DbNumber;
		started_at: DbTime;
		name_vi: string;
		name_en: string | null;
		centre_vi: string;
		centre_en: string | null;
	}>(sql`
		select s.id, s.counter_id, s.started_at, k.name_vi, k.name_en, c.name_vi as centre_vi, c.name_en as centre_en
		from counter_shifts s join counters k on k.id = s.counter_id join service_centres c on c.id = k.centre_id
		where s.officer_id = ${officerId} and s.ended_at is null`);
	if (!row) return null;
	return {
		id: num(row.id),
		counterId: num(row.counter_id),
		startedAt: instant(row.started_at),
		nameVi: row.name_vi,
		nameEn: row.name_en,
		centreVi: row.centre_vi,
		centreEn: row.centre_en
	};
}

export type ServeResult =
	| { ok: true; serviceEventId: number }
	| { ok: false; reason: 'no_counter' | 'unknown_dossier' | 'not_allowed' };

/** Opens a service for a dossier at the officer's counter, by the one busy-counter rule (service-events/writer.ts). */
export async function serve(officerId: number, dossierCode: string, stage: Stage, now = new Date()): Promise<ServeResult> {
	const [shift, posting] = await Promise.all([currentShift(officerId), officerPosting(officerId, now)]);
	if (!shift || !posting) return { ok: false, reason: 'no_counter' };
	const [dossier] = await db
		.select({ id: dossiers.id })
		.from(dossiers)
		.where(and(eq(dossiers.provinceId, posting.provinceId), eq(dossiers.code, dossierCode)));
	if (!dossier) return { ok: false, reason: 'unknown_dossier' };
	const { opened, closed } = await db.transaction(async (tx) => {
		const { id, closed } = await openService(tx, { dossierId: dossier.id, counterId: shift.counterId, officerId, stage, openedAt: now, origin: 'counter' });
		const opened = { id };
		if (stage === 'returning') {
			await tx
				.update(dossiers)
				.set({ returningOfficerId: officerId, updatedAt: now })
				.where(eq(dossiers.id, dossier.id));
		}
		return { opened, closed };
	});
	for (const c of closed) publish('service.closed', { serviceEventId: c.id, counterId: shift.counterId });
	publish('service.opened', { serviceEventId: opened.id, counterId: shift.counterId, officerId, dossierId: dossier.id, stage });
	return { ok: true, serviceEventId: opened.id };
}

/**
 * A dossier the one-stop software has not sent yet (or a walk-in): created at the counter with
 * its procedure, received now, due on the working-day calendar, then served at "receiving".
 */
export async function createAndServe(officerId: number, code: string, procedureId: number, now = new Date()): Promise<ServeResult> {
	const posting = await officerPosting(officerId, now);
	if (!posting || !(await currentShift(officerId))) return { ok: false, reason: 'no_counter' };
	const [procedure] = await database.rows<{ handling_days: DbNumber }>(sql`select handling_days from procedures where id = ${procedureId} and active`);
	if (!procedure) return { ok: false, reason: 'not_allowed' };
	const due = addWorkingDays(now, num(procedure.handling_days), await loadCalendar(database));
	await db
		.insert(dossiers)
		.values({
			provinceId: posting.provinceId,
			unitId: posting.unitId,
			code,
			procedureId,
			channel: 'counter',
			status: 'received',
			receivedAt: now,
			dueAt: due < now ? now : due,
			receivingOfficerId: officerId
		})
		.onConflictDoNothing();
	return serve(officerId, code, 'receiving', now);
}

export async function finishService(officerId: number, now = new Date()): Promise<void> {
	const shift = await currentShift(officerId);
	if (!shift) return;
	const closed = await db.transaction((tx) => closeOpenService(tx, shift.counterId, now));
	for (const c of closed) publish('service.closed', { serviceEventId: c.id, counterId: shift.counterId });
}

/**
 * What the officer's screen shows: their services today and whether a rating arrived for each.
 * Never the level: an officer must not see an individual citizen's choice.
 */
export async function servicesToday(officerId: number, now = new Date()) {
	const startOfDay = startOfLocalDay(now);
	const rows = await database.rows<{
		id: DbNumber;
		stage: Stage;
		opened_at: DbTime;
		closed_at: DbTime | null;
		code: string;
		name_vi: string;
		name_en: string | null;
		rated: DbBool;
	}>(sql`
		select e.id, e.stage, e.opened_at, e.closed_at, coalesce(d.code, '#' || e.ticket) as code, p.name_vi, p.name_en,
			exists (select 1 from ratings r where r.service_event_id = e.id and r.counted) as rated
		from service_events e left join dossiers d on d.id = e.dossier_id join procedures p on p.id = coalesce(e.procedure_id, d.procedure_id)
		where e.officer_id = ${officerId} and e.opened_at >= ${startOfDay.toISOString()}::timestamptz
		order by e.opened_at desc limit 100`);
	return rows.map((r) => ({
		id: num(r.id),
		stage: r.stage,
		openedAt: iso(r.opened_at),
		closedAt: isoOrNull(r.closed_at),
		code: r.code,
		procedureVi: r.name_vi,
		procedureEn: r.name_en,
		rated: bool(r.rated)
	}));
}

export async function proceduresForCounter(counterId: number) {
	const rows = await database.rows<{ id: DbNumber; code: string; name_vi: string; name_en: string | null }>(sql`
		select p.id, p.code, p.name_vi, p.name_en from procedures p
		where p.active and (p.field_id in (select field_id from counter_fields where counter_id = ${counterId})
			or not exists (select 1 from counter_fields where counter_id = ${counterId}))
		order by p.name_vi`);
	return byVietnamese(rows, (r) => [r.name_vi]).map((r) => ({ id: num(r.id), code: r.code, nameVi: r.name_vi, nameEn: r.name_en }));
}
