import { sql } from 'drizzle-orm';
import { database, type DatabaseHandle } from '../db';
import { bool, instant, instantOrNull, iso, isoOrNull, num, numOrNull, type DbBool, type DbNumber, type DbTime } from '../db/decode';

type PublicDossierRow = {
	id: DbNumber;
	code: string;
	status: string;
	channel: string;
	received_at: DbTime;
	due_at: DbTime;
	completed_at: DbTime | null;
	returned_at: DbTime | null;
	procedure_vi: string;
	procedure_en: string | null;
	unit_vi: string;
	unit_en: string | null;
	apology_new_due: DbTime | null;
	apology_issued: DbTime | null;
	apologised: DbBool;
};

/**
 * What a citizen may see about their dossier: procedure, dates, status, whether it is late and
 * whether a Phiếu xin lỗi và hẹn lại ngày trả kết quả was sent (the latest slip's date and new
 * appointment). No officer's personal details beyond the name and staff
 * number already shown at the counter; no other citizen's data.
 */
export async function publicDossier(where: { id: number } | { code: string }) {
	const cond = 'id' in where ? sql`d.id = ${where.id}` : sql`d.code = ${where.code}`;
	const [d] = await database.rows<PublicDossierRow>(sql`
		select d.id, d.code, d.status, d.channel, d.received_at, d.due_at, d.completed_at, d.returned_at,
			p.name_vi as procedure_vi, p.name_en as procedure_en, u.name_vi as unit_vi, u.name_en as unit_en,
			s.new_due_at as apology_new_due, s.issued_at as apology_issued, s.issued_at is not null as apologised
		from dossiers d join procedures p on p.id = d.procedure_id join units u on u.id = d.unit_id
		left join lateral (select n.issued_at, n.new_due_at from dossier_late_notices n
			where n.dossier_id = d.id and n.kind = 'apology' order by n.issued_at desc, n.id desc limit 1) s on true
		where ${cond} order by d.id limit 1`);
	if (!d) return null;
	const dueAt = instant(d.due_at);
	const completedAt = instantOrNull(d.completed_at);
	const late = (completedAt ?? new Date()) > dueAt;
	return {
		id: num(d.id),
		code: d.code,
		status: d.status,
		procedureVi: d.procedure_vi,
		procedureEn: d.procedure_en,
		unitVi: d.unit_vi,
		unitEn: d.unit_en,
		receivedAt: iso(d.received_at),
		dueAt: dueAt.toISOString(),
		completedAt: isoOrNull(d.completed_at),
		returnedAt: isoOrNull(d.returned_at),
		late,
		apologised: bool(d.apologised),
		apologyIssuedAt: isoOrNull(d.apology_issued),
		newDueAt: isoOrNull(d.apology_new_due)
	};
}

/**
 * A service as the QR on its slip shows it: the stage, who served, where, and whether that
 * dossier's stage already has its counted rating (one per dossier and stage).
 */
export async function slipService(serviceEventId: number, handle: DatabaseHandle = database) {
	const [r] = await handle.rows<{
		id: DbNumber;
		dossier_id: DbNumber | null;
		stage: 'receiving' | 'returning';
		counter_id: DbNumber;
		full_name: string;
		staff_number: string;
		rated: DbBool;
	}>(sql`
		select e.id, e.dossier_id, e.stage, e.counter_id, o.full_name, o.staff_number,
			exists (select 1 from ratings r where r.dossier_id = e.dossier_id and r.stage = e.stage and r.counted) as rated
		from service_events e join officers o on o.id = e.officer_id
		where e.id = ${serviceEventId}`);
	if (!r) return null;
	return {
		serviceEventId: num(r.id),
		dossierId: numOrNull(r.dossier_id),
		stage: r.stage,
		counterId: num(r.counter_id),
		officerName: r.full_name,
		staffNumber: r.staff_number,
		rated: bool(r.rated)
	};
}

/**
 * The service a slip may be printed for: one this officer gave (at whatever counter they sat),
 * never one found by a dossier code. Null for anyone else's service or an unknown id.
 */
export async function officerService(officerId: number, serviceEventId: number, handle: DatabaseHandle = database) {
	const [r] = await handle.rows<{ id: DbNumber; dossier_id: DbNumber | null }>(sql`
		select e.id, e.dossier_id from service_events e where e.id = ${serviceEventId} and e.officer_id = ${officerId}`);
	return r ? { serviceEventId: num(r.id), dossierId: numOrNull(r.dossier_id) } : null;
}
