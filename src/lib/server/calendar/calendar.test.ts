import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { VIETNAM_CALENDAR_DAYS } from './holidays';
import { loadCalendar, seedCalendar } from './store';
import {
	addWorkingDays,
	buildCalendar,
	dayOfWeek,
	isWorkingDay,
	localDate,
	localTime,
	workingDaysBetween
} from './working-days';

const cal = buildCalendar(VIETNAM_CALENDAR_DAYS);
/** A Vietnam wall-clock instant, written the way a person reads it. */
const vn = (s: string) => new Date(s + '+07:00');

describe('Vietnam dates', () => {
	it('takes the date in UTC+7', () => {
		expect(localDate(new Date('2026-03-10T16:59:59Z'))).toBe('2026-03-10');
		expect(localDate(new Date('2026-03-10T17:00:00Z'))).toBe('2026-03-11');
		expect(localTime('2026-03-11', 0).toISOString()).toBe('2026-03-10T17:00:00.000Z');
	});

	it('knows weekends, holidays and a compensating Saturday', () => {
		expect(isWorkingDay('2026-03-06', cal)).toBe(true); // Friday
		expect(isWorkingDay('2026-03-07', cal)).toBe(false); // Saturday
		expect(isWorkingDay('2026-02-17', cal)).toBe(false); // mùng 1 Tết Bính Ngọ
		expect(isWorkingDay('2026-04-27', cal)).toBe(false); // nghỉ bù Giỗ Tổ
		expect(isWorkingDay('2025-04-26', cal)).toBe(true); // Saturday worked for 2 May
		expect(isWorkingDay('2025-05-02', cal)).toBe(false);
	});

	it('has one row per day, and compensating working days only on weekends', () => {
		const days = VIETNAM_CALENDAR_DAYS.map((r) => r.day);
		expect(new Set(days).size).toBe(days.length);
		for (const r of VIETNAM_CALENDAR_DAYS) {
			expect(r.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			if (r.kind === 'workday') expect([0, 6]).toContain(dayOfWeek(r.day));
		}
		for (const year of ['2025', '2026', '2027']) {
			const holidays = VIETNAM_CALENDAR_DAYS.filter(
				(r) => r.kind === 'holiday' && r.day.startsWith(year)
			);
			expect(holidays.some((r) => r.nameVi.startsWith('Tết Nguyên đán'))).toBe(true);
			expect(holidays.some((r) => r.day === `${year}-09-02`)).toBe(true);
		}
	});
});

describe('addWorkingDays (day after reception is day 1, due 17:00 local)', () => {
	it('counts across a weekend', () => {
		// Fri 6/3 → Mon 9/3 is day 1, Tue 10/3 day 2
		expect(addWorkingDays(vn('2026-03-06T10:00:00'), 2, cal)).toEqual(vn('2026-03-10T17:00:00'));
	});

	it('skips the whole Tết 2026 break', () => {
		// Thu 12/2: Fri 13/2 is day 1, 14–22/2 off, Mon 23/2 day 2, Tue 24/2 day 3
		expect(addWorkingDays(vn('2026-02-12T09:00:00'), 3, cal)).toEqual(vn('2026-02-24T17:00:00'));
	});

	it('crosses the year end 2026 → 2027', () => {
		// Wed 30/12: Thu 31/12 day 1, Fri 1/1 holiday, weekend, Mon 4/1 day 2, Tue 5/1 day 3
		expect(addWorkingDays(vn('2026-12-30T14:00:00'), 3, cal)).toEqual(vn('2027-01-05T17:00:00'));
	});

	it('starts counting after a holiday reception (online dossier on a day off)', () => {
		// Mon 27/4/2026 is the compensating day off for Giỗ Tổ: Tue 28/4 is day 1
		expect(addWorkingDays(vn('2026-04-27T08:00:00'), 1, cal)).toEqual(vn('2026-04-28T17:00:00'));
		expect(addWorkingDays(vn('2026-04-27T08:00:00'), 0, cal)).toEqual(vn('2026-04-28T17:00:00'));
	});

	it('makes n = 0 due the same day, or the next working day after hours', () => {
		expect(addWorkingDays(vn('2026-03-11T09:00:00'), 0, cal)).toEqual(vn('2026-03-11T17:00:00'));
		expect(addWorkingDays(vn('2026-03-11T17:30:00'), 0, cal)).toEqual(vn('2026-03-12T17:00:00'));
	});

	it('counts a compensating Saturday as a working day', () => {
		// Fri 25/4/2025: Sat 26/4 (worked) day 1, Mon 28/4 day 2, Tue 29/4 day 3,
		// 30/4–2/5 off, weekend, Mon 5/5 day 4
		expect(addWorkingDays(vn('2025-04-25T10:00:00'), 1, cal)).toEqual(vn('2025-04-26T17:00:00'));
		expect(addWorkingDays(vn('2025-04-25T10:00:00'), 3, cal)).toEqual(vn('2025-04-29T17:00:00'));
		expect(addWorkingDays(vn('2025-04-25T10:00:00'), 4, cal)).toEqual(vn('2025-05-05T17:00:00'));
	});

	it('refuses a negative or fractional count', () => {
		expect(() => addWorkingDays(vn('2026-03-11T09:00:00'), -1, cal)).toThrow(RangeError);
		expect(() => addWorkingDays(vn('2026-03-11T09:00:00'), 1.5, cal)).toThrow(RangeError);
	});
});

describe('workingDaysBetween', () => {
	it('is the inverse of addWorkingDays', () => {
		const start = vn('2026-02-12T09:00:00');
		for (const n of [1, 2, 3, 10, 40])
			expect(workingDaysBetween(start, addWorkingDays(start, n, cal), cal)).toBe(n);
	});

	it('is zero on the same day and negative backwards', () => {
		expect(workingDaysBetween(vn('2026-03-11T08:00:00'), vn('2026-03-11T16:00:00'), cal)).toBe(0);
		expect(workingDaysBetween(vn('2026-03-10T08:00:00'), vn('2026-03-06T16:00:00'), cal)).toBe(-2);
		// Tết 2026 week: no working day from Sat 14/2 to Sun 22/2
		expect(workingDaysBetween(vn('2026-02-13T08:00:00'), vn('2026-02-22T08:00:00'), cal)).toBe(0);
	});
});

describe.each(testDatabaseKinds)('calendar_days on %s', (kind) => {
	let h: DatabaseHandle;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
	});
	afterAll(async () => h?.close());

	it('seeds once, keeps edited days, and loads back the same calendar', async () => {
		expect(await seedCalendar(h)).toBe(VIETNAM_CALENDAR_DAYS.length);
		expect(await seedCalendar(h)).toBe(0);
		const loaded = await loadCalendar(h);
		expect(loaded.size).toBe(VIETNAM_CALENDAR_DAYS.length);
		expect(loaded.get('2025-04-26')).toBe('workday');
		expect(isWorkingDay('2026-02-17', loaded)).toBe(false);
	});
});
