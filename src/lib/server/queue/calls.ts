import { and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import { isoInstant } from '../api';
import { db, type Db } from '../db';
import { counterShifts, counters, dossiers, officers, procedures, serviceCentres, serviceEvents, STAGES, units, type Stage } from '../db/schema';
import { pathInScope } from '../scope';
import { lockCounters, recordServiceAt } from '../service-events/writer';
import { publish } from '../events/bus';
import { forbidden, problem, type FieldProblem } from '../dossiers/errors';
import { acceptedInstant, dossierCode, oneOf, optional, required, text } from '../dossiers/schema';
import { provinceOf, type Scope } from '../dossiers/upsert';
import { resolveOfficers, resolveProcedures } from '../national/sync';

/**
 * Queue systems (hệ thống xếp hàng / lấy số): "ticket N called to counter C for procedure P"
 * opens a service at that counter, as the officer's counter screen does (the tablet is prompted,
 * the box's LED asks, through `service.opened`), and "ticket N done" closes it. A call is
 * identified by (counter, ticket, call time): sending it again changes nothing.
 *
 * The officer is the one signed in at the counter at the call time (their counter shift), or the
 * one the call names (staff number or user name, as for the national sync). The dossier is
 * usually unknown when a ticket is called: the service then carries the ticket and procedure,
 * and the one-stop software's receiving step names the dossier later (national/sync.ts).
 */

const STAGES_HINT = { values: STAGES.join(', ') };

export const queueCallSchema = z
	.strictObject({
		ticket: required(text(32), 'dossiers.error.invalid').describe('The ticket number as printed (A012).'),
		centreCode: required(text(64), 'dossiers.error.invalid'),
		counterCode: required(text(64), 'dossiers.error.invalid'),
		calledAt: required(acceptedInstant, 'dossiers.error.isoDate').describe('ISO 8601 with a time zone. With counter and ticket, the call’s identity: a repeat changes nothing.'),
		procedureCode: optional(text(64), 'dossiers.error.invalid').describe('The procedure the ticket was taken for (short or full code); required without dossierCode. The tablet shows it.'),
		dossierCode: optional(dossierCode, 'dossiers.error.codeFormat').describe('When known (a ticket for collecting a result).'),
		officer: optional(text(64), 'dossiers.error.invalid').describe('Staff number or user name; default: the officer signed in at the counter at calledAt.'),
		stage: optional(oneOf(STAGES), 'dossiers.error.oneOf', STAGES_HINT).describe('Default: receiving.')
	})
	.meta({ examples: [{ ticket: 'A012', centreCode: 'KH-PNT-MC', counterCode: 'Q01', calledAt: '2026-03-02T08:04:10+07:00', procedureCode: '1.001193' }] });
export type QueueCall = z.infer<typeof queueCallSchema>;

export const queueDoneSchema = z
	.strictObject({
		ticket: required(text(32), 'dossiers.error.invalid'),
		centreCode: required(text(64), 'dossiers.error.invalid'),
		counterCode: required(text(64), 'dossiers.error.invalid'),
		calledAt: required(acceptedInstant, 'dossiers.error.isoDate').describe('The call being finished.'),
		doneAt: required(acceptedInstant, 'dossiers.error.isoDate')
	})
	.meta({ examples: [{ ticket: 'A012', centreCode: 'KH-PNT-MC', counterCode: 'Q01', calledAt: '2026-03-02T08:04:10+07:00', doneAt: '2026-03-02T08:12:40+07:00' }] });
export type QueueDone = z.infer<typeof queueDoneSchema>;

/** What POST /api/v1/queue/calls and /done answer: the call's service as stored. */
export const queueCallAnswer = z.object({
	id: z.int().describe('The service’s id.'),
	result: z.enum(['opened', 'recorded', 'closed', 'unchanged']).describe('recorded: a later service exists at the counter, so this one is stored closed at its call time.'),
	ticket: z.string(),
	centreCode: z.string(),
	counterCode: z.string(),
	stage: z.enum(STAGES),
	officer: z.string().describe('Staff number.'),
	calledAt: isoInstant(),
	closedAt: isoInstant().nullable(),
	superseded: z.array(z.int()).describe('Services this call closed: the one left open at the counter (recorded as superseded by this one).')
});
export type QueueCallView = z.input<typeof queueCallAnswer>;
export type QueueReply = { ok: true; status: 200 | 201; call: QueueCallView } | { ok: false; status: 400 | 403 | 404 | 409; problems: FieldProblem[] };

type Counter = { id: number; centreUnitId: number; path: string };

async function findCounter(q: Db, centreCode: string, counterCode: string, scope: Scope): Promise<Counter | FieldProblem> {
	const [counter] = await q
		.select({ id: counters.id, centreUnitId: serviceCentres.unitId, path: units.path })
		.from(counters)
		.innerJoin(serviceCentres, eq(serviceCentres.id, counters.centreId))
		.innerJoin(units, eq(units.id, serviceCentres.unitId))
		.where(and(eq(serviceCentres.code, centreCode), eq(counters.code, counterCode)));
	const name = `${centreCode}/${counterCode}`;
	if (!counter) return problem('counterCode', 'dossiers.error.unknownCounter', { value: name });
	if (!pathInScope(counter.path, scope)) return forbidden('counterCode', 'dossiers.error.counterOutOfScope', name);
	return counter;
}

const refuse = (status: 400 | 403 | 404 | 409, problems: FieldProblem[]): QueueReply => ({ ok: false, status, problems });
const isProblem = (v: unknown): v is FieldProblem => typeof v === 'object' && v !== null && 'key' in v;

export async function callTicket(input: QueueCall, scope: Scope): Promise<QueueReply> {
	const found: FieldProblem[] = [];
	const counter = await findCounter(db, input.centreCode, input.counterCode, scope);
	if (isProblem(counter)) found.push(counter);
	let procedureId: number | null = null;
	if (input.procedureCode) {
		const resolved = (await resolveProcedures(db, [input.procedureCode])).get(input.procedureCode);
		if (resolved === undefined) found.push(problem('procedureCode', 'national.error.unknownProcedure', { value: input.procedureCode }));
		else if (resolved === 'ambiguous') found.push(problem('procedureCode', 'national.error.ambiguousProcedure', { value: input.procedureCode }));
		else procedureId = (await db.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, resolved)))[0]?.id ?? null;
	}
	let dossierId: number | null = null;
	if (input.dossierCode && !isProblem(counter)) {
		const [d] = await db
			.select({ id: dossiers.id, path: units.path })
			.from(dossiers)
			.innerJoin(units, eq(units.id, dossiers.unitId))
			.where(and(eq(dossiers.provinceId, provinceOf(counter.path)), eq(dossiers.code, input.dossierCode)));
		if (!d) found.push(problem('dossierCode', 'dossiers.error.unknownDossier', { value: input.dossierCode }));
		else if (!pathInScope(d.path, scope)) found.push(forbidden('dossierCode', 'dossiers.error.dossierOutOfScope', input.dossierCode));
		else dossierId = d.id;
	}
	if (!input.procedureCode && !input.dossierCode) found.push(problem('procedureCode', 'queue.error.needsProcedure'));
	let officerId: number | null = null;
	if (input.officer) {
		const o = (await resolveOfficers(db, [input.officer], scope)).get(input.officer);
		if (o === undefined) found.push(problem('officer', 'national.error.unknownOfficer', { value: input.officer }));
		else if (o === 'ambiguous') found.push(problem('officer', 'national.error.ambiguousOfficer', { value: input.officer }));
		else if (!o.inScope) found.push(forbidden('officer', 'dossiers.error.officerOutOfScope', input.officer));
		else officerId = o.id;
	}
	if (found.length > 0 || isProblem(counter)) return refuse(found.every((p) => p.forbidden) ? 403 : 400, found);
	officerId ??= await shiftHolder(db, counter.id, input.calledAt);
	if (officerId === null) return refuse(409, [problem('counterCode', 'queue.error.noOfficer', { value: `${input.centreCode}/${input.counterCode}` })]);
	const stage = input.stage ?? 'receiving';
	const servedBy = officerId;
	const outcome = await db.transaction(async (tx) => {
		await lockCounters(tx, [counter.id]);
		const [existing] = await tx
			.select({ id: serviceEvents.id, closedAt: serviceEvents.closedAt, officerId: serviceEvents.officerId, stage: serviceEvents.stage })
			.from(serviceEvents)
			.where(and(eq(serviceEvents.counterId, counter.id), eq(serviceEvents.ticket, input.ticket), eq(serviceEvents.openedAt, input.calledAt)));
		if (existing) return { kind: 'existing' as const, ...existing };
		const written = await recordServiceAt(tx, {
			dossierId,
			procedureId,
			ticket: input.ticket,
			counterId: counter.id,
			officerId: servedBy,
			stage,
			openedAt: input.calledAt,
			origin: 'queue'
		});
		return { kind: 'written' as const, ...written };
	});
	const staffNumber = async (id: number) => (await db.select({ s: officers.staffNumber }).from(officers).where(eq(officers.id, id)))[0].s;
	const view = (id: number, result: QueueCallView['result'], s: Stage, officer: string, closedAt: Date | null, superseded: number[] = []): QueueCallView => ({
		id,
		result,
		ticket: input.ticket,
		centreCode: input.centreCode,
		counterCode: input.counterCode,
		stage: s,
		officer,
		calledAt: input.calledAt.toISOString(),
		closedAt: closedAt?.toISOString() ?? null,
		superseded
	});
	if (outcome.kind === 'existing') {
		return { ok: true, status: 200, call: view(outcome.id, 'unchanged', outcome.stage, await staffNumber(outcome.officerId), outcome.closedAt) };
	}
	for (const c of outcome.closed) publish('service.closed', { serviceEventId: c.id, counterId: c.counterId });
	if (outcome.result === 'opened') publish('service.opened', { serviceEventId: outcome.id, counterId: counter.id, officerId: servedBy, dossierId, stage });
	return { ok: true, status: 201, call: view(outcome.id, outcome.result, stage, await staffNumber(servedBy), outcome.result === 'recorded' ? input.calledAt : null, outcome.closed.map((c) => c.id)) };
}

/** The officer signed in at the counter at that time (the counter screen's shift), if any. */
async function shiftHolder(q: Db, counterId: number, at: Date): Promise<number | null> {
	const [row] = await q
		.select({ officerId: counterShifts.officerId })
		.from(counterShifts)
		.where(and(eq(counterShifts.counterId, counterId), lte(counterShifts.startedAt, at), or(isNull(counterShifts.endedAt), gt(counterShifts.endedAt, at))))
		.orderBy(desc(counterShifts.startedAt))
		.limit(1);
	return row?.officerId ?? null;
}

export async function ticketDone(input: QueueDone, scope: Scope): Promise<QueueReply> {
	if (input.doneAt < input.calledAt) return refuse(400, [problem('doneAt', 'queue.error.doneBeforeCalled')]);
	const counter = await findCounter(db, input.centreCode, input.counterCode, scope);
	if (isProblem(counter)) return refuse(counter.forbidden ? 403 : 400, [counter]);
	const outcome = await db.transaction(async (tx) => {
		await lockCounters(tx, [counter.id]);
		const [event] = await tx
			.select({ id: serviceEvents.id, closedAt: serviceEvents.closedAt, stage: serviceEvents.stage, staffNumber: officers.staffNumber })
			.from(serviceEvents)
			.innerJoin(officers, eq(officers.id, serviceEvents.officerId))
			.where(and(eq(serviceEvents.counterId, counter.id), eq(serviceEvents.ticket, input.ticket), eq(serviceEvents.openedAt, input.calledAt)));
		if (!event) return null;
		if (event.closedAt) return { ...event, result: 'unchanged' as const };
		await tx.update(serviceEvents).set({ closedAt: input.doneAt }).where(eq(serviceEvents.id, event.id));
		return { ...event, closedAt: input.doneAt, result: 'closed' as const };
	});
	if (!outcome) return refuse(404, [problem('ticket', 'queue.error.unknownCall', { value: input.ticket })]);
	if (outcome.result === 'closed') publish('service.closed', { serviceEventId: outcome.id, counterId: counter.id });
	return {
		ok: true,
		status: 200,
		call: {
			id: outcome.id,
			result: outcome.result,
			ticket: input.ticket,
			centreCode: input.centreCode,
			counterCode: input.counterCode,
			stage: outcome.stage,
			officer: outcome.staffNumber,
			calledAt: input.calledAt.toISOString(),
			closedAt: outcome.closedAt?.toISOString() ?? null,
			superseded: []
		}
	};
}
