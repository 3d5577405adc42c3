import { describe, expect, it } from 'vitest';
import { buildCalendar, localTime, VIETNAM_CALENDAR_DAYS } from '../calendar';
import { complaintDueAt, deadlineFlag } from './deadline';
import { maskPhone } from './mask';

const cal = buildCalendar(VIETNAM_CALENDAR_DAYS);
const due = (receivedLocal: [string, number], days = 15) => complaintDueAt(localTime(receivedLocal[0], receivedLocal[1]), days, cal);

/** Every case worked by hand on a paper calendar; due at 17:00 Vietnam time. */
describe('complaint deadlines on the working-day calendar', () => {
	it('skips weekends: Fri 20/11/2026 + 15 → Fri 11/12/2026', () => {
		// Mon 23–Fri 27 (1–5), 30/11–4/12 (6–10), 7–11/12 (11–15)
		expect(due(['2026-11-20', 10])).toEqual(localTime('2026-12-11', 17));
	});
	it('skips the whole Tết 2026 break (Sat 14/2 – Sun 22/2): Tue 10/2 + 15 → Tue 10/3/2026', () => {
		// 11, 12, 13/2 (1–3); Tết; 23–27/2 (4–8); 2–6/3 (9–13); 9, 10/3 (14–15)
		expect(due(['2026-02-10', 9])).toEqual(localTime('2026-03-10', 17));
	});
	it('received during Tết: Sat 14/2/2026 20:00 + 3 → Wed 25/2/2026', () => {
		expect(due(['2026-02-14', 20], 3)).toEqual(localTime('2026-02-25', 17));
	});
	it('crosses the year end and New Year’s Day 2027: Wed 23/12/2026 16:00 + 15 → Thu 14/1/2027', () => {
		// 24, 25 (1–2); 28–31/12 (3–6); 1/1 holiday; 4–8/1 (7–11); 11–14/1 (12–15)
		expect(due(['2026-12-23', 16])).toEqual(localTime('2027-01-14', 17));
	});
	it('uses the Vietnam date: 31/12/2026 18:00 UTC is New Year’s Day 01:00 → Mon 4/1/2027', () => {
		expect(complaintDueAt(new Date('2026-12-31T18:00:00Z'), 1, cal)).toEqual(localTime('2027-01-04', 17));
	});
	it('counts a swapped working Saturday: Fri 25/4/2025 + 1 → Sat 26/4/2025, Fri 9/1/2026 + 1 → Sat 10/1/2026', () => {
		expect(due(['2025-04-25', 9], 1)).toEqual(localTime('2025-04-26', 17));
		expect(due(['2026-01-09', 9], 1)).toEqual(localTime('2026-01-10', 17));
		// no make-up day after Tết 2025: Fri 14/2/2025 + 1 → Mon 17/2/2025
		expect(due(['2025-02-14', 9], 1)).toEqual(localTime('2025-02-17', 17));
	});
	it('an administrator’s edit of the calendar moves the deadline', () => {
		const edited = buildCalendar([...VIETNAM_CALENDAR_DAYS, { day: '2026-12-11', kind: 'holiday' }]);
		expect(complaintDueAt(localTime('2026-11-20', 10), 15, edited)).toEqual(localTime('2026-12-14', 17));
	});
});

describe('near and overdue flags', () => {
	const dueAt = localTime('2026-03-10', 17);
	it('is quiet with plenty of working days left, even across Tết', () => {
		expect(deadlineFlag(dueAt, localTime('2026-02-13', 9), 3, cal)).toBeNull();
		expect(deadlineFlag(dueAt, localTime('2026-03-04', 9), 3, cal)).toBeNull(); // 5, 6, 9, 10 left
	});
	it('is near with three working days or fewer left (a weekend does not count)', () => {
		expect(deadlineFlag(dueAt, localTime('2026-03-05', 9), 3, cal)).toBe('near'); // 6, 9, 10
		expect(deadlineFlag(dueAt, localTime('2026-03-10', 16, 59), 3, cal)).toBe('near');
	});
	it('is overdue after 17:00 of the due day, and never for a closed case', () => {
		expect(deadlineFlag(dueAt, localTime('2026-03-10', 17, 1), 3, cal)).toBe('overdue');
		expect(deadlineFlag(dueAt, localTime('2026-03-20', 9), 3, cal, true)).toBeNull();
	});
});

describe('masking a phone number', () => {
	it('keeps the first two and last three digits', () => {
		expect(maskPhone('0912345678')).toBe('09xx xxx 678');
		expect(maskPhone('02583123456')).toBe('02xx xxx 456');
		expect(maskPhone(null)).toBeNull();
	});
});
