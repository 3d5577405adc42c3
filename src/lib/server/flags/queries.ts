import { sql, type SQL } from 'drizzle-orm';
import { database } from '../db';
import { scopeCondition, type Scope } from '../scope';
import type { Period } from '../period';
import { num, numOrNull, type DbNumber } from '../db/decode';
import { addDays, localTime, localDate } from '../calendar';
import type { Binding, DevicePress, OfficerParticipation, OfficerSources, OfficerTimes, Press, Shift } from './detectors';
import type { OfficerCounts } from '../scores/fairness';
import { countedRating } from '../ratings/counted';

/**
 * The detectors' inputs for a unit subtree and a period [from, to), read from what ingest keeps:
 * the ratings marked one by one on arrival (rating_marks, migration 0010_rating_marks: no open
 * service, bursts, outside hours, foreign device) and the officer-day rollup for the per-officer
 * counts. Nothing here scans the ratings of a period, so a unit head's flags cost the same at ten
 * million ratings as at ten thousand. Raw SQL through `database.rows`, the same on PGlite and
 * PostgreSQL; times travel as epoch milliseconds (float8), which both drivers return as numbers.
 * The period is whole local days (as every dashboard period is).
 */

export type { Period };

export const ms = (col: SQL) => sql`(extract(epoch from ${col}) * 1000)::float8`;
/** An instant selected through `ms(…)` (epoch milliseconds as float8). */
const toDate = (v: DbNumber) => new Date(Number(v));
const toDateOrNull = (v: DbNumber | null) => (v === null ? null : toDate(v));
type PressRow = { counter_id: DbNumber; device_id: DbNumber | null; at: DbNumber };
const press = (r: PressRow): Press => ({ counterId: num(r.counter_id), deviceId: numOrNull(r.device_id), pressedAt: toDate(r.at) });
const inPeriod = (col: SQL, p: Period) => sql`${col} >= ${p.from.toISOString()}::timestamptz and ${col} < ${p.to.toISOString()}::timestamptz`;
/** Ratings at counters in scope: presses with no service carry a counter but no unit. */
export const atCounterInScope = (scope: Scope) => sql`
	join counters k on k.id = r.counter_id
	join service_centres c on c.id = k.centre_id
	join units u on u.id = c.unit_id and ${scopeCondition(sql`u.path`, scope)}`;
export const inUnitInScope = (scope: Scope) => sql`join units u on u.id = r.unit_id and ${scopeCondition(sql`u.path`, scope)}`;
/**
 * `r`: the marks of one kind in the period, read through that kind's own partial index; a mark
 * carries its rating's counter, device, officer, unit and counted flag, so no rating is looked up.
 */
const marked = (mark: 'no_service' | 'burst' | 'off_hours' | 'foreign_device', p: Period) =>
	sql`(select * from rating_marks m where m.${sql.raw(mark)} and ${inPeriod(sql`m.pressed_at`, p)}) r`;

export async function noServicePresses(scope: Scope, p: Period): Promise<Press[]> {
	const rows = await database.rows<PressRow>(sql`
		select r.counter_id, r.device_id, ${ms(sql`r.pressed_at`)} as at from ${marked('no_service', p)} ${atCounterInScope(scope)}`);
	return rows.map(press);
}

/** Device presses with another press of the same device within BURST_RULE.windowMs (marked on arrival). */
export async function burstCandidates(scope: Scope, p: Period): Promise<Press[]> {
	const rows = await database.rows<PressRow>(sql`
		select r.counter_id, r.device_id, ${ms(sql`r.pressed_at`)} as at from ${marked('burst', p)} ${atCounterInScope(scope)}`);
	return rows.map(press);
}

export async function shiftsFor(counterIds: number[], p: Period): Promise<Shift[]> {
	if (counterIds.length === 0) return [];
	const rows = await database.rows<{ counter_id: DbNumber; officer_id: DbNumber; started: DbNumber; ended: DbNumber | null }>(sql`
		select counter_id, officer_id, ${ms(sql`started_at`)} as started, ${ms(sql`ended_at`)} as ended
		from counter_shifts
		where counter_id in ${counterIds} and started_at < ${p.to.toISOString()}::timestamptz
			and (ended_at is null or ended_at > ${p.from.toISOString()}::timestamptz)`);
	return rows.map((r) => ({
		counterId: num(r.counter_id),
		officerId: num(r.officer_id),
		startedAt: toDate(r.started),
		endedAt: toDateOrNull(r.ended)
	}));
}

/** Per unit and officer over the period, from rollup_officer_day: every count the aggregate detectors need. */
export type OfficerTotals = {
	unitId: number;
	officerId: number;
	services: number;
	ratings: number;
	satisfied: number;
	top: number;
	deviceRatings: number;
	deviceSatisfied: number;
	qrRatings: number;
	qrSatisfied: number;
};

export async function officerTotals(scope: Scope, p: Period): Promise<OfficerTotals[]> {
	type Row = { unit_id: DbNumber; officer_id: DbNumber } & Record<'services' | 'ratings' | 'satisfied' | 'top' | 'dn' | 'ds' | 'qn' | 'qs', DbNumber | null>;
	const rows = await database.rows<Row>(sql`
		select d.unit_id, d.officer_id, sum(d.services) as services, sum(d.ratings) as ratings, sum(d.satisfied) as satisfied,
			sum(d.level1) as top, sum(d.device_ratings) as dn, sum(d.device_satisfied) as ds, sum(d.qr_ratings) as qn, sum(d.qr_satisfied) as qs
		from rollup_officer_day d join units u on u.id = d.unit_id and ${scopeCondition(sql`u.path`, scope)}
		where d.day >= ${localDate(p.from)}::date and d.day < ${localDate(p.to)}::date
		group by d.unit_id, d.officer_id
		order by d.unit_id, d.officer_id`);
	return rows.map((r) => ({
		unitId: num(r.unit_id),
		officerId: num(r.officer_id),
		services: num(r.services),
		ratings: num(r.ratings),
		satisfied: num(r.satisfied),
		top: num(r.top),
		deviceRatings: num(r.dn),
		deviceSatisfied: num(r.ds),
		qrRatings: num(r.qn),
		qrSatisfied: num(r.qs)
	}));
}

/** Summed over the officer's units in scope, in first-seen order. */
function perOfficer(totals: readonly OfficerTotals[]): Map<number, OfficerTotals> {
	const out = new Map<number, OfficerTotals>();
	for (const t of totals) {
		const o = out.get(t.officerId);
		if (!o) {
			out.set(t.officerId, { ...t });
			continue;
		}
		for (const k of ['services', 'ratings', 'satisfied', 'top', 'deviceRatings', 'deviceSatisfied', 'qrRatings', 'qrSatisfied'] as const) o[k] += t[k];
	}
	return out;
}

/**
 * Per officer: their counted ratings in the period, and the times of the counted ones that may
 * fall outside working hours: marked early, late or weekend on arrival, or pressed on a day the
 * calendar now calls a holiday (the detector applies the exact calendar).
 */
export async function officerTimes(scope: Scope, p: Period, totals: readonly OfficerTotals[], holidays: readonly string[]): Promise<OfficerTimes[]> {
	const ranges = holidays
		.filter((d) => d >= localDate(p.from) && d < localDate(p.to))
		.map((d) => sql`(${localTime(d, 0).toISOString()}::timestamptz, ${localTime(addDays(d, 1), 0).toISOString()}::timestamptz)`);
	type TimeRow = { officer_id: DbNumber; at: DbNumber };
	const [marks, holidayRows] = await Promise.all([
		database.rows<TimeRow>(sql`
			select r.officer_id, ${ms(sql`r.pressed_at`)} as at from ${marked('off_hours', p)} ${inUnitInScope(scope)}
			where r.officer_id is not null and ${countedRating('r', 'rating_id')}`),
		// per unit and holiday, an index range each (lateral), not one scan for the OR of all days
		ranges.length === 0
			? Promise.resolve([] as TimeRow[])
			: database.rows<TimeRow>(sql`
				select x.officer_id, x.at
				from units u cross join (values ${sql.join(ranges, sql`, `)}) h (day_from, day_to)
				cross join lateral (
					select r.officer_id, ${ms(sql`r.pressed_at`)} as at from ratings r
					where r.unit_id = u.id and r.pressed_at >= h.day_from and r.pressed_at < h.day_to
						and r.officer_id is not null and ${countedRating()} and not hl_off_hours(r.pressed_at)
				) x
				where ${scopeCondition(sql`u.path`, scope)}`)
	]);
	const times = new Map<number, Date[]>();
	for (const c of [...marks, ...holidayRows]) {
		const id = num(c.officer_id);
		const list = times.get(id) ?? [];
		list.push(toDate(c.at));
		times.set(id, list);
	}
	return [...perOfficer(totals).values()]
		.filter((o) => o.ratings > 0 || times.has(o.officerId))
		.map((o) => ({ officerId: o.officerId, ratings: o.ratings, pressedAt: times.get(o.officerId) ?? [] }));
}

/**
 * Per officer and unit: services, counted ratings and top-level ones. Participation is counted
 * ratings per service, as in the unit head's table (a dossier and stage has at most one counted
 * rating, so this is the share of services rated).
 */
export function officerParticipation(totals: readonly OfficerTotals[]): OfficerParticipation[] {
	return totals.map((t) => ({ officerId: t.officerId, unitId: t.unitId, services: t.services, ratedServices: t.ratings, ratings: t.ratings, top: t.top }));
}

/** Per officer: counted ratings and satisfied ones, from counter devices and from QR. */
export function officerSources(totals: readonly OfficerTotals[]): OfficerSources[] {
	return [...perOfficer(totals).values()].map((o) => ({
		officerId: o.officerId,
		deviceRatings: o.deviceRatings,
		deviceSatisfied: o.deviceSatisfied,
		qrRatings: o.qrRatings,
		qrSatisfied: o.qrSatisfied
	}));
}

/** Device presses at a counter the device was not bound to at press time (marked on arrival), with those devices' bindings. */
export async function foreignPresses(scope: Scope, p: Period): Promise<{ presses: DevicePress[]; bindings: Binding[] }> {
	const rows = await database.rows<{ device_id: DbNumber; counter_id: DbNumber; officer_id: DbNumber | null; at: DbNumber }>(sql`
		select r.device_id, r.counter_id, r.officer_id, ${ms(sql`r.pressed_at`)} as at from ${marked('foreign_device', p)} ${atCounterInScope(scope)}`);
	const presses = rows.map((r) => ({
		deviceId: num(r.device_id),
		counterId: num(r.counter_id),
		officerId: numOrNull(r.officer_id),
		pressedAt: toDate(r.at)
	}));
	const deviceIds = [...new Set(presses.map((x) => x.deviceId))];
	if (deviceIds.length === 0) return { presses, bindings: [] };
	const b = await database.rows<{ device_id: DbNumber; counter_id: DbNumber; bound: DbNumber; unbound: DbNumber | null }>(sql`
		select device_id, counter_id, ${ms(sql`bound_at`)} as bound, ${ms(sql`unbound_at`)} as unbound
		from device_bindings where device_id in ${deviceIds}`);
	return {
		presses,
		bindings: b.map((x) => ({
			deviceId: num(x.device_id),
			counterId: num(x.counter_id),
			boundAt: toDate(x.bound),
			unboundAt: toDateOrNull(x.unbound)
		}))
	};
}

/** Counted ratings per unit and officer, for the low-score rule (fairness.ts). */
export function unitOfficerCounts(totals: readonly OfficerTotals[]): Map<number, OfficerCounts[]> {
	const out = new Map<number, OfficerCounts[]>();
	for (const t of totals) {
		if (t.ratings === 0) continue;
		const list = out.get(t.unitId) ?? [];
		list.push({ officerId: t.officerId, ratings: t.ratings, satisfied: t.satisfied });
		out.set(t.unitId, list);
	}
	return out;
}

export type Names = {
	officers: Map<number, { fullName: string; staffNumber: string }>;
	counters: Map<number, { code: string; centre: string; unitId: number }>;
	devices: Map<number, { uid: string; kind: string }>;
};

/** Labels for the subjects on the page: names and codes only, nothing personal beyond that. */
export async function namesFor(officerIds: number[], counterIds: number[], deviceIds: number[]): Promise<Names> {
	const none = <T>() => Promise.resolve([] as T[]);
	type OfficerRow = { id: DbNumber; full_name: string; staff_number: string };
	type CounterRow = { id: DbNumber; code: string; centre: string; unit_id: DbNumber };
	type DeviceRow = { id: DbNumber; uid: string; kind: string };
	const [o, k, d] = await Promise.all([
		officerIds.length ? database.rows<OfficerRow>(sql`select id, full_name, staff_number from officers where id in ${officerIds}`) : none<OfficerRow>(),
		counterIds.length
			? database.rows<CounterRow>(sql`
				select k.id, k.code, c.name_vi as centre, c.unit_id from counters k join service_centres c on c.id = k.centre_id where k.id in ${counterIds}`)
			: none<CounterRow>(),
		deviceIds.length ? database.rows<DeviceRow>(sql`select id, uid, kind from devices where id in ${deviceIds}`) : none<DeviceRow>()
	]);
	return {
		officers: new Map(o.map((r) => [num(r.id), { fullName: r.full_name, staffNumber: r.staff_number }])),
		counters: new Map(k.map((r) => [num(r.id), { code: r.code, centre: r.centre, unitId: num(r.unit_id) }])),
		devices: new Map(d.map((r) => [num(r.id), { uid: r.uid, kind: r.kind }]))
	};
}
