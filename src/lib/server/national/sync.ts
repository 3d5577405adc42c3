import { and, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { db, type Db } from '../db';
import { counterShifts, dossierHolders, procedures, serviceEvents, users, type Stage } from '../db/schema';
import { lockCounters, pastServiceKey, recordPastServices, recordServiceAt } from '../service-events/writer';
import { publish } from '../events/bus';
import { forbidden, problem, zodProblems, type ItemProblem } from '../dossiers/errors';
import type { DossierRecord } from '../dossiers/schema';
import { loadOfficersByStaffNumber, upsertDossierRecords, type IndexedRecord, type ItemResult, type Scope } from '../dossiers/upsert';
import { parseProcedureCode } from '../procedures/parse';
import { mapNationalItem, nationalItemSchema, NATIONAL_FIELD, type CounterStep, type NationalItem } from './schema';
import { readNationalSettings } from './settings';

/**
 * The national dossier-sync shape into our dossiers and services. Each item becomes our own
 * dossier record and goes through the one dossier upsert (dossiers/upsert.ts), so the rules are
 * the same as for our JSON API; its receiving and returning steps become services at the counter
 * their officer held then, written in the same transaction, so a rating given at that counter is
 * attributed to that officer without anyone typing a code.
 *
 * References are resolved, never guessed:
 * - NguoiXuLy (on receiving and returning steps): an officer's staff number, or the user name of
 *   the app account linked to an officer; a value that is both (for two officers) is refused.
 *   Back-office steps are not counter visits and their handlers need not be officers here.
 * - MaTTHC: a procedure's code as stored (short `1.004227` or full `1.003560.000.00.00.H56`);
 *   a full code whose short part is stored; a short code stored as exactly one full code.
 * - DonViXuLy: a unit's official code.
 */

export type StepResult = 'opened' | 'recorded' | 'linked' | 'unchanged' | 'no_counter';
export type StepOutcome = { step: number; stage: Stage; result: StepResult; serviceEventId: number | null };
export type NationalResult = {
	index: number;
	code: string;
	result: 'created' | 'updated' | 'unchanged' | 'skipped';
	id: number | null;
	services: StepOutcome[];
};
export type NationalReport = { results: NationalResult[]; problems: ItemProblem[]; written: boolean };

/**
 * A step reported later than this after it happened is recorded as a past service (closed at its
 * own time): the applicant has left the counter, so the tablet must not ask them now.
 */
export const LIVE_STEP_MS = 10 * 60_000;

type Resolved = { officerId: number; staffNumber: string };
type Prepared = { index: number; item: NationalItem; steps: (Omit<CounterStep, 'officer'> & { officer: Resolved })[] };

export async function syncNationalDossiers(items: readonly unknown[], scope: Scope, options: { partial?: boolean; now?: Date } = {}): Promise<NationalReport> {
	const now = options.now ?? new Date();
	const problems: ItemProblem[] = [];
	const parsed: { index: number; item: NationalItem }[] = [];
	const firstByCode = new Map<string, number>();
	items.forEach((raw, index) => {
		const result = nationalItemSchema.safeParse(raw);
		if (!result.success) {
			for (const p of zodProblems(result.error)) problems.push({ ...p, index });
			return;
		}
		const first = firstByCode.get(result.data.MaHoSo);
		if (first !== undefined) problems.push({ ...problem('MaHoSo', 'dossiers.error.duplicateInBatch', { other: first }), index });
		else {
			firstByCode.set(result.data.MaHoSo, index);
			parsed.push({ index, item: result.data });
		}
	});

	const skipped: NationalResult[] = [];
	const mapped: { index: number; item: NationalItem; record: Omit<DossierRecord, 'procedureCode' | 'receivingOfficer' | 'returningOfficer'>; steps: CounterStep[] }[] = [];
	for (const { index, item } of parsed) {
		const m = mapNationalItem(item);
		if (m.kind === 'skip') skipped.push({ index, code: item.MaHoSo, result: 'skipped', id: null, services: [] });
		else if (m.kind === 'refused') for (const p of m.problems) problems.push({ ...p, index });
		else {
			const { kind: _kind, steps, ...state } = m;
			mapped.push({ index, item, record: { code: item.MaHoSo, unitCode: item.DonViXuLy, ...state }, steps });
		}
	}

	const [procedureByCode, officerByName] = await Promise.all([
		resolveProcedures(db, mapped.map((m) => m.item.MaTTHC)),
		resolveOfficers(db, mapped.flatMap((m) => m.steps.map((s) => s.officer)), scope)
	]);

	const entries: IndexedRecord[] = [];
	const prepared = new Map<number, Prepared>();
	/** Which step named the dossier's receiving / returning officer, for the upsert's problems. */
	const officerStep = new Map<number, { receivingOfficer?: number; returningOfficer?: number }>();
	for (const { index, item, record, steps } of mapped) {
		const found: ItemProblem[] = [];
		const procedure = procedureByCode.get(item.MaTTHC);
		if (procedure === undefined) found.push({ ...problem('MaTTHC', 'national.error.unknownProcedure', { value: item.MaTTHC }), index });
		else if (procedure === 'ambiguous') found.push({ ...problem('MaTTHC', 'national.error.ambiguousProcedure', { value: item.MaTTHC }), index });
		const resolvedSteps: Prepared['steps'] = [];
		for (const step of steps) {
			const field = `QuaTrinhXuLy[${step.stepIndex}].NguoiXuLy`;
			const officer = officerByName.get(step.officer);
			if (officer === undefined) found.push({ ...problem(field, 'national.error.unknownOfficer', { value: step.officer }), index });
			else if (officer === 'ambiguous') found.push({ ...problem(field, 'national.error.ambiguousOfficer', { value: step.officer }), index });
			else if (!officer.inScope) found.push({ ...forbidden(field, 'dossiers.error.officerOutOfScope', step.officer), index });
			else resolvedSteps.push({ ...step, officer: { officerId: officer.id, staffNumber: officer.staffNumber } });
		}
		if (found.length > 0 || typeof procedure !== 'string') {
			problems.push(...found);
			continue;
		}
		// The dossier's receiving officer is the first reception; its returning officer the last hand-over.
		const receiving = resolvedSteps.filter((s) => s.stage === 'receiving').sort((a, b) => +a.at - +b.at)[0];
		const returning = resolvedSteps.filter((s) => s.stage === 'returning').sort((a, b) => +b.at - +a.at)[0];
		officerStep.set(index, { receivingOfficer: receiving?.stepIndex, returningOfficer: returning?.stepIndex });
		entries.push({
			index,
			record: {
				...record,
				procedureCode: procedure,
				...(receiving ? { receivingOfficer: receiving.officer.staffNumber } : {}),
				...(returning ? { returningOfficer: returning.officer.staffNumber } : {})
			}
		});
		prepared.set(index, { index, item, steps: resolvedSteps });
	}

	const keepHolder = (await readNationalSettings(db)).storeHolder;
	const services = new Map<number, StepOutcome[]>();
	const toPublish: Published[] = [];
	const report = await upsertDossierRecords(entries, scope, {
		partial: options.partial,
		problems,
		forwardOnly: true,
		preserve: ['extraVisits', 'agenciesCount'],
		afterWrite: async (tx, results) => {
			services.clear();
			toPublish.length = 0;
			const steps: StepInput[] = results.flatMap((r) =>
				prepared.get(r.index)!.steps.map((step) => ({ index: r.index, step: step.stepIndex, dossierId: r.id, officerId: step.officer.officerId, stage: step.stage, at: step.at }))
			);
			const written = await writeStepServices(tx, steps, now);
			toPublish.push(...written.events);
			steps.forEach((step, k) => {
				const outcome = written.outcomes[k];
				const list = services.get(step.index) ?? [];
				list.push({ step: step.step, stage: step.stage, result: outcome.result, serviceEventId: outcome.id });
				services.set(step.index, list);
			});
			if (keepHolder) await keepHolders(tx, results, prepared);
		}
	});
	const nationalProblems = report.problems.map((p) => ({ ...p, field: nationalField(p, officerStep.get(p.index)) }));
	if (!report.written) return { results: [], problems: nationalProblems, written: false };
	for (const e of toPublish) {
		if (e.kind === 'closed') publish('service.closed', e.payload);
		else publish('service.opened', e.payload);
	}
	const results: NationalResult[] = [
		...report.results.map((r: ItemResult) => ({ index: r.index, code: r.code, result: r.result, id: r.id, services: services.get(r.index) ?? [] })),
		...skipped
	].sort((a, b) => a.index - b.index);
	return { results, problems: nationalProblems, written: true };
}

function nationalField(p: ItemProblem, steps: { receivingOfficer?: number; returningOfficer?: number } | undefined): string {
	if (p.field === 'receivingOfficer' || p.field === 'returningOfficer') {
		const step = steps?.[p.field];
		return step === undefined ? 'QuaTrinhXuLy' : `QuaTrinhXuLy[${step}].NguoiXuLy`;
	}
	return NATIONAL_FIELD[p.field] ?? p.field;
}

/** MaTTHC → the stored procedure code, or 'ambiguous'; absent = unknown. */
export async function resolveProcedures(q: Db, codes: readonly string[]): Promise<Map<string, string | 'ambiguous'>> {
	const out = new Map<string, string | 'ambiguous'>();
	const wanted = [...new Set(codes)];
	if (wanted.length === 0) return out;
	const shortOf = new Map(wanted.map((c) => [c, parseProcedureCode(c)?.shortCode ?? null]));
	const lookup = [...new Set([...wanted, ...[...shortOf.values()].filter((s): s is string => s !== null)])];
	const rows = await q
		.select({ code: procedures.code, shortCode: procedures.shortCode })
		.from(procedures)
		.where(or(inArray(procedures.code, lookup), inArray(procedures.shortCode, wanted)));
	const byCode = new Set(rows.map((r) => r.code));
	for (const c of wanted) {
		const short = shortOf.get(c);
		if (byCode.has(c)) out.set(c, c);
		else if (short && byCode.has(short)) out.set(c, short);
		else {
			const full = rows.filter((r) => r.shortCode === c);
			if (full.length === 1) out.set(c, full[0].code);
			else if (full.length > 1) out.set(c, 'ambiguous');
		}
	}
	return out;
}

type OfficerMatch = { id: number; staffNumber: string; inScope: boolean };

/** NguoiXuLy → the officer by staff number, or by the user name of their app account; absent = unknown. */
export async function resolveOfficers(q: Db, names: readonly string[], scope: Scope): Promise<Map<string, OfficerMatch | 'ambiguous'>> {
	const out = new Map<string, OfficerMatch | 'ambiguous'>();
	const wanted = [...new Set(names)];
	if (wanted.length === 0) return out;
	const accounts = await q
		.select({ username: users.username, staffNumber: sql<string>`(select o.staff_number from officers o where o.id = ${users.officerId})` })
		.from(users)
		.where(and(sql`lower(${users.username}) in (${sql.join(wanted.map((w) => sql`${w.toLowerCase()}`), sql`, `)})`, sql`${users.officerId} is not null`));
	const staffByUser = new Map(accounts.map((a) => [a.username.toLowerCase(), a.staffNumber]));
	const staff = await loadOfficersByStaffNumber(q, [...new Set([...wanted, ...staffByUser.values()])], scope);
	const match = (staffNumber: string): OfficerMatch | undefined => {
		const o = staff.get(staffNumber);
		return o ? { id: o.id, staffNumber, inScope: o.inScope } : undefined;
	};
	for (const name of wanted) {
		const byStaff = match(name);
		const viaUser = staffByUser.get(name.toLowerCase());
		const byUser = viaUser === undefined ? undefined : match(viaUser);
		if (byStaff && byUser && byStaff.id !== byUser.id) out.set(name, 'ambiguous');
		else if (byStaff ?? byUser) out.set(name, (byStaff ?? byUser)!);
	}
	return out;
}

type Published =
	| { kind: 'closed'; payload: { serviceEventId: number; counterId: number } }
	| { kind: 'opened'; payload: { serviceEventId: number; counterId: number; officerId: number; dossierId: number; stage: Stage } };

type StepInput = { index: number; step: number; dossierId: number; officerId: number; stage: Stage; at: Date };
type Written = { result: StepResult; id: number | null };

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
const id = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The services of a batch's receiving and returning steps, by the rules of stepService below, in
 * a fixed number of statements whatever the batch's size (one statement per step made the sync
 * many times slower than our own dossier API: bench:sync, docs/benchmarks.md): where each
 * officer sat then, the counters locked, what already covers each step, then one INSERT of the
 * past services. Live steps (a few at a time, the applicant still at the counter) go one by one
 * through stepService, which opens them through the counter's one rule.
 */
async function writeStepServices(tx: Db, steps: readonly StepInput[], now: Date): Promise<{ outcomes: Written[]; events: Published[] }> {
	const outcomes: Written[] = steps.map(() => ({ result: 'no_counter', id: null }));
	const events: Published[] = [];
	if (steps.length === 0) return { outcomes, events };
	const placed = rowsOf<{ k: number; counter: number | null; ended: unknown }>(
		await tx.execute(sql`
			select x.k, sh.counter_id as counter, sh.ended_at as ended
			from json_to_recordset(${JSON.stringify(steps.map((s, k) => ({ k, officer: s.officerId, at: s.at.toISOString() })))}::text::json) as x(k int, officer int, at timestamptz)
			left join lateral (select s.counter_id, s.ended_at from counter_shifts s where s.officer_id = x.officer and s.started_at <= x.at
				and (s.ended_at is null or s.ended_at > x.at) order by s.started_at desc limit 1) sh on true`)
	);
	const seated = placed.filter((p) => p.counter !== null).map((p) => ({ ...p, k: Number(p.k), counter: Number(p.counter) }));
	await lockCounters(tx, seated.map((p) => p.counter));
	const live = new Set(seated.filter((p) => p.ended === null && now.getTime() - steps[p.k].at.getTime() <= LIVE_STEP_MS).map((p) => p.k));
	const past = seated.filter((p) => !live.has(p.k));
	const covered = past.length
		? rowsOf<{ k: number; same: unknown; ticket: unknown }>(
				await tx.execute(sql`
					select x.k,
						(select e.id from service_events e where e.counter_id = x.counter and e.stage = x.stage and e.dossier_id = x.dossier
							and e.opened_at <= x.at and (e.closed_at is null or e.closed_at >= x.at) order by e.opened_at desc limit 1) as same,
						(select e.id from service_events e where e.counter_id = x.counter and e.stage = x.stage and e.dossier_id is null and e.officer_id = x.officer
							and e.opened_at <= x.at and (e.closed_at is null or e.closed_at >= x.at) order by e.opened_at desc limit 1) as ticket
					from json_to_recordset(${JSON.stringify(past.map((p) => ({ k: p.k, counter: p.counter, stage: steps[p.k].stage, dossier: steps[p.k].dossierId, officer: steps[p.k].officerId, at: steps[p.k].at.toISOString() })))}::text::json)
						as x(k int, counter int, stage text, dossier bigint, officer int, at timestamptz)`)
			)
		: [];
	const cover = new Map(covered.map((c) => [Number(c.k), { same: id(c.same), ticket: id(c.ticket) }]));
	const linkedTickets = new Set<number>();
	const toRecord: (StepInput & { k: number; counterId: number })[] = [];
	const recordedKeys = new Set<string>();
	for (const p of past) {
		const step = steps[p.k];
		const c = cover.get(p.k);
		if (c?.same) {
			outcomes[p.k] = { result: 'unchanged', id: c.same };
		} else if (c?.ticket && !linkedTickets.has(c.ticket)) {
			linkedTickets.add(c.ticket);
			await tx.update(serviceEvents).set({ dossierId: step.dossierId }).where(eq(serviceEvents.id, c.ticket));
			outcomes[p.k] = { result: 'linked', id: c.ticket };
		} else {
			const key = pastServiceKey(step.dossierId, step.stage, step.at);
			if (recordedKeys.has(key)) continue; // the same step twice in one payload: one service (filled in below)
			recordedKeys.add(key);
			toRecord.push({ ...step, k: p.k, counterId: p.counter });
		}
	}
	const ids = await recordPastServices(
		tx,
		toRecord.map((r) => ({ dossierId: r.dossierId, counterId: r.counterId, officerId: r.officerId, stage: r.stage, openedAt: r.at, origin: 'national' as const }))
	);
	for (const p of past) {
		const step = steps[p.k];
		if (outcomes[p.k].result !== 'no_counter') continue;
		const recorded = ids.get(pastServiceKey(step.dossierId, step.stage, step.at));
		if (recorded !== undefined) outcomes[p.k] = { result: toRecord.some((r) => r.k === p.k) ? 'recorded' : 'unchanged', id: recorded };
	}
	for (const k of live) {
		const written = await stepService(tx, steps[k], now);
		outcomes[k] = { result: written.result, id: written.id };
		events.push(...written.events);
	}
	return { outcomes, events };
}

/**
 * The service of one receiving or returning step, at the counter its officer held at that time:
 * - a service for this dossier and stage at that counter covering the time: nothing to do (a
 *   repeat, or the officer opened it on the counter screen);
 * - a queue ticket's service of that officer and stage covering the time, not yet tied to a
 *   dossier: it is this dossier's (the queue called the applicant, the one-stop software names the dossier);
 * - otherwise a new service through the counter's one rule (service-events/writer.ts recordServiceAt):
 *   opened when the step is live, recorded closed when it is past.
 * No counter held then (the officer does not use a counter screen): no service, said in the result.
 */
async function stepService(
	tx: Db,
	s: { dossierId: number; officerId: number; stage: Stage; at: Date },
	now: Date
): Promise<{ result: StepResult; id: number | null; events: Published[] }> {
	const at = s.at;
	const [shift] = await tx
		.select({ counterId: counterShifts.counterId, endedAt: counterShifts.endedAt })
		.from(counterShifts)
		.where(and(eq(counterShifts.officerId, s.officerId), lte(counterShifts.startedAt, at), or(isNull(counterShifts.endedAt), gt(counterShifts.endedAt, at))))
		.orderBy(desc(counterShifts.startedAt))
		.limit(1);
	if (!shift) return { result: 'no_counter', id: null, events: [] };
	await lockCounters(tx, [shift.counterId]);
	const covering = (dossier: SQL | undefined) =>
		tx
			.select({ id: serviceEvents.id })
			.from(serviceEvents)
			.where(
				and(
					eq(serviceEvents.counterId, shift.counterId),
					eq(serviceEvents.stage, s.stage),
					dossier,
					lte(serviceEvents.openedAt, at),
					or(isNull(serviceEvents.closedAt), sql`${serviceEvents.closedAt} >= ${at.toISOString()}::timestamptz`)
				)
			)
			.orderBy(desc(serviceEvents.openedAt))
			.limit(1);
	const [same] = await covering(eq(serviceEvents.dossierId, s.dossierId));
	if (same) return { result: 'unchanged', id: same.id, events: [] };
	const [ticket] = await covering(and(isNull(serviceEvents.dossierId), eq(serviceEvents.officerId, s.officerId)));
	if (ticket) {
		await tx.update(serviceEvents).set({ dossierId: s.dossierId }).where(eq(serviceEvents.id, ticket.id));
		return { result: 'linked', id: ticket.id, events: [] };
	}
	const live = shift.endedAt === null && now.getTime() - at.getTime() <= LIVE_STEP_MS;
	const written = await recordServiceAt(tx, {
		dossierId: s.dossierId,
		counterId: shift.counterId,
		officerId: s.officerId,
		stage: s.stage,
		openedAt: at,
		origin: 'national',
		closedAt: live ? null : at
	});
	const events: Published[] = written.closed.map((c) => ({ kind: 'closed', payload: { serviceEventId: c.id, counterId: c.counterId } }));
	if (written.result === 'opened') {
		events.push({ kind: 'opened', payload: { serviceEventId: written.id, counterId: shift.counterId, officerId: s.officerId, dossierId: s.dossierId, stage: s.stage } });
	}
	return { result: written.result, id: written.id, events };
}

/** The applicant's name and ID number, only when the setting says so; the phone never. */
async function keepHolders(tx: Db, results: readonly ItemResult[], prepared: ReadonlyMap<number, Prepared>): Promise<void> {
	const rows = results
		.map((r) => ({ dossierId: r.id, item: prepared.get(r.index)!.item }))
		.filter((r) => r.item.ChuHoSo || r.item.SoGiayToChuHoSo)
		.map((r) => ({ dossierId: r.dossierId, name: r.item.ChuHoSo ?? null, idNumber: r.item.SoGiayToChuHoSo ?? null }));
	if (rows.length === 0) return;
	await tx
		.insert(dossierHolders)
		.values(rows)
		.onConflictDoUpdate({
			target: dossierHolders.dossierId,
			set: { name: sql`excluded.name`, idNumber: sql`excluded.id_number`, updatedAt: sql`now()` },
			setWhere: sql`(${dossierHolders.name}, ${dossierHolders.idNumber}) is distinct from (excluded.name, excluded.id_number)`
		});
}
