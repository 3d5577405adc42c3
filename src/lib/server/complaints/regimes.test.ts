import { describe, expect, it } from 'vitest';
import { buildCalendar, localTime } from '../calendar';
import { ASSUMED_2026, ASSUMED_SATURDAYS_WORKED, ASSUMED_WEEKDAYS_OFF } from './calendar-2026.fixture';
import { vi } from '$lib/i18n/catalogue';
import {
	clockDueAt,
	decideAccept,
	decideReclassify,
	DEFAULT_REGIMES,
	publicPromise,
	resolutionClock,
	runningClock,
	type RegimeSettings,
	type RegimeState
} from './regimes';

const cal = buildCalendar(ASSUMED_2026);
const at = (day: string, hour = 17) => localTime(day, hour);
const received = (day: string, hour = 9) => ({ receivedAt: localTime(day, hour), acceptedAt: null, complex: false, remote: false });

describe('deadlines under each regime, across Tết 2026 and the 2026 swap days', () => {
	it('runs on the cited 2026 calendar, whose working-day exceptions are the ones the dates below assume', () => {
		const weekday = (day: string) => ![0, 6].includes(new Date(day + 'T00:00:00Z').getUTCDay());
		expect(ASSUMED_2026.filter((r) => r.kind === 'holiday' && weekday(r.day)).map((r) => r.day)).toEqual(ASSUMED_WEEKDAYS_OFF);
		expect(ASSUMED_2026.filter((r) => r.kind === 'workday').map((r) => r.day)).toEqual(ASSUMED_SATURDAYS_WORKED);
	});

	it('phản ánh, kiến nghị: 15 working days from Tue 10/2/2026 → Tue 10/3/2026, Tết skipped', () => {
		// 11, 12, 13/2 (1–3); Tết 14–22/2; 23–27/2 (4–8); 2–6/3 (9–13); 9, 10/3 (14–15)
		const c = runningClock({ kind: 'petition', ...received('2026-02-10') }, DEFAULT_REGIMES, cal);
		expect(c).toMatchObject({ stage: 'resolution', clock: { days: 15, unit: 'working' }, source: 'nd20Petitions' });
		expect(c.dueAt).toEqual(at('2026-03-10'));
	});

	it('khiếu nại: 10 days to accept from Fri 6/2/2026 ends on Mon 16/2 (Tết) → moved to Mon 23/2', () => {
		// 6/2 + 10 calendar days = Mon 16/2, a Tết day off; the next working day is Mon 23/2
		const c = runningClock({ kind: 'complaint', ...received('2026-02-06') }, DEFAULT_REGIMES, cal);
		expect(c).toMatchObject({ stage: 'acceptance', clock: { days: 10, unit: 'calendar' }, source: 'complaintsLaw' });
		expect(c.dueAt).toEqual(at('2026-02-23'));
	});

	it('khiếu nại accepted Tue 24/2/2026: 30 days → Thu 26/3; complex or remote 45 → Fri 10/4; remote and complex 60 → Tue 28/4', () => {
		const accepted = { kind: 'complaint' as const, receivedAt: at('2026-02-06', 9), acceptedAt: at('2026-02-24', 10) };
		// 24/2 + 4 = 28/2; + 26 = 26/3 (Thu, a working day)
		expect(runningClock({ ...accepted, complex: false, remote: false }, DEFAULT_REGIMES, cal)).toMatchObject({ stage: 'resolution', dueAt: at('2026-03-26') });
		// 24/2 + 45 = 10/4 (28/2 is +4, 31/3 is +35, 10/4 is +45): Fri, working
		expect(runningClock({ ...accepted, complex: true, remote: false }, DEFAULT_REGIMES, cal).dueAt).toEqual(at('2026-04-10'));
		expect(runningClock({ ...accepted, complex: false, remote: true }, DEFAULT_REGIMES, cal).dueAt).toEqual(at('2026-04-10'));
		// 24/2 + 60 = Sat 25/4; Sun 26/4 (Hùng Kings) and Mon 27/4 (in lieu) are off → Tue 28/4
		expect(runningClock({ ...accepted, complex: true, remote: true }, DEFAULT_REGIMES, cal).dueAt).toEqual(at('2026-04-28'));
	});

	it('counts the worked Saturday 10/1/2026 and skips the swap day Fri 2/1', () => {
		const three = { days: 3, unit: 'working' as const };
		// Thu 8/1 + 3 working days: Fri 9 (1), Sat 10 worked (2), Mon 12 (3)
		expect(clockDueAt(at('2026-01-08', 9), three, cal)).toEqual(at('2026-01-12'));
		// Wed 31/12/2025 + 3: 1/1 and 2/1 off, weekend; Mon 5 (1), Tue 6 (2), Wed 7 (3)
		expect(clockDueAt(at('2025-12-31', 10), three, cal)).toEqual(at('2026-01-07'));
		// without the swaps (a plain calendar) both would differ: the swaps matter
		expect(clockDueAt(at('2026-01-08', 9), three, buildCalendar([]))).toEqual(at('2026-01-13'));
	});

	it('counts the worked Saturday 22/8/2026 and the swap day Mon 31/8 for both kinds of clock', () => {
		const internal: RegimeSettings = { ...DEFAULT_REGIMES, internal: { days: 5, unit: 'working' } };
		// Thu 20/8 + 5 working days: Fri 21 (1), Sat 22 worked (2), Mon 24 (3), Tue 25 (4), Wed 26 (5)
		expect(runningClock({ kind: 'internal', ...received('2026-08-20') }, internal, cal).dueAt).toEqual(at('2026-08-26'));
		// khiếu nại received Fri 21/8: + 10 days = Mon 31/8 (swap day off); 1/9, 2/9 off → Thu 3/9
		expect(runningClock({ kind: 'complaint', ...received('2026-08-21') }, DEFAULT_REGIMES, cal).dueAt).toEqual(at('2026-09-03'));
		// petition received Fri 28/8 on a 3-working-day clock: 31/8, 1/9, 2/9 off; Thu 3 (1), Fri 4 (2), Mon 7 (3)
		const petition: RegimeSettings = { ...DEFAULT_REGIMES, petition: { days: 3, unit: 'working' } };
		expect(runningClock({ kind: 'petition', ...received('2026-08-28') }, petition, cal).dueAt).toEqual(at('2026-09-07'));
	});

	it('a settings change changes the clock: petitions on 10 calendar days from Tue 10/2/2026 → 20/2 is Tết → Mon 23/2', () => {
		const r: RegimeSettings = { ...DEFAULT_REGIMES, petition: { days: 10, unit: 'calendar' } };
		expect(runningClock({ kind: 'petition', ...received('2026-02-10') }, r, cal).dueAt).toEqual(at('2026-02-23'));
		expect(resolutionClock('complaint', { complex: true, remote: true }, r)).toEqual({ days: 60, unit: 'calendar' });
	});
});

describe('classifying and accepting', () => {
	const open = (over: Partial<RegimeState> = {}): RegimeState => ({ kind: 'petition', status: 'assigned', acceptedAt: null, complex: false, remote: false, ...over });

	it('moves a petition to khiếu nại and back, dropping the flags and the acceptance on the way back', () => {
		expect(decideReclassify(open(), { kind: 'complaint', complex: true, remote: false })).toEqual({
			ok: true,
			change: { kind: 'complaint', complex: true, remote: false, acceptedAt: null }
		});
		const accepted = open({ kind: 'complaint', acceptedAt: at('2026-02-24', 10), complex: true });
		expect(decideReclassify(accepted, { kind: 'petition', complex: true, remote: true })).toEqual({
			ok: true,
			change: { kind: 'petition', complex: false, remote: false, acceptedAt: null }
		});
		// flags on a khiếu nại keep its acceptance
		expect(decideReclassify(accepted, { kind: 'complaint', complex: true, remote: true })).toMatchObject({ ok: true, change: { acceptedAt: at('2026-02-24', 10) } });
	});

	it('refuses internal cases either way, closed cases, and a change that changes nothing', () => {
		expect(decideReclassify(open({ kind: 'internal' }), { kind: 'petition', complex: false, remote: false })).toEqual({ ok: false, reason: 'internal_fixed' });
		expect(decideReclassify(open(), { kind: 'internal', complex: false, remote: false })).toEqual({ ok: false, reason: 'internal_fixed' });
		expect(decideReclassify(open({ status: 'resolved' }), { kind: 'complaint', complex: false, remote: false })).toEqual({ ok: false, reason: 'closed' });
		// a petition cannot be "complex": the flags belong to the khiếu nại regime
		expect(decideReclassify(open(), { kind: 'petition', complex: true, remote: false })).toEqual({ ok: false, reason: 'unchanged' });
	});

	it('accepts an open khiếu nại once; never a petition', () => {
		const receivedAt = at('2026-02-06', 9);
		expect(decideAccept(open({ kind: 'complaint' }), at('2026-02-24', 10), receivedAt)).toEqual({ ok: true, acceptedAt: at('2026-02-24', 10) });
		expect(decideAccept(open({ kind: 'complaint', acceptedAt: at('2026-02-24', 10) }), at('2026-02-25', 10), receivedAt)).toEqual({ ok: false, reason: 'already_accepted' });
		expect(decideAccept(open(), at('2026-02-24', 10), receivedAt)).toEqual({ ok: false, reason: 'not_complaint' });
		expect(decideAccept(open({ kind: 'complaint', status: 'rejected' }), at('2026-02-24', 10), receivedAt)).toEqual({ ok: false, reason: 'closed' });
	});
});

describe('the public promise', () => {
	it('is the clocks in force, with their sources; the text carries no number of its own', () => {
		expect(vi['complaints.public.intro']).not.toMatch(/\d/);
		expect(vi['complaints.public.complaintRegime']).not.toMatch(/\d/);
		const p = publicPromise({ ...DEFAULT_REGIMES, petition: { days: 7, unit: 'calendar' } });
		expect(p).toEqual({
			petition: { days: 7, unit: 'calendar' },
			complaint: { accept: 10, resolve: 30, complex: 45, unit: 'calendar' },
			sources: {
				petition: 'Nghị định 20/2008/NĐ-CP (sửa đổi bởi Nghị định 48/2013/NĐ-CP và Nghị định 92/2017/NĐ-CP), Điều 9, Điều 14',
				complaint: 'Luật Khiếu nại 2011 (Luật số 02/2011/QH13), Điều 27, Điều 28'
			}
		});
	});
});
