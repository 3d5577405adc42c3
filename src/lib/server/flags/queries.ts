import { sql, type SQL } from 'drizzle-orm';
import { database } from '../db';
import { scopeCondition } from '../auth/guard';
import { BURST_RULE, OUT_OF_HOURS_RULE } from './detectors';
import type { Binding, DevicePress, OfficerParticipation, OfficerSources, OfficerTimes, Press, Shift } from './detectors';
import type { OfficerCounts } from '../scores/fairness';

/**
 * The detectors' inputs for a unit subtree and a period [from, to). Raw SQL through
 * `database.rows`, the same on PGlite and PostgreSQL; each query pre-filters in SQL so only the
 * candidate rows reach the pure detectors. Times travel as epoch milliseconds (float8), which
 * both drivers return as numbers.
 */

export type Period = { from: Date; to: Date };

const ms = (col: SQL) => sql`(extract(epoch from ${col}) * 1000)::float8`;
const toDate = (v: unknown) => new Date(Number(v));
const idOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const inPeriod = (col: SQL, p: Period) => sql`${col} >= ${p.from.toISOString()}::timestamptz and ${col} < ${p.to.toISOString()}::timestamptz`;
/** Counted = accepted at arrival and not excluded since (as on the unit pages). */
const counted = sql`r.counted and not exists (select 1 from rating_exclusions x where x.rating_id = r.id and x.revoked_at is null)`;
/** Ratings at counters in scope: presses with no service carry a counter but no unit. */
const atCounterInScope = (scope: string[] | null) => sql`
	join counters k on k.id = r.counter_id
	join service_centres c on c.id = k.centre_id
	join units u on u.id = c.unit_id and ${scopeCondition(sql`u.path`, scope)}`;
const inUnitInScope = (scope: string[] | null) => sql`join units u on u.id = r.unit_id and ${scopeCondition(sql`u.path`, scope)}`;

export async function noServicePresses(scope: string[] | null, p: Period): Promise<Press[]> {
	const rows = await database.rows<Record<string, unknown>>(sql`
		select r.counter_id, r.device_id, ${ms(sql`r.pressed_at`)} as at
		from ratings r ${atCounterInScope(scope)}
		where r.not_counted_reason = 'no_service' and ${inPeriod(sql`r.pressed_at`, p)}`);
	return rows.map((r) => ({ counterId: Number(r.counter_id), deviceId: idOrNull(r.device_id), pressedAt: toDate(r.at) }));
}

/** Device presses with another press of the same device within the burst window. */
export async function burstCandidates(scope: string[] | null, p: Period, windowMs = BURST_RULE.windowMs): Promise<Press[]> {
	const rows = await database.rows<Record<string, unknown>>(sql`
		select counter_id, device_id, at from (
			select r.counter_id, r.device_id, ${ms(sql`r.pressed_at`)} as at,
				${ms(sql`lag(r.pressed_at) over w`)} as prev, ${ms(sql`lead(r.pressed_at) over w`)} as next
			from ratings r ${atCounterInScope(scope)}
			where r.device_id is not null and ${inPeriod(sql`r.pressed_at`, p)}
			window w as (partition by r.device_id order by r.pressed_at)
		) t
		where at - prev <= ${windowMs} or next - at <= ${windowMs}`);
	return rows.map((r) => ({ counterId: Number(r.counter_id), deviceId: idOrNull(r.device_id), pressedAt: toDate(r.at) }));
}

export async function shiftsFor(counterIds: number[], p: Period): Promise<Shift[]> {
	if (counterIds.length === 0) return [];
	const rows = await database.rows<Record<string, unknown>>(sql`
		select counter_id, officer_id, ${ms(sql`started_at`)} as started, ${ms(sql`ended_at`)} as ended
		from counter_shifts
		where counter_id in ${counterIds} and started_at < ${p.to.toISOString()}::timestamptz
			and (ended_at is null or ended_at > ${p.from.toISOString()}::timestamptz)`);
	return rows.map((r) => ({
		counterId: Number(r.counter_id),
		officerId: Number(r.officer_id),
		startedAt: toDate(r.started),
		endedAt: r.ended === null ? null : toDate(r.ended)
	}));
}

/**
 * Per officer: all their ratings in the period, and the times of those that may fall outside
 * working hours (early, late, weekend or holiday; the detector applies the exact calendar).
 */
export async function officerTimes(scope: string[] | null, p: Period): Promise<OfficerTimes[]> {
	const local = sql`((r.pressed_at at time zone 'UTC') + interval '7 hours')`;
	const minutes = sql`(extract(hour from ${local}) * 60 + extract(minute from ${local}))`;
	const [totals, candidates] = await Promise.all([
		database.rows<Record<string, unknown>>(sql`
			select r.officer_id, count(*) as n from ratings r ${inUnitInScope(scope)}
			where r.officer_id is not null and ${inPeriod(sql`r.pressed_at`, p)} group by r.officer_id`),
		database.rows<Record<string, unknown>>(sql`
			select r.officer_id, ${ms(sql`r.pressed_at`)} as at from ratings r ${inUnitInScope(scope)}
			where r.officer_id is not null and ${inPeriod(sql`r.pressed_at`, p)}
				and (${minutes} < ${OUT_OF_HOURS_RULE.openMinute} or ${minutes} >= ${OUT_OF_HOURS_RULE.closeMinute}
					or extract(isodow from ${local}) in (6, 7)
					or cast(${local} as date) in (select day from calendar_days where kind = 'holiday'))`)
	]);
	const times = new Map<number, Date[]>();
	for (const c of candidates) {
		const id = Number(c.officer_id);
		const list = times.get(id) ?? [];
		list.push(toDate(c.at));
		times.set(id, list);
	}
	return totals.map((t) => ({ officerId: Number(t.officer_id), ratings: Number(t.n), pressedAt: times.get(Number(t.officer_id)) ?? [] }));
}

/** Per officer and unit: services, services with a counted rating, counted ratings, top-level ones. */
export async function officerParticipation(scope: string[] | null, p: Period): Promise<OfficerParticipation[]> {
	const [services, rated] = await Promise.all([
		database.rows<Record<string, unknown>>(sql`
			select se.officer_id, se.unit_id, count(*) as services,
				count(*) filter (where exists (select 1 from ratings r where r.service_event_id = se.id and ${counted})) as rated
			from service_events se join units u on u.id = se.unit_id and ${scopeCondition(sql`u.path`, scope)}
			where ${inPeriod(sql`se.opened_at`, p)}
			group by se.officer_id, se.unit_id`),
		database.rows<Record<string, unknown>>(sql`
			select r.officer_id, r.unit_id, count(*) as n, count(*) filter (where r.level = 1) as top
			from ratings r ${inUnitInScope(scope)}
			where ${counted} and ${inPeriod(sql`r.pressed_at`, p)}
			group by r.officer_id, r.unit_id`)
	]);
	const key = (r: Record<string, unknown>) => `${r.officer_id}|${r.unit_id}`;
	const byKey = new Map(rated.map((r) => [key(r), r]));
	return services.map((s) => {
		const r = byKey.get(key(s));
		return {
			officerId: Number(s.officer_id),
			unitId: Number(s.unit_id),
			services: Number(s.services),
			ratedServices: Number(s.rated),
			ratings: r ? Number(r.n) : 0,
			top: r ? Number(r.top) : 0
		};
	});
}

/** Per officer: counted ratings and satisfied ones, from counter devices and from QR. */
export async function officerSources(scope: string[] | null, p: Period): Promise<OfficerSources[]> {
	const rows = await database.rows<Record<string, unknown>>(sql`
		select r.officer_id,
			count(*) filter (where r.source in ('tablet', 'button_box')) as dn,
			count(*) filter (where r.source in ('tablet', 'button_box') and l.class = 'satisfied') as ds,
			count(*) filter (where r.source = 'qr') as qn,
			count(*) filter (where r.source = 'qr' and l.class = 'satisfied') as qs
		from ratings r ${inUnitInScope(scope)}
		join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		where ${counted} and ${inPeriod(sql`r.pressed_at`, p)}
		group by r.officer_id`);
	return rows.map((r) => ({
		officerId: Number(r.officer_id),
		deviceRatings: Number(r.dn),
		deviceSatisfied: Number(r.ds),
		qrRatings: Number(r.qn),
		qrSatisfied: Number(r.qs)
	}));
}

/** Device presses at a counter the device was not bound to at press time, with those devices' bindings. */
export async function foreignPresses(scope: string[] | null, p: Period): Promise<{ presses: DevicePress[]; bindings: Binding[] }> {
	const rows = await database.rows<Record<string, unknown>>(sql`
		select r.device_id, r.counter_id, r.officer_id, ${ms(sql`r.pressed_at`)} as at
		from ratings r ${atCounterInScope(scope)}
		where r.device_id is not null and ${inPeriod(sql`r.pressed_at`, p)}
			and not exists (select 1 from device_bindings b where b.device_id = r.device_id and b.counter_id = r.counter_id
				and b.bound_at <= r.pressed_at and (b.unbound_at is null or r.pressed_at < b.unbound_at))`);
	const presses = rows.map((r) => ({
		deviceId: Number(r.device_id),
		counterId: Number(r.counter_id),
		officerId: idOrNull(r.officer_id),
		pressedAt: toDate(r.at)
	}));
	const deviceIds = [...new Set(presses.map((x) => x.deviceId))];
	if (deviceIds.length === 0) return { presses, bindings: [] };
	const b = await database.rows<Record<string, unknown>>(sql`
		select device_id, counter_id, ${ms(sql`bound_at`)} as bound, ${ms(sql`unbound_at`)} as unbound
		from device_bindings where device_id in ${deviceIds}`);
	return {
		presses,
		bindings: b.map((x) => ({
			deviceId: Number(x.device_id),
			counterId: Number(x.counter_id),
			boundAt: toDate(x.bound),
			unboundAt: x.unbound === null ? null : toDate(x.unbound)
		}))
	};
}

/** Counted ratings per unit and officer, for the low-score rule (fairness.ts). */
export async function unitOfficerCounts(scope: string[] | null, p: Period): Promise<Map<number, OfficerCounts[]>> {
	const rows = await database.rows<Record<string, unknown>>(sql`
		select r.unit_id, r.officer_id, count(*) as n, count(*) filter (where l.class = 'satisfied') as sat
		from ratings r ${inUnitInScope(scope)}
		join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
		where ${counted} and ${inPeriod(sql`r.pressed_at`, p)}
		group by r.unit_id, r.officer_id`);
	const out = new Map<number, OfficerCounts[]>();
	for (const r of rows) {
		const unitId = Number(r.unit_id);
		const list = out.get(unitId) ?? [];
		list.push({ officerId: Number(r.officer_id), ratings: Number(r.n), satisfied: Number(r.sat) });
		out.set(unitId, list);
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
	const none = Promise.resolve([] as Record<string, unknown>[]);
	const [o, k, d] = await Promise.all([
		officerIds.length ? database.rows<Record<string, unknown>>(sql`select id, full_name, staff_number from officers where id in ${officerIds}`) : none,
		counterIds.length
			? database.rows<Record<string, unknown>>(sql`
				select k.id, k.code, c.name_vi as centre, c.unit_id from counters k join service_centres c on c.id = k.centre_id where k.id in ${counterIds}`)
			: none,
		deviceIds.length ? database.rows<Record<string, unknown>>(sql`select id, uid, kind from devices where id in ${deviceIds}`) : none
	]);
	return {
		officers: new Map(o.map((r) => [Number(r.id), { fullName: String(r.full_name), staffNumber: String(r.staff_number) }])),
		counters: new Map(k.map((r) => [Number(r.id), { code: String(r.code), centre: String(r.centre), unitId: Number(r.unit_id) }])),
		devices: new Map(d.map((r) => [Number(r.id), { uid: String(r.uid), kind: String(r.kind) }]))
	};
}
