import { describe, expect, it } from 'vitest';
import { buildCalendar, localTime } from '../calendar';
import {
	boundTo,
	burstFlags,
	deviceVsQrFlags,
	findBursts,
	flagId,
	flagSubjectKey,
	foreignDeviceFlags,
	holderAt,
	isOutOfHours,
	noServiceFlags,
	outOfHoursFlags,
	perfectFlags,
	twoProportionZ,
	type Binding,
	type Press,
	type Shift
} from './detectors';

// 2026-10-05 is a Monday; 2026-10-10 a Saturday.
const at = (day: string, h: number, m = 0, s = 0) => localTime(day, h, m, s);
const secs = (base: Date, ...offsets: number[]) => offsets.map((o) => new Date(base.getTime() + o * 1000));
const press = (counterId: number, deviceId: number | null, pressedAt: Date): Press => ({ counterId, deviceId, pressedAt });

const shifts: Shift[] = [
	{ counterId: 1, officerId: 10, startedAt: at('2026-10-05', 7, 30), endedAt: at('2026-10-05', 11, 30) },
	{ counterId: 1, officerId: 11, startedAt: at('2026-10-05', 13, 30), endedAt: null }
];

describe('holderAt (counter_shifts)', () => {
	it('finds who held the counter, start inclusive, end exclusive', () => {
		expect(holderAt(shifts, 1, at('2026-10-05', 7, 30))).toBe(10);
		expect(holderAt(shifts, 1, at('2026-10-05', 11, 30))).toBeNull();
		expect(holderAt(shifts, 1, at('2026-10-05', 16))).toBe(11);
		expect(holderAt(shifts, 2, at('2026-10-05', 9))).toBeNull();
	});
});

describe('presses with no open service', () => {
	const morning = (n: number) => Array.from({ length: n }, (_, i) => press(1, 5, at('2026-10-05', 8, i)));
	it('flags a counter at 5 presses, attributed to the officer holding it', () => {
		const [f] = noServiceFlags([...morning(4), press(1, 5, at('2026-10-05', 14))], shifts);
		expect(f).toMatchObject({ kind: 'no_service', subject: { type: 'counter', id: 1 }, officerId: 10, deviceId: 5 });
		expect(f.evidence).toEqual({ presses: 5, byOfficer: 4, days: 1 });
		// examples: the first press of each day
		expect(f.examples).toEqual([at('2026-10-05', 8, 0).toISOString()]);
	});
	it('leaves 4 presses alone (a citizen pressing after the service closed)', () => {
		expect(noServiceFlags(morning(4), shifts)).toEqual([]);
	});
	it('counts per counter, not in total', () => {
		expect(noServiceFlags([...morning(3), ...morning(3).map((p) => ({ ...p, counterId: 2 }))], shifts)).toEqual([]);
	});
});

describe('bursts', () => {
	const t0 = at('2026-10-05', 9);
	it('finds 3 presses within 10 s, and not 3 spread over 10.001 s', () => {
		expect(findBursts(secs(t0, 0, 5, 10).map((pressedAt) => ({ pressedAt })))).toHaveLength(1);
		expect(findBursts(secs(t0, 0, 5, 10.001).map((pressedAt) => ({ pressedAt })))).toHaveLength(0);
	});
	it('does not count a citizen pressing twice', () => {
		expect(findBursts(secs(t0, 0, 3, 300, 302).map((pressedAt) => ({ pressedAt })))).toHaveLength(0);
	});
	it('keeps a run of presses as one burst, and a chain of 9 s gaps is no burst', () => {
		expect(findBursts(secs(t0, 0, 1, 2, 3, 4, 5).map((pressedAt) => ({ pressedAt })))[0]).toHaveLength(6);
		expect(findBursts(secs(t0, 0, 9, 18, 27).map((pressedAt) => ({ pressedAt })))).toHaveLength(0);
	});
	it('flags a device with two bursts, not one', () => {
		const one = secs(t0, 0, 1, 2).map((d) => press(1, 5, d));
		const two = [...one, ...secs(at('2026-10-05', 14), 0, 2, 4, 6).map((d) => press(1, 5, d))];
		expect(burstFlags(one, shifts)).toEqual([]);
		const [f] = burstFlags(two, shifts);
		expect(f).toMatchObject({ kind: 'burst', subject: { type: 'device', id: 5 }, counterId: 1 });
		expect(f.evidence).toEqual({ bursts: 2, presses: 7, largest: 4, windowSeconds: 10 });
		expect(f.examples).toEqual([t0.toISOString(), at('2026-10-05', 14).toISOString()]);
	});
	it('keeps devices apart and ignores QR presses', () => {
		const mixed = secs(t0, 0, 1, 2, 600, 601, 602).map((d, i) => press(1, i % 2 ? 5 : 6, d));
		expect(burstFlags(mixed, shifts)).toEqual([]);
		expect(burstFlags(secs(t0, 0, 1, 2, 600, 601, 602).map((d) => press(1, null, d)), shifts)).toEqual([]);
	});
});

describe('outside working hours', () => {
	const cal = buildCalendar([
		{ day: '2026-10-06', kind: 'holiday' },
		{ day: '2026-10-10', kind: 'workday' }
	]);
	it('uses 07:00–17:30 Vietnam time on working days, edges inside', () => {
		expect(isOutOfHours(at('2026-10-05', 7, 0), cal)).toBe(false);
		expect(isOutOfHours(at('2026-10-05', 6, 59), cal)).toBe(true);
		expect(isOutOfHours(at('2026-10-05', 17, 30), cal)).toBe(false);
		expect(isOutOfHours(at('2026-10-05', 17, 31), cal)).toBe(true);
	});
	it('counts holidays and weekends, but not a compensating working Saturday', () => {
		expect(isOutOfHours(at('2026-10-06', 9), cal)).toBe(true);
		expect(isOutOfHours(at('2026-10-11', 9), cal)).toBe(true);
		expect(isOutOfHours(at('2026-10-10', 9), cal)).toBe(false);
	});
	it('flags an officer from 5 ratings outside hours', () => {
		const late = [18, 19, 20, 21].map((h) => at('2026-10-05', h));
		const o = { officerId: 10, ratings: 100, pressedAt: [...late, at('2026-10-05', 10)] };
		expect(outOfHoursFlags([o], cal)).toEqual([]);
		const [f] = outOfHoursFlags([{ ...o, pressedAt: [...o.pressedAt, at('2026-10-11', 9)] }], cal);
		expect(f.evidence).toEqual({ outside: 5, ratings: 100, outsideShare: 0.05, days: 2 });
		expect(f.examples).toEqual([late[0].toISOString(), at('2026-10-11', 9).toISOString()]);
	});
});

describe('near-100 % top level at a participation far above the unit', () => {
	const peers = { officerId: 2, unitId: 1, services: 100, ratedServices: 60, ratings: 60, top: 35 };
	it('flags 50/50 top at 90 % participation against peers at 60 %', () => {
		const [f] = perfectFlags([{ officerId: 1, unitId: 1, services: 100, ratedServices: 90, ratings: 50, top: 50 }, peers]);
		expect(f).toMatchObject({ kind: 'perfect', officerId: 1 });
		expect(f.evidence).toEqual({ ratings: 50, topShare: 1, participationRate: 0.9, peerParticipationRate: 0.6, services: 100 });
	});
	it('edges: 95 % top and a 20-point gap are inside; 94 % or 19 points are not', () => {
		const o = { officerId: 1, unitId: 1, services: 100, ratedServices: 80, ratings: 100, top: 95 };
		expect(perfectFlags([o, peers])).toHaveLength(1);
		expect(perfectFlags([{ ...o, top: 94 }, peers])).toEqual([]);
		expect(perfectFlags([{ ...o, ratedServices: 79 }, peers])).toEqual([]);
	});
	it('needs 50 ratings and 50 peer services', () => {
		expect(perfectFlags([{ officerId: 1, unitId: 1, services: 60, ratedServices: 49, ratings: 49, top: 49 }, peers])).toEqual([]);
		expect(perfectFlags([{ officerId: 1, unitId: 1, services: 100, ratedServices: 90, ratings: 90, top: 90 }, { ...peers, services: 49, ratedServices: 20 }])).toEqual([]);
	});
	it('compares within the unit only', () => {
		expect(perfectFlags([{ officerId: 1, unitId: 1, services: 100, ratedServices: 90, ratings: 90, top: 90 }, { ...peers, unitId: 2 }])).toEqual([]);
	});
});

describe('box/tablet against QR', () => {
	it('computes the pooled two-proportion z by hand', () => {
		// 45/50 vs 25/50: pooled 0.7, se = sqrt(0.7·0.3·(2/50)) = 0.0916515, z = 0.4/0.0916515
		expect(twoProportionZ(45, 50, 25, 50)).toBeCloseTo(4.3644, 3);
	});
	it('flags a 40-point gap over 50 + 50 ratings', () => {
		const [f] = deviceVsQrFlags([{ officerId: 1, deviceRatings: 50, deviceSatisfied: 45, qrRatings: 50, qrSatisfied: 25 }]);
		expect(f.evidence.deviceRate).toBe(0.9);
		expect(f.evidence.qrRate).toBe(0.5);
	});
	it('needs 30 QR ratings, a 20-point gap and z ≥ 3.29', () => {
		expect(deviceVsQrFlags([{ officerId: 1, deviceRatings: 200, deviceSatisfied: 190, qrRatings: 29, qrSatisfied: 5 }])).toEqual([]);
		// 0.95 vs 0.76: a 19-point gap, however certain
		expect(deviceVsQrFlags([{ officerId: 1, deviceRatings: 1000, deviceSatisfied: 950, qrRatings: 1000, qrSatisfied: 760 }])).toEqual([]);
		// 27/30 vs 20/30: 23 points but z ≈ 2.2, could be chance
		expect(deviceVsQrFlags([{ officerId: 1, deviceRatings: 30, deviceSatisfied: 27, qrRatings: 30, qrSatisfied: 20 }])).toEqual([]);
	});
	it('does not flag QR better than the box', () => {
		expect(deviceVsQrFlags([{ officerId: 1, deviceRatings: 50, deviceSatisfied: 25, qrRatings: 50, qrSatisfied: 45 }])).toEqual([]);
	});
});

describe('a device not bound to the counter', () => {
	const bindings: Binding[] = [
		{ deviceId: 7, counterId: 1, boundAt: at('2026-10-01', 7), unboundAt: at('2026-10-05', 12) },
		{ deviceId: 7, counterId: 2, boundAt: at('2026-10-05', 12), unboundAt: null }
	];
	it('reads the binding at press time (a moved box is not foreign)', () => {
		expect(boundTo(bindings, 7, at('2026-10-05', 11, 59))).toBe(1);
		expect(boundTo(bindings, 7, at('2026-10-05', 12))).toBe(2);
		expect(boundTo(bindings, 7, at('2026-09-30', 9))).toBeNull();
		const moved = [at('2026-10-05', 9), at('2026-10-05', 10), at('2026-10-05', 11)].map((d) => ({ deviceId: 7, counterId: 1, officerId: 10, pressedAt: d }));
		const after = [13, 14, 15].map((h) => ({ deviceId: 7, counterId: 2, officerId: 11, pressedAt: at('2026-10-05', h) }));
		expect(foreignDeviceFlags([...moved, ...after], bindings)).toEqual([]);
	});
	it('flags 3 presses at counter 3 from the device bound to counter 2, not 2 presses', () => {
		const foreign = [13, 14, 15].map((h) => ({ deviceId: 7, counterId: 3, officerId: 12, pressedAt: at('2026-10-06', h) }));
		expect(foreignDeviceFlags(foreign.slice(0, 2), bindings)).toEqual([]);
		const [f] = foreignDeviceFlags(foreign, bindings);
		expect(f).toMatchObject({ kind: 'foreign_device', subject: { type: 'counter', id: 3 }, deviceId: 7, officerId: 12 });
		expect(f.evidence).toEqual({ presses: 3, boundCounterId: 2, days: 1 });
		expect(flagSubjectKey(f)).toBe('foreign_device:counter-3.device-7');
		expect(flagId(f, { from: '2026-08-01', to: '2026-10-31' })).toBe('foreign_device:counter-3.device-7:2026-08-01..2026-10-31');
	});
});
