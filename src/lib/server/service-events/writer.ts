import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { counters, serviceEvents, type ServiceOrigin, type Stage } from '../db/schema';

/**
 * The one writer of service events (an officer serving at a counter at one stage: what a rating
 * attaches to). The counter screen, our JSON API (POST /api/v1/service-events), a queue system's
 * calls and the national sync's receiving and returning steps all write through here, so they
 * share one rule, one lock and one way to pick the unit:
 *
 * - **One lock**: every write takes the counter's row lock (SELECT … FOR UPDATE on `counters`)
 *   before it reads what is open there, counters in id order when several (so two writers never
 *   wait on each other in a cycle). Call inside a transaction.
 * - **A busy counter**: a new service at a counter closes the one left open there, at the new
 *   one's opening time, and records that it was closed by the new one (`superseded_by`): at a
 *   counter the next call means the previous applicant has left. A service reported with an
 *   earlier time than one already at the counter is recorded closed (a late report never closes
 *   what the counter is doing now).
 * - **The unit**: the officer's posting in effect when the service opened (a later transfer never
 *   moves the rating); an officer with no posting then is counted at the counter's centre's unit.
 *
 * Callers publish `service.closed` / `service.opened` after their transaction commits.
 */

export type NewService = {
	dossierId?: number | null;
	/** The procedure a queue ticket was called for (the dossier's own procedure otherwise). */
	procedureId?: number | null;
	ticket?: string | null;
	counterId: number;
	officerId: number;
	stage: Stage;
	openedAt: Date;
	origin: ServiceOrigin;
};
export type ClosedService = { id: number; counterId: number };
export type OpenedService = { id: number; unitId: number; closed: ClosedService[] };

const rowsOf = <T>(result: unknown): T[] =>
	(Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** Locks counters in id order (one order everywhere). */
export async function lockCounters(tx: Db, ids: readonly number[]): Promise<void> {
	const sorted = [...new Set(ids)].sort((a, b) => a - b);
	if (sorted.length === 0) return;
	await tx
		.select({ id: counters.id })
		.from(counters)
		.where(inArray(counters.id, sorted))
		.orderBy(counters.id)
		.for('update');
}

/**
 * The unit each service is counted in, in one statement whatever their number: the officer's
 * posting in effect at the service's time (the latest started when two overlap), else the unit of
 * the counter's centre.
 */
export async function servingUnits(
	tx: Db,
	rows: readonly { officerId: number; counterId: number; at: Date }[]
): Promise<number[]> {
	if (rows.length === 0) return [];
	const found = rowsOf<{ k: number; unit: number | string }>(
		await tx.execute(sql`
			select x.k, coalesce(
				(select a.unit_id from officer_assignments a where a.officer_id = x.officer and a.started_at <= x.at
					and (a.ended_at is null or a.ended_at > x.at) order by a.started_at desc limit 1),
				(select c.unit_id from counters k join service_centres c on c.id = k.centre_id where k.id = x.counter)) as unit
			from json_to_recordset(${JSON.stringify(rows.map((r, k) => ({ k, officer: r.officerId, counter: r.counterId, at: r.at.toISOString() })))}::text::json)
				as x(k int, officer int, counter int, at timestamptz)`)
	);
	const out: number[] = new Array(rows.length);
	for (const r of found) out[Number(r.k)] = Number(r.unit);
	return out;
}

/** Closes what is open at a counter at `at` (never before its own opening). The caller holds the counter's lock. */
async function closeOpen(tx: Db, counterId: number, at: Date): Promise<ClosedService[]> {
	return tx
		.update(serviceEvents)
		.set({ closedAt: sql`greatest(${serviceEvents.openedAt}, ${at.toISOString()}::timestamptz)` })
		.where(and(eq(serviceEvents.counterId, counterId), isNull(serviceEvents.closedAt)))
		.returning({ id: serviceEvents.id, counterId: serviceEvents.counterId });
}

/** Ends the service open at a counter (the officer finished, left, or lost the counter). */
export async function closeOpenService(
	tx: Db,
	counterId: number,
	at: Date
): Promise<ClosedService[]> {
	await lockCounters(tx, [counterId]);
	return closeOpen(tx, counterId, at);
}

/**
 * Opens a service now-ish: the counter's busy-counter rule. One open service per counter is also
 * a unique index; under the lock the close comes first, so the index never fires.
 */
export async function openService(tx: Db, s: NewService): Promise<OpenedService> {
	await lockCounters(tx, [s.counterId]);
	const [unitId] = await servingUnits(tx, [
		{ officerId: s.officerId, counterId: s.counterId, at: s.openedAt }
	]);
	const closed = await closeOpen(tx, s.counterId, s.openedAt);
	const [row] = await tx
		.insert(serviceEvents)
		.values({ ...s, unitId })
		.returning({ id: serviceEvents.id });
	if (closed.length > 0) {
		await tx
			.update(serviceEvents)
			.set({ supersededBy: row.id })
			.where(
				inArray(
					serviceEvents.id,
					closed.map((c) => c.id)
				)
			);
	}
	return { id: row.id, unitId, closed };
}

/**
 * A service a system reports at a time that may be past (our API, a queue call, a synced step):
 * opened by the busy-counter rule when it is the counter's latest news; recorded already closed
 * (at `closedAt`, or at its own opening time) when a later service exists there or its end is
 * known, touching nothing open.
 */
export async function recordServiceAt(
	tx: Db,
	s: NewService & { closedAt?: Date | null }
): Promise<OpenedService & { result: 'opened' | 'recorded' }> {
	await lockCounters(tx, [s.counterId]);
	const { closedAt, ...values } = s;
	const [later] = await tx
		.select({ id: serviceEvents.id })
		.from(serviceEvents)
		.where(and(eq(serviceEvents.counterId, s.counterId), gt(serviceEvents.openedAt, s.openedAt)))
		.limit(1);
	if (later || closedAt) {
		const [unitId] = await servingUnits(tx, [
			{ officerId: s.officerId, counterId: s.counterId, at: s.openedAt }
		]);
		const [row] = await tx
			.insert(serviceEvents)
			.values({ ...values, unitId, closedAt: closedAt ?? s.openedAt })
			.returning({ id: serviceEvents.id });
		return { id: row.id, unitId, closed: [], result: 'recorded' };
	}
	return { ...(await openService(tx, values)), result: 'opened' };
}

/**
 * Past services reported together (a sync's steps, long after they happened): recordServiceAt's
 * rule for a past service, in a fixed number of statements: each is stored closed at its own
 * time, in the unit picked as above, and nothing open at a counter is touched. The counters are
 * locked here. Ids by (dossier, stage, opening time), which the caller keeps unique.
 */
export async function recordPastServices(
	tx: Db,
	rows: readonly NewService[]
): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	if (rows.length === 0) return out;
	await lockCounters(
		tx,
		rows.map((r) => r.counterId)
	);
	const units = await servingUnits(
		tx,
		rows.map((r) => ({ officerId: r.officerId, counterId: r.counterId, at: r.openedAt }))
	);
	const inserted = await tx
		.insert(serviceEvents)
		.values(rows.map((r, k) => ({ ...r, unitId: units[k], closedAt: r.openedAt })))
		.returning({
			id: serviceEvents.id,
			dossierId: serviceEvents.dossierId,
			stage: serviceEvents.stage,
			openedAt: serviceEvents.openedAt
		});
	for (const r of inserted) out.set(pastServiceKey(r.dossierId, r.stage, r.openedAt), r.id);
	return out;
}

export const pastServiceKey = (dossierId: number | null, stage: string, openedAt: Date) =>
	`${dossierId}:${stage}:${openedAt.getTime()}`;
