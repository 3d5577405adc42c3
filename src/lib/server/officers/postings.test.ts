import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endAfterDay, firstDay, lastDay, parseDay, startOfDay } from './dates';
import { overlaps, planEdit, planPostings, type StoredPosting, type WantedPosting } from './postings';

const X = 1;
const Y = 2;
const Z = 3;
const stored = (id: number, unitId: number, from: string, to: string | null, positionVi = 'Chuyên viên'): StoredPosting => ({
	id,
	unitId,
	positionVi,
	positionEn: null,
	startedAt: startOfDay(from),
	endedAt: to === null ? null : endAfterDay(to)
});
const wanted = (unitId: number, from: string, to?: string | null, positionVi = 'Chuyên viên'): WantedPosting => ({
	unitId,
	positionVi,
	startedAt: startOfDay(from),
	...(to === undefined ? {} : { endedAt: to === null ? null : endAfterDay(to) })
});

describe('posting days', () => {
	it('reads ISO and day-first dates, and refuses days that do not exist', () => {
		expect(parseDay('2025-07-01')).toBe('2025-07-01');
		expect(parseDay('01/07/2025')).toBe('2025-07-01');
		expect(parseDay('1-7-2025')).toBe('2025-07-01');
		expect(parseDay('1.7.2025')).toBe('2025-07-01');
		for (const bad of ['30/02/2025', '2025-13-01', '07/2025', '2025/07/01', 'hôm nay', '', '01/07/1900']) expect(parseDay(bad), bad).toBeUndefined();
	});

	it('a posting from D to D is one day; the last day reads back from the stored end', () => {
		expect(startOfDay('2025-07-01').toISOString()).toBe('2025-06-30T17:00:00.000Z');
		expect(endAfterDay('2025-07-01').toISOString()).toBe('2025-07-01T17:00:00.000Z');
		expect(firstDay(startOfDay('2025-07-01'))).toBe('2025-07-01');
		expect(lastDay(endAfterDay('2025-12-31'))).toBe('2025-12-31');
	});
});

describe('planPostings', () => {
	it('a new officer gets the posting as given', () => {
		const plan = planPostings([], [wanted(X, '2024-01-01')]);
		expect(plan).toEqual({ ok: true, updates: [], transfers: 0, inserts: [{ unitId: X, positionVi: 'Chuyên viên', positionEn: null, startedAt: startOfDay('2024-01-01'), endedAt: null }] });
	});

	it('the same posting listed again changes nothing, also with a later list date', () => {
		const current = [stored(10, X, '2024-01-01', null)];
		expect(planPostings(current, [wanted(X, '2024-01-01')])).toEqual({ ok: true, updates: [], inserts: [], transfers: 0 });
		expect(planPostings(current, [wanted(X, '2025-03-15')])).toEqual({ ok: true, updates: [], inserts: [], transfers: 0 });
	});

	it('a changed unit from a later day is a transfer: the open posting ends the day before', () => {
		const plan = planPostings([stored(10, X, '2024-01-01', null)], [wanted(Y, '2025-07-01')]);
		expect(plan).toEqual({
			ok: true,
			transfers: 1,
			updates: [{ id: 10, set: { endedAt: startOfDay('2025-07-01') } }],
			inserts: [{ unitId: Y, positionVi: 'Chuyên viên', positionEn: null, startedAt: startOfDay('2025-07-01'), endedAt: null }]
		});
		if (!plan.ok) throw new Error('unreachable');
		expect(lastDay(plan.updates[0].set.endedAt!)).toBe('2025-06-30');
	});

	it('after a transfer, the new list and the old list both change nothing', () => {
		const after = [stored(10, X, '2024-01-01', '2025-06-30'), stored(11, Y, '2025-07-01', null)];
		expect(planPostings(after, [wanted(Y, '2025-07-01')])).toEqual({ ok: true, updates: [], inserts: [], transfers: 0 });
		expect(planPostings(after, [wanted(X, '2024-01-01')])).toEqual({ ok: true, updates: [], inserts: [], transfers: 0 });
	});

	it('a new position in the same unit from a later day is a new posting', () => {
		const plan = planPostings([stored(10, X, '2024-01-01', null)], [wanted(X, '2025-01-01', undefined, 'Phó Trưởng phòng')]);
		expect(plan).toMatchObject({ ok: true, transfers: 1, inserts: [{ unitId: X, positionVi: 'Phó Trưởng phòng' }] });
	});

	it('a changed unit that does not start after the current posting overlaps it', () => {
		const current = [stored(10, X, '2024-01-01', null)];
		for (const from of ['2024-01-01', '2023-05-01']) {
			expect(planPostings(current, [wanted(Y, from)])).toEqual({
				ok: false,
				problems: [{ index: 0, reason: 'overlap', other: { unitId: X, startedAt: startOfDay('2024-01-01'), endedAt: null } }]
			});
		}
	});

	it('an earlier closed posting joins the history when it overlaps nothing', () => {
		const current = [stored(10, X, '2024-01-01', null)];
		expect(planPostings(current, [wanted(Y, '2020-01-01', '2023-12-31')])).toMatchObject({ ok: true, inserts: [{ unitId: Y }], updates: [] });
		expect(planPostings(current, [wanted(Y, '2020-01-01', '2024-01-01')])).toMatchObject({ ok: false, problems: [{ reason: 'overlap' }] });
	});

	it('a transfer into a period already closed elsewhere is refused', () => {
		// X until 2024-12-31, then Z open from 2025-01-01; a posting in Y from 2024-06-01 overlaps X
		const history = [stored(10, X, '2024-01-01', '2024-12-31'), stored(11, Z, '2025-01-01', null)];
		expect(planPostings(history, [wanted(Y, '2024-06-01', '2024-08-01')])).toMatchObject({ ok: false, problems: [{ reason: 'overlap', other: { unitId: X } }] });
	});

	it('an end date ends the posting; an end before the start is refused', () => {
		const current = [stored(10, X, '2024-01-01', null)];
		expect(planPostings(current, [wanted(X, '2024-01-01', '2025-06-30')])).toEqual({
			ok: true,
			transfers: 0,
			inserts: [],
			updates: [{ id: 10, set: { endedAt: endAfterDay('2025-06-30') } }]
		});
		expect(planPostings(current, [wanted(X, '2024-01-01', '2023-01-01')])).toEqual({ ok: false, problems: [{ index: 0, reason: 'endBeforeStart' }] });
		expect(planPostings([], [wanted(X, '2024-01-01', '2023-12-31')])).toEqual({ ok: false, problems: [{ index: 0, reason: 'endBeforeStart' }] });
	});

	it('a whole history sent at once, out of order, is applied by date; sending it again changes nothing', () => {
		const history = [wanted(Z, '2025-07-01'), wanted(X, '2020-01-01', '2022-12-31'), wanted(Y, '2023-01-01', '2025-06-30')];
		const plan = planPostings([], history);
		expect(plan).toMatchObject({ ok: true, inserts: [{ unitId: X }, { unitId: Y }, { unitId: Z }] });
		if (!plan.ok) throw new Error('unreachable');
		const stored2 = plan.inserts.map((p, i) => ({ ...p, id: i + 1 }));
		expect(planPostings(stored2, history)).toEqual({ ok: true, updates: [], inserts: [], transfers: 0 });
	});

	it('within one list, only the latest posting may be open, and the list must not overlap itself', () => {
		expect(planPostings([], [wanted(Y, '2025-01-01'), wanted(X, '2024-01-01')])).toEqual({ ok: false, problems: [{ index: 1, reason: 'openNotLast' }] });
		expect(planPostings([], [wanted(X, '2024-01-01', '2025-01-31'), wanted(Y, '2025-01-01')])).toMatchObject({ ok: false, problems: [{ index: 1, reason: 'overlap', other: { unitId: X } }] });
	});

	it('planEdit checks a corrected posting against the others', () => {
		const history = [stored(10, X, '2024-01-01', '2024-12-31'), stored(11, Y, '2025-01-01', null)];
		expect(planEdit(history, 10, { positionVi: 'Chuyên viên', positionEn: null, startedAt: startOfDay('2024-01-01'), endedAt: null })).toMatchObject({
			ok: false,
			problems: [{ reason: 'overlap', other: { unitId: Y } }]
		});
		expect(planEdit(history, 10, { positionVi: 'Chuyên viên chính', positionEn: 'Principal officer', startedAt: startOfDay('2023-06-01'), endedAt: endAfterDay('2024-12-31') })).toEqual({
			ok: true,
			transfers: 0,
			inserts: [],
			updates: [{ id: 10, set: { positionVi: 'Chuyên viên chính', positionEn: 'Principal officer', startedAt: startOfDay('2023-06-01') } }]
		});
	});

	it('whatever is asked, an accepted plan leaves postings that never overlap and at most one open', () => {
		const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2024, 0, 1 + n * 10)).toISOString().slice(0, 10));
		const want = fc.record({ unit: fc.constantFrom(X, Y, Z), from: day, length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined, freq: 3 }), position: fc.constantFrom('A', 'B') });
		let accepted = 0;
		fc.assert(
			fc.property(fc.array(fc.array(want, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rounds) => {
				let current: StoredPosting[] = [];
				let nextId = 1;
				for (const round of rounds) {
					const list = round.map((r) => ({
						unitId: r.unit,
						positionVi: r.position,
						startedAt: startOfDay(r.from),
						...(r.length === undefined ? {} : { endedAt: new Date(startOfDay(r.from).getTime() + r.length * 86_400_000) })
					}));
					const plan = planPostings(current, list);
					if (!plan.ok) continue;
					accepted++;
					const byId = new Map(current.map((p) => [p.id, { ...p }]));
					for (const u of plan.updates) Object.assign(byId.get(u.id)!, u.set);
					current = [...byId.values(), ...plan.inserts.map((p) => ({ ...p, id: nextId++ }))];
					for (const a of current) for (const b of current) if (a !== b) expect(overlaps(a, b)).toBe(false);
					expect(current.filter((p) => p.endedAt === null).length).toBeLessThanOrEqual(1);
					// the same list again is a no-op
					expect(planPostings(current, list)).toEqual({ ok: true, updates: [], inserts: [], transfers: 0 });
				}
			}),
			{ numRuns: 300 }
		);
		// most rounds are accepted: the property is about real plans, not refusals
		expect(accepted).toBeGreaterThan(300);
	});
});
