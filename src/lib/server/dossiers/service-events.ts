import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { isoInstant } from '../api';
import { db, type Db } from '../db';
import { STAGES, counters, dossiers, serviceCentres, serviceEvents, units } from '../db/schema';
import { lockCounters, recordServiceAt } from '../service-events/writer';
import { pathInScope } from '../scope';
import { publish } from '../events/bus';
import { forbidden, problem, type FieldProblem } from './errors';
import { loadOfficersByStaffNumber, type Scope } from './upsert';
import type { ServiceEventPush } from './schema';

/**
 * Service events pushed by the one-stop software. The key is (dossier, counter, stage,
 * openedAt): a repeat changes nothing, a repeat with closedAt closes the open event once. New
 * services are written by the one writer (service-events/writer.ts): a busy counter's open
 * service is closed by the new one, as on the counter screen, and the answer lists it.
 */

/** POST /api/v1/service-events answers a service as stored. */
export const serviceEventAnswer = z.object({
	id: z.int(),
	result: z.enum(['opened', 'recorded', 'closed', 'unchanged']),
	dossierCode: z.string(),
	centreCode: z.string(),
	counterCode: z.string(),
	stage: z.enum(STAGES),
	openedAt: isoInstant(),
	closedAt: isoInstant().nullable(),
	superseded: z
		.array(z.int())
		.describe(
			'Services this one closed: a service opened at a busy counter closes the one left open there, at this one’s opening time (the next call means the previous applicant has left), the same rule as the counter screen and queue calls. Empty otherwise.'
		)
});
export type ServiceEventView = z.input<typeof serviceEventAnswer>;
export type ServiceEventOutcome = ServiceEventView['result'];
export type ServiceEventReply =
	| { ok: true; status: 200 | 201; event: ServiceEventView }
	| { ok: false; status: 400 | 403 | 409; problems: FieldProblem[] };

type Refs = { dossierId: number; counterId: number; counterUnitId: number; officerId: number };

export async function pushServiceEvent(input: ServiceEventPush, scope: Scope): Promise<ServiceEventReply> {
	if (input.closedAt && input.closedAt < input.openedAt) return refuse(400, [problem('closedAt', 'dossiers.error.beforeOpened')]);
	const refs = await resolveRefs(db, input, scope);
	if (!refs.ok) return refs.reply;
	const outcome = await db.transaction((tx) => recordEvent(tx, input, refs.refs));
	if (!outcome.ok) return outcome;
	const { event } = outcome;
	for (const id of event.superseded) publish('service.closed', { serviceEventId: id, counterId: refs.refs.counterId });
	if (event.result === 'opened') {
		publish('service.opened', { serviceEventId: event.id, counterId: refs.refs.counterId, officerId: refs.refs.officerId, dossierId: refs.refs.dossierId, stage: input.stage });
	}
	if (event.result === 'closed') publish('service.closed', { serviceEventId: event.id, counterId: refs.refs.counterId });
	return outcome;
}

function refuse(status: 400 | 403 | 409, problems: FieldProblem[]): ServiceEventReply {
	return { ok: false, status, problems };
}

async function resolveRefs(q: Db, input: ServiceEventPush, scope: Scope): Promise<{ ok: true; refs: Refs } | { ok: false; reply: ServiceEventReply }> {
	const found: FieldProblem[] = [];
	const dossier = await findDossier(q, input.dossierCode, scope);
	if (dossier === 'unknown') found.push(problem('dossierCode', 'dossiers.error.unknownDossier', { value: input.dossierCode }));
	if (dossier === 'forbidden') found.push(forbidden('dossierCode', 'dossiers.error.dossierOutOfScope', input.dossierCode));
	const counterName = `${input.centreCode}/${input.counterCode}`;
	const [counter] = await q
		.select({ id: counters.id, unitId: serviceCentres.unitId, path: units.path })
		.from(counters)
		.innerJoin(serviceCentres, eq(serviceCentres.id, counters.centreId))
		.innerJoin(units, eq(units.id, serviceCentres.unitId))
		.where(and(eq(serviceCentres.code, input.centreCode), eq(counters.code, input.counterCode)));
	if (!counter) found.push(problem('counterCode', 'dossiers.error.unknownCounter', { value: counterName }));
	else if (!pathInScope(counter.path, scope)) found.push(forbidden('counterCode', 'dossiers.error.counterOutOfScope', counterName));
	const officer = (await loadOfficersByStaffNumber(q, [input.officer], scope)).get(input.officer);
	if (!officer) found.push(problem('officer', 'dossiers.error.unknownOfficer', { value: input.officer }));
	else if (!officer.inScope) found.push(forbidden('officer', 'dossiers.error.officerOutOfScope', input.officer));
	if (found.length > 0 || typeof dossier !== 'number' || !counter || !officer) {
		return { ok: false, reply: refuse(found.every((p) => p.forbidden) ? 403 : 400, found) };
	}
	return { ok: true, refs: { dossierId: dossier, counterId: counter.id, counterUnitId: counter.unitId, officerId: officer.id } };
}

/** Codes are unique per province; the caller's scope picks the province. */
async function findDossier(q: Db, code: string, scope: Scope): Promise<number | 'unknown' | 'forbidden'> {
	const rows = await q
		.select({ id: dossiers.id, path: units.path })
		.from(dossiers)
		.innerJoin(units, eq(units.id, dossiers.unitId))
		.where(eq(dossiers.code, code));
	if (rows.length === 0) return 'unknown';
	return rows.find((r) => pathInScope(r.path, scope))?.id ?? 'forbidden';
}

async function recordEvent(tx: Db, input: ServiceEventPush, refs: Refs): Promise<ServiceEventReply> {
	// The counter's lock first: the repeat check and the busy-counter rule hold under concurrency.
	await lockCounters(tx, [refs.counterId]);
	const [existing] = await tx
		.select()
		.from(serviceEvents)
		.where(
			and(
				eq(serviceEvents.dossierId, refs.dossierId),
				eq(serviceEvents.counterId, refs.counterId),
				eq(serviceEvents.stage, input.stage),
				eq(serviceEvents.openedAt, input.openedAt)
			)
		)
		.limit(1);
	const view = (id: number, result: ServiceEventOutcome, closedAt: Date | null, superseded: number[] = []): ServiceEventReply => ({
		ok: true,
		status: result === 'opened' || result === 'recorded' ? 201 : 200,
		event: {
			id,
			result,
			dossierCode: input.dossierCode,
			centreCode: input.centreCode,
			counterCode: input.counterCode,
			stage: input.stage,
			openedAt: input.openedAt.toISOString(),
			closedAt: closedAt?.toISOString() ?? null,
			superseded
		}
	});
	if (existing) {
		if (existing.officerId !== refs.officerId) return refuse(409, [problem('officer', 'dossiers.error.eventConflict', { value: 'officer' })]);
		if (!input.closedAt) return view(existing.id, 'unchanged', existing.closedAt);
		if (!existing.closedAt) {
			await tx.update(serviceEvents).set({ closedAt: input.closedAt }).where(eq(serviceEvents.id, existing.id));
			return view(existing.id, 'closed', input.closedAt);
		}
		if (existing.closedAt.getTime() === input.closedAt.getTime()) return view(existing.id, 'unchanged', existing.closedAt);
		// Closed by the counter's next service: its own end, reported now, is the truer time (never later).
		if (existing.supersededBy !== null && input.closedAt < existing.closedAt) {
			await tx.update(serviceEvents).set({ closedAt: input.closedAt }).where(eq(serviceEvents.id, existing.id));
			return view(existing.id, 'closed', input.closedAt);
		}
		return refuse(409, [problem('closedAt', 'dossiers.error.eventConflict', { value: existing.closedAt.toISOString() })]);
	}
	// A busy counter: the new service closes the one left open there (the one rule, service-events/writer.ts).
	const written = await recordServiceAt(tx, {
		dossierId: refs.dossierId,
		counterId: refs.counterId,
		officerId: refs.officerId,
		stage: input.stage,
		openedAt: input.openedAt,
		closedAt: input.closedAt ?? null,
		origin: 'integration'
	});
	const closedAt = written.result === 'recorded' ? (input.closedAt ?? input.openedAt) : null;
	return view(written.id, written.result, closedAt, written.closed.map((c) => c.id));
}
