import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { VIETNAM_CALENDAR_DAYS } from './holidays';
import { loadCalendar, seedCalendar } from './store';
import {
	addDays,
	addWorkingDays,
	buildCalendar,
	dayNumber,
	dayOfWeek,
	dayString,
	isWorkingDay,
	localDate,
	localTime,
	MAX_DAYS_WITHOUT_WORK,
	nextWorkingDay,
	NoWorkingDayError,
	workingDaysBetween,
	type WorkCalendar
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

describe('day numbers', () => {
	it('are days since 1970-01-01 for real dates of years 0000–9999 only', () => {
		expect(dayNumber('1970-01-01')).toBe(0);
		expect(dayString(dayNumber('2026-02-28') + 1)).toBe('2026-03-01');
		expect(dayString(dayNumber('0050-06-30'))).toBe('0050-06-30');
		for (const bad of ['2026-02-30', '2026-13-01', '2026-1-5', '+010000-01', '-000001-01-01', '', '2026-03-01T00:00'])
			expect(() => dayNumber(bad), bad).toThrow(RangeError);
	});

	it('refuse to step past 9999-12-31 instead of writing a date that no longer advances', () => {
		expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
		expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
		expect(() => localDate(new Date(253402300800000))).toThrow(RangeError); // 10000-01-01
		expect(() => nextWorkingDay('9999-12-31', cal)).toThrow(RangeError);
		expect(() => addWorkingDays(vn('9999-12-31T23:59:59'), 1, cal)).toThrow(RangeError);
	});

	it('give up looking for a working day after a year without one', () => {
		const allOff: WorkCalendar = new Map(Array.from({ length: 800 }, (_, i) => [addDays('2026-01-01', i), 'holiday'] as const));
		expect(() => nextWorkingDay('2026-01-01', allOff)).toThrow(NoWorkingDayError);
		expect(() => addWorkingDays(vn('2026-01-01T09:00:00'), 1, allOff)).toThrow(new RegExp(`${MAX_DAYS_WITHOUT_WORK} days`));
		expect(() => addWorkingDays(vn('2026-01-01T09:00:00'), 100_000, cal)).toThrow(RangeError);
	});

	it('count working days between two instants as walking the days one by one does', () => {
		const walk = (from: Date, to: Date) => {
			const [a, b] = [localDate(from), localDate(to)];
			const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
			let n = 0;
			for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
			return sign * n;
		};
		const instant = fc.integer({ min: Date.parse('2024-06-01'), max: Date.parse('2028-06-01') }).map((t) => new Date(t));
		fc.assert(fc.property(instant, instant, (from, to) => workingDaysBetween(from, to, cal) === walk(from, to)), { numRuns: 300 });
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
