import { isWorkingDay, localDate, localMinutes, type WorkCalendar } from '../calendar';
import { BURST_WINDOW_MS, OFFICE_HOURS } from '../rules';

/**
 * Manipulation and quality flags: pure functions over small row sets (the query layer in
 * ./queries.ts does the pre-filtering in SQL). Every rule is explicit, has a minimum sample, and
 * returns its evidence so the page can explain the flag in words.
 */

export const FLAG_KINDS = ['no_service', 'burst', 'out_of_hours', 'perfect', 'device_vs_qr', 'foreign_device', 'low_score'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export type FlagSubject = { type: 'officer' | 'counter' | 'device'; id: number };

export type Flag = {
	kind: FlagKind;
	subject: FlagSubject;
	/** Who it concerns, when known (for counters and devices: the officer holding the counter then). */
	officerId: number | null;
	counterId: number | null;
	deviceId: number | null;
	/** Figures behind the flag; keys ending in "Rate" or "Share" are proportions. */
	evidence: Record<string, number>;
	/** A few example press times (ISO), earliest first. */
	examples: string[];
};

const EXAMPLES = 3;
const examplesOf = (times: Date[]) => times.slice(0, EXAMPLES).map((d) => d.toISOString());
/** The first time of each of the first few days: a pattern shows better across days than within one. */
const examplesByDay = (sorted: Date[]) => {
	const seen = new Set<string>();
	return examplesOf(sorted.filter((d) => !seen.has(localDate(d)) && seen.add(localDate(d))));
};

export type Shift = { counterId: number; officerId: number; startedAt: Date; endedAt: Date | null };

/** The officer holding the counter at that moment, from counter_shifts (null if nobody was). */
export function holderAt(shifts: readonly Shift[], counterId: number, at: Date): number | null {
	const t = at.getTime();
	for (const s of shifts) {
		if (s.counterId === counterId && s.startedAt.getTime() <= t && (s.endedAt === null || t < s.endedAt.getTime())) return s.officerId;
	}
	return null;
}

/** The most frequent non-null value (ties: the smallest id, so output is stable). */
function mostCommon(values: (number | null)[]): number | null {
	const counts = new Map<number, number>();
	for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
	let best: number | null = null;
	let bestN = 0;
	for (const [v, n] of counts) if (n > bestN || (n === bestN && best !== null && v < best)) [best, bestN] = [v, n];
	return best;
}

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
	const out = new Map<K, T[]>();
	for (const r of rows) {
		const list = out.get(key(r));
		if (list) list.push(r);
		else out.set(key(r), [r]);
	}
	return out;
}

const byTime = <T extends { pressedAt: Date }>(rows: readonly T[]) => [...rows].sort((a, b) => a.pressedAt.getTime() - b.pressedAt.getTime());

// ---- (a) presses with no open service -------------------------------------------------------

/**
 * A press with no service open at the counter is stored, not counted (ingest decides). One or two
 * are a citizen pressing after the officer closed the service; five in a period is a pattern.
 */
export const NO_SERVICE_RULE = { minPresses: 5 };

export type Press = { counterId: number; deviceId: number | null; pressedAt: Date };

export function noServiceFlags(presses: readonly Press[], shifts: readonly Shift[], rule = NO_SERVICE_RULE): Flag[] {
	const flags: Flag[] = [];
	for (const [counterId, rows] of groupBy(presses, (p) => p.counterId)) {
		if (rows.length < rule.minPresses) continue;
		const sorted = byTime(rows);
		const holders = sorted.map((p) => holderAt(shifts, counterId, p.pressedAt));
		const officerId = mostCommon(holders);
		flags.push({
			kind: 'no_service',
			subject: { type: 'counter', id: counterId },
			officerId,
			counterId,
			deviceId: mostCommon(sorted.map((p) => p.deviceId)),
			evidence: {
				presses: rows.length,
				byOfficer: officerId === null ? 0 : holders.filter((h) => h === officerId).length,
				days: new Set(sorted.map((p) => localDate(p.pressedAt))).size
			},
			examples: examplesByDay(sorted.map((p) => p.pressedAt))
		});
	}
	return flags;
}

// ---- (b) bursts -----------------------------------------------------------------------------

/**
 * A burst is at least `minPresses` presses of one device within `windowMs`. A citizen pressing
 * twice is normal (the repeat is not counted); a child playing once happens; two bursts or more
 * in a period is someone pressing the box. The window is the rating marks' own (rules.ts): the
 * candidates read here are the presses marked with it as they arrived.
 */
export const BURST_RULE = { minPresses: 3, windowMs: BURST_WINDOW_MS, minBursts: 2 } as const;
const rule = BURST_RULE;

/** Maximal bursts in time-sorted presses: runs joined by gaps ≤ window holding ≥ minPresses within one window. */
export function findBursts<T extends { pressedAt: Date }>(sorted: readonly T[]): T[][] {
	const bursts: T[][] = [];
	let run: T[] = [];
	const close = () => {
		// the run qualifies if some minPresses consecutive presses fit in one window
		for (let i = 0; i + rule.minPresses - 1 < run.length; i++) {
			if (run[i + rule.minPresses - 1].pressedAt.getTime() - run[i].pressedAt.getTime() <= rule.windowMs) {
				bursts.push(run);
				break;
			}
		}
		run = [];
	};
	for (const p of sorted) {
		if (run.length && p.pressedAt.getTime() - run[run.length - 1].pressedAt.getTime() > rule.windowMs) close();
		run.push(p);
	}
	close();
	return bursts;
}

export function burstFlags(presses: readonly Press[], shifts: readonly Shift[]): Flag[] {
	const flags: Flag[] = [];
	const withDevice = presses.filter((p): p is Press & { deviceId: number } => p.deviceId !== null);
	for (const [deviceId, rows] of groupBy(withDevice, (p) => p.deviceId)) {
		const bursts = findBursts(byTime(rows));
		if (bursts.length < rule.minBursts) continue;
		const counterId = mostCommon(bursts.flat().map((p) => p.counterId))!;
		const starts = bursts.map((b) => b[0]);
		flags.push({
			kind: 'burst',
			subject: { type: 'device', id: deviceId },
			officerId: mostCommon(starts.map((p) => holderAt(shifts, p.counterId, p.pressedAt))),
			counterId,
			deviceId,
			evidence: {
				bursts: bursts.length,
				presses: bursts.reduce((n, b) => n + b.length, 0),
				largest: Math.max(...bursts.map((b) => b.length)),
				windowSeconds: rule.windowMs / 1000
			},
			examples: examplesOf(starts.map((p) => p.pressedAt))
		});
	}
	return flags;
}

// ---- (c) outside working hours --------------------------------------------------------------

/**
 * Centres open 07:00–17:30 (Vietnam time, OFFICE_HOURS in rules.ts) on working days. A rating
 * outside that is a service held when the centre is shut; a handful can be a late queue,
 * `minRatings` is a habit. The candidates are the ratings marked off-hours as they arrived.
 */
export const OUT_OF_HOURS_RULE = { ...OFFICE_HOURS, minRatings: 5 } as const;

export function isOutOfHours(at: Date, calendar: WorkCalendar): boolean {
	const rule = OUT_OF_HOURS_RULE;
	if (!isWorkingDay(localDate(at), calendar)) return true;
	const m = localMinutes(at);
	return m < rule.openMinute || m > rule.closeMinute;
}

export type OfficerTimes = { officerId: number; ratings: number; pressedAt: Date[] };

/** `pressedAt` may hold only candidates (pre-filtered in SQL); `ratings` is the officer's total. */
export function outOfHoursFlags(officers: readonly OfficerTimes[], calendar: WorkCalendar): Flag[] {
	const rule = OUT_OF_HOURS_RULE;
	const flags: Flag[] = [];
	for (const o of officers) {
		const outside = o.pressedAt.filter((d) => isOutOfHours(d, calendar)).sort((a, b) => a.getTime() - b.getTime());
		if (outside.length < rule.minRatings) continue;
		flags.push({
			kind: 'out_of_hours',
			subject: { type: 'officer', id: o.officerId },
			officerId: o.officerId,
			counterId: null,
			deviceId: null,
			evidence: {
				outside: outside.length,
				ratings: o.ratings,
				outsideShare: o.ratings ? outside.length / o.ratings : 1,
				days: new Set(outside.map(localDate)).size
			},
			examples: examplesByDay(outside)
		});
	}
	return flags;
}

// ---- (d) near-100 % top level at a participation far above the unit's -----------------------

/**
 * Honest counters see some neutral and low ratings and some citizens who do not rate. Flag an
 * officer whose counted ratings are ≥ 95 % the top level over ≥ 50 ratings while their
 * participation (rated services / services) is ≥ 20 points above the rest of their unit's.
 */
export const PERFECT_RULE = { minRatings: 50, minTopShare: 0.95, minParticipationGap: 0.2, minPeerServices: 50 };

export type OfficerParticipation = {
	officerId: number;
	unitId: number;
	services: number;
	ratedServices: number;
	ratings: number;
	top: number;
};

export function perfectFlags(rows: readonly OfficerParticipation[], rule = PERFECT_RULE): Flag[] {
	const flags: Flag[] = [];
	for (const [, unit] of groupBy(rows, (r) => r.unitId)) {
		const services = unit.reduce((n, r) => n + r.services, 0);
		const rated = unit.reduce((n, r) => n + r.ratedServices, 0);
		for (const o of unit) {
			if (o.ratings < rule.minRatings || o.services === 0) continue;
			const topShare = o.top / o.ratings;
			const peerServices = services - o.services;
			if (topShare < rule.minTopShare || peerServices < rule.minPeerServices) continue;
			const participationRate = o.ratedServices / o.services;
			const peerParticipationRate = (rated - o.ratedServices) / peerServices;
			if (participationRate - peerParticipationRate < rule.minParticipationGap) continue;
			flags.push({
				kind: 'perfect',
				subject: { type: 'officer', id: o.officerId },
				officerId: o.officerId,
				counterId: null,
				deviceId: null,
				evidence: { ratings: o.ratings, topShare, participationRate, peerParticipationRate, services: o.services },
				examples: []
			});
		}
	}
	return flags;
}

// ---- (e) box/tablet against the same officer's QR ratings -----------------------------------

/**
 * Citizens rating on their own phone are not watched. Flag an officer whose box/tablet satisfied
 * rate is ≥ 20 points above their QR rate, with ≥ 30 ratings from each, and the gap significant
 * (pooled two-proportion z ≥ 3.29, one-sided p < 0.0005).
 */
export const DEVICE_VS_QR_RULE = { minPerSource: 30, minGap: 0.2, minZ: 3.29 };

export type OfficerSources = { officerId: number; deviceRatings: number; deviceSatisfied: number; qrRatings: number; qrSatisfied: number };

/** Pooled two-proportion z statistic for p1 − p2. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
	const p = (x1 + x2) / (n1 + n2);
	const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
	if (se === 0) return 0;
	return (x1 / n1 - x2 / n2) / se;
}

export function deviceVsQrFlags(rows: readonly OfficerSources[], rule = DEVICE_VS_QR_RULE): Flag[] {
	const flags: Flag[] = [];
	for (const o of rows) {
		if (o.deviceRatings < rule.minPerSource || o.qrRatings < rule.minPerSource) continue;
		const deviceRate = o.deviceSatisfied / o.deviceRatings;
		const qrRate = o.qrSatisfied / o.qrRatings;
		const z = twoProportionZ(o.deviceSatisfied, o.deviceRatings, o.qrSatisfied, o.qrRatings);
		if (deviceRate - qrRate < rule.minGap || z < rule.minZ) continue;
		flags.push({
			kind: 'device_vs_qr',
			subject: { type: 'officer', id: o.officerId },
			officerId: o.officerId,
			counterId: null,
			deviceId: null,
			evidence: { deviceRatings: o.deviceRatings, deviceRate, qrRatings: o.qrRatings, qrRate, z },
			examples: []
		});
	}
	return flags;
}

// ---- (f) a device not bound to the counter --------------------------------------------------

/**
 * A rating's counter comes from the open service; its device should be bound to that counter at
 * press time. A stray one can be a binding changed mid-service; three is a device used elsewhere.
 */
export const FOREIGN_DEVICE_RULE = { minPresses: 3 };

export type Binding = { deviceId: number; counterId: number; boundAt: Date; unboundAt: Date | null };
export type DevicePress = { deviceId: number; counterId: number; officerId: number | null; pressedAt: Date };

export function boundTo(bindings: readonly Binding[], deviceId: number, at: Date): number | null {
	const t = at.getTime();
	for (const b of bindings) {
		if (b.deviceId === deviceId && b.boundAt.getTime() <= t && (b.unboundAt === null || t < b.unboundAt.getTime())) return b.counterId;
	}
	return null;
}

export function foreignDeviceFlags(presses: readonly DevicePress[], bindings: readonly Binding[], rule = FOREIGN_DEVICE_RULE): Flag[] {
	const foreign = presses
		.map((p) => ({ ...p, boundCounterId: boundTo(bindings, p.deviceId, p.pressedAt) }))
		.filter((p) => p.boundCounterId !== p.counterId);
	const flags: Flag[] = [];
	for (const [, rows] of groupBy(foreign, (p) => `${p.counterId}|${p.deviceId}`)) {
		if (rows.length < rule.minPresses) continue;
		const sorted = byTime(rows);
		const { counterId, deviceId } = sorted[0];
		flags.push({
			kind: 'foreign_device',
			subject: { type: 'counter', id: counterId },
			officerId: mostCommon(sorted.map((p) => p.officerId)),
			counterId,
			deviceId,
			evidence: {
				presses: rows.length,
				boundCounterId: mostCommon(sorted.map((p) => p.boundCounterId)) ?? 0,
				days: new Set(sorted.map((p) => localDate(p.pressedAt))).size
			},
			examples: examplesByDay(sorted.map((p) => p.pressedAt))
		});
	}
	return flags;
}

/** The flag's stable id, also the audit target of its acknowledgements. */
export function flagId(flag: Pick<Flag, 'kind' | 'subject' | 'deviceId'>, period: { from: string; to: string }): string {
	return `${flagSubjectKey(flag)}:${period.from}..${period.to}`;
}

/**
 * kind:subject, the part of the id that survives a change of period. A foreign-device flag is
 * about a counter and a device together (a counter may receive two foreign devices).
 */
export function flagSubjectKey(flag: Pick<Flag, 'kind' | 'subject' | 'deviceId'>): string {
	const device = flag.kind === 'foreign_device' ? `.device-${flag.deviceId}` : '';
	return `${flag.kind}:${flag.subject.type}-${flag.subject.id}${device}`;
}
