import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { sql } from 'drizzle-orm';
import { auditLog, calendarDays, calendarNotices } from '../db/schema';
import { LEGAL_SOURCES } from '../legal/sources';
import { BUILT_IN_NOTICES, HOLIDAYS_2025, HOLIDAYS_2026, HOLIDAYS_2027, provisionalTetDays, UNSOURCED_BUILT_IN_ROWS, VIETNAM_CALENDAR_DAYS, type CalendarDayRow } from './holidays';
import { noticeId, type NoticeInput } from './notice';
import { calendarYear, enterNotice, loadCalendar, previewNotice, seedCalendar, syncBuiltInCalendar } from './store';
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
		expect(isWorkingDay('2025-02-15', cal)).toBe(false); // an ordinary Saturday: no make-up day for Tết 2025
		expect(cal.has('2025-02-15')).toBe(false);
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

/** first…last inclusive, YYYY-MM-DD. */
const span = (first: string, last: string) => {
	const out: string[] = [];
	for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
	return out;
};
/** day → "kind source", the way the pinned tables below read. */
const cited = (rows: readonly CalendarDayRow[]) => Object.fromEntries(rows.map((r) => [r.day, `${r.kind} ${r.source}`]));
const pin = (source: string, kind: 'holiday' | 'workday', days: string[]) => Object.fromEntries(days.map((d) => [d, `${kind} ${source}`]));

describe('the 2025 and 2026 calendar, day by day, against the notices it cites', () => {
	it('2025: Tết 25/1–2/2 with no make-up day, 30/4–4/5 with 2/5 worked on Sat 26/4, National Day 30/8–2/9', () => {
		expect(cited(HOLIDAYS_2025)).toEqual({
			...pin('labourCodeHolidays', 'holiday', ['2025-01-01', '2025-04-07']),
			...pin('vpcp8726Holidays2025', 'holiday', [
				...span('2025-01-25', '2025-02-02'),
				...span('2025-04-30', '2025-05-04'),
				...span('2025-08-30', '2025-09-02')
			]),
			...pin('vpcp8726Holidays2025', 'workday', ['2025-04-26'])
		});
	});

	it('2026: New Year 1/1–4/1 with 2/1 worked on Sat 10/1, Tết 14/2–22/2, Giỗ Tổ on Sunday 26/4 with Monday 27/4 in lieu, National Day 29/8–2/9 with 31/8 worked on Sat 22/8', () => {
		expect(cited(HOLIDAYS_2026)).toEqual({
			...pin('vpcp12729NewYear2026', 'holiday', span('2026-01-01', '2026-01-04')),
			...pin('vpcp12729NewYear2026', 'workday', ['2026-01-10']),
			...pin('bnv9441Holidays2026', 'holiday', [...span('2026-02-14', '2026-02-22'), ...span('2026-08-29', '2026-09-02')]),
			...pin('bnv9441Holidays2026', 'workday', ['2026-08-22']),
			...pin('labourCodeHolidays', 'holiday', ['2026-04-26', '2026-04-30', '2026-05-01']),
			...pin('labourCodeWeeklyRest', 'holiday', ['2026-04-27'])
		});
	});

	it('cites only notices of the legal sources file, none of them provisional, and says what each left unconfirmed', () => {
		const notices = new Map(BUILT_IN_NOTICES.map((n) => [n.id, n]));
		for (const r of [...HOLIDAYS_2025, ...HOLIDAYS_2026]) {
			const n = notices.get(r.source)!;
			expect(n, r.day).toBeDefined();
			expect(n.status, r.day).not.toBe('provisional');
			expect(LEGAL_SOURCES[r.source as keyof typeof LEGAL_SOURCES], r.day).toBeDefined();
			if (n.status === 'unconfirmed') expect(n.note, r.day).toBeTruthy();
		}
		expect(notices.get('bnv9441Holidays2026')).toMatchObject({ document: 'Thông báo 9441/TB-BNV (Bộ Nội vụ)', issued: '2025-10-16', issuer: 'Bộ Nội vụ' });
	});

	it('gives eleven days off a year, the Labour Code’s (art. 112), once swaps are netted', () => {
		// 2025: 1/1, 27–31/1 (5), 7/4, 30/4, 1/5, 2/5, 1/9, 2/9 = 12 weekdays off; 26/4 worked: 12 − 1 = 11
		// 2026: 1/1, 2/1, 16–20/2 (5), 27/4, 30/4, 1/5, 31/8, 1/9, 2/9 = 13; 10/1 and 22/8 worked: 13 − 2 = 11
		// 2027 (computed): 1/1, 4/2, 5/2, 8–10/2, 16/4, 30/4, 3/5 (1/5 is a Saturday), 2/9, 3/9 = 11
		for (const [year, rows] of [[2025, HOLIDAYS_2025], [2026, HOLIDAYS_2026], [2027, HOLIDAYS_2027]] as const) {
			const weekdaysOff = rows.filter((r) => r.kind === 'holiday' && ![0, 6].includes(dayOfWeek(r.day))).length;
			const saturdaysWorked = rows.filter((r) => r.kind === 'workday').length;
			expect(weekdaysOff - saturdaysWorked, String(year)).toBe(11);
		}
	});
});

describe('a year without a notice (2027): computed from the Labour Code and the lunar calendar', () => {
	it('arranges the five Tết days as the 2025 and 2026 notices did', () => {
		expect(provisionalTetDays(2025)).toEqual(span('2025-01-27', '2025-01-31')); // mùng 1 Wed 29/1
		expect(provisionalTetDays(2026)).toEqual(span('2026-02-16', '2026-02-20')); // mùng 1 Tue 17/2
		// mùng 1 Sat 6/2/2027: two weekdays before (Thu 4, Fri 5), three after (Mon 8 – Wed 10)
		expect(provisionalTetDays(2027)).toEqual(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']);
	});

	it('marks every day the Government has still to decide as provisional, and cites the Code for the fixed dates', () => {
		expect(cited(HOLIDAYS_2027)).toEqual({
			...pin('labourCodeHolidays', 'holiday', ['2027-01-01', '2027-04-30', '2027-05-01', '2027-09-02']),
			...pin('calendarComputed', 'holiday', [...span('2027-02-04', '2027-02-10'), '2027-04-16', '2027-05-03', '2027-09-03'])
		});
		expect(BUILT_IN_NOTICES.find((n) => n.id === 'calendarComputed')?.status).toBe('provisional');
	});
});

describe('deadlines on the cited calendar', () => {
	it('15 working days from Monday 10/2/2025 fall on Monday 3/3/2025 (Saturday 15/2 is not worked)', () => {
		// Tue 11 (1), Wed 12 (2), Thu 13 (3), Fri 14 (4), Mon 17 (5) … Fri 21 (9),
		// Mon 24 (10) … Fri 28 (14), Mon 3/3 (15). With 15/2 worked it was Fri 28/2.
		expect(addWorkingDays(vn('2025-02-10T09:00:00'), 15, cal)).toEqual(vn('2025-03-03T17:00:00'));
		expect(workingDaysBetween(vn('2025-02-10T09:00:00'), vn('2025-03-03T17:00:00'), cal)).toBe(15);
	});

	it('counts Saturday 10/1/2026 as a working day and Friday 2/1/2026 as a day off', () => {
		// Fri 9/1: Sat 10/1 (1), Mon 12 (2) … Fri 16 (6), Mon 19 (7), Tue 20 (8), Wed 21 (9), Thu 22 (10)
		expect(addWorkingDays(vn('2026-01-09T10:00:00'), 10, cal)).toEqual(vn('2026-01-22T17:00:00'));
		// Wed 31/12/2025: Thu 1/1 and Fri 2/1 off, the weekend, Mon 5/1 (1)
		expect(addWorkingDays(vn('2025-12-31T10:00:00'), 1, cal)).toEqual(vn('2026-01-05T17:00:00'));
		// a dossier due Fri 9/1 returned Mon 12/1 is two working days late: Sat 10/1 and Mon 12/1
		expect(workingDaysBetween(vn('2026-01-09T17:00:00'), vn('2026-01-12T09:00:00'), cal)).toBe(2);
	});

	it('skips Tết 2026 and crosses the National Day swap of 2026', () => {
		// Wed 11/2: Thu 12 (1), Fri 13 (2), 14–22/2 off, Mon 23 (3), Tue 24 (4), Wed 25 (5)
		expect(addWorkingDays(vn('2026-02-11T10:00:00'), 5, cal)).toEqual(vn('2026-02-25T17:00:00'));
		// Thu 20/8: Fri 21 (1), Sat 22 worked (2), Mon 24 (3)
		expect(addWorkingDays(vn('2026-08-20T10:00:00'), 3, cal)).toEqual(vn('2026-08-24T17:00:00'));
		// Fri 28/8: 29/8 – 2/9 off (31/8 swapped), Thu 3/9 (1), Fri 4/9 (2)
		expect(addWorkingDays(vn('2026-08-28T10:00:00'), 2, cal)).toEqual(vn('2026-09-04T17:00:00'));
		// a 15-working-day complaint filed Mon 9/2/2026: Tue 10 (1) … Fri 13 (4), Mon 23/2 (5) … Fri 27 (9),
		// Mon 2/3 (10) … Fri 6/3 (14), Mon 9/3 (15)
		expect(addWorkingDays(vn('2026-02-09T10:00:00'), 15, cal)).toEqual(vn('2026-03-09T17:00:00'));
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
	let adminId: number;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		const [u] = await h.rows<{ id: number }>(sql`insert into users (username, display_name, password_hash) values ('lich', 'Quản trị lịch', 'x') returning id`);
		adminId = Number(u.id);
	});
	afterAll(async () => h?.close());

	it('brings the rows shipped without sources into line: sourced, Saturday 15/2/2025 gone, an administrator’s own day kept', async () => {
		// the table as an earlier release left it, plus a day an administrator added by hand
		await h.db.insert(calendarDays).values([
			...UNSOURCED_BUILT_IN_ROWS.map((r) => ({ ...r, nameEn: null })),
			{ day: '2026-12-24', kind: 'holiday', nameVi: 'Nghỉ theo quyết định của tỉnh' }
		]);
		const first = await syncBuiltInCalendar(h);
		expect(first.removed).toEqual(['2025-02-15']);
		expect(first.added).toContain('2026-01-10');
		expect(first.added).toContain('2026-08-22');
		const loaded = await loadCalendar(h);
		expect(loaded.has('2025-02-15')).toBe(false);
		expect(loaded.get('2026-01-10')).toBe('workday');
		expect(loaded.get('2026-12-24')).toBe('holiday');
		const stored = await h.db.select().from(calendarDays);
		expect(stored.length).toBe(VIETNAM_CALENDAR_DAYS.length + 1);
		expect(stored.filter((r) => r.source === null).map((r) => r.day)).toEqual(['2026-12-24']);
		const [entry] = await h.rows<{ detail: { removed: string[] } }>(sql`select detail from audit_log where action = 'calendar.sync'`);
		expect(entry.detail.removed).toEqual(['2025-02-15']);
		// a second start changes nothing
		expect(await syncBuiltInCalendar(h)).toEqual({ added: [], changed: [], removed: [] });
		expect(await seedCalendar(h)).toBe(0);
	});

	it('shows each day with the notice it cites', async () => {
		const days = await calendarYear(h, 2026);
		expect(days.find((d) => d.day === '2026-01-10')).toMatchObject({ kind: 'workday', document: 'Công văn 12729/VPCP-KGVX (Văn phòng Chính phủ)', issued: '2025-12-25', status: 'unconfirmed' });
		expect(days.find((d) => d.day === '2026-04-30')).toMatchObject({ source: 'labourCodeHolidays', status: 'confirmed' });
	});

	// A hypothetical 2027 notice (no real one was known when this was written): Tết Fri 5/2 – Thu 11/2
	// with Saturday 20/2 worked in exchange.
	const notice2027: NoticeInput = {
		year: 2027,
		document: 'Thông báo 1234/TB-BNV',
		issuer: 'Bộ Nội vụ',
		issued: '2026-10-15',
		note: '',
		daysOff: [{ from: '2027-02-05', to: '2027-02-11', nameVi: 'Tết Nguyên đán Đinh Mùi', nameEn: 'Tết 2027', occasion: 'tet' }],
		daysWorked: [{ day: '2027-02-20', nameVi: 'Làm bù', nameEn: 'Working Saturday', occasion: 'tet' }]
	};

	it('enters a year’s notice: its days replace the provisional Tết, the rest of 2027 stays provisional, one audit entry', async () => {
		const deadline = async () => addWorkingDays(vn('2027-02-03T10:00:00'), 2, await loadCalendar(h));
		// provisional: Wed 3/2, Thu 4/2 off … Wed 10/2 off, Thu 11/2 (1), Fri 12/2 (2)
		expect(await deadline()).toEqual(vn('2027-02-12T17:00:00'));

		const preview = await previewNotice(h, notice2027);
		expect(preview.ok).toBe(true);
		if (!preview.ok) return;
		const changes = Object.fromEntries(preview.changes.map((c) => [c.day, c.change]));
		expect(changes).toEqual({
			'2027-02-04': 'removed', // provisional Tết day the notice does not keep
			...Object.fromEntries(span('2027-02-05', '2027-02-10').map((d) => [d, 'replaced'])),
			'2027-02-11': 'added',
			'2027-02-20': 'added'
		});
		expect(await h.rows(sql`select 1 from calendar_notices where built_in = false`)).toHaveLength(0); // a preview writes nothing

		const entered = await enterNotice(h, notice2027, { userId: adminId, ip: '10.0.0.1' });
		expect(entered).toMatchObject({ ok: true, id: noticeId(notice2027) });
		const days = await calendarYear(h, 2027);
		const byDay = new Map(days.map((d) => [d.day, d]));
		expect(byDay.has('2027-02-04')).toBe(false);
		expect(byDay.get('2027-02-11')).toMatchObject({ kind: 'holiday', document: 'Thông báo 1234/TB-BNV', issued: '2026-10-15', status: 'confirmed' });
		expect(byDay.get('2027-02-20')).toMatchObject({ kind: 'workday', status: 'confirmed' });
		expect(days.filter((d) => d.day.startsWith('2027-02')).every((d) => d.status === 'confirmed')).toBe(true);
		expect(byDay.get('2027-04-16')).toMatchObject({ status: 'provisional' }); // Giỗ Tổ: not in this notice
		expect(byDay.get('2027-01-01')).toMatchObject({ source: 'labourCodeHolidays' });

		// the next deadline reads the new calendar: Wed 3/2: Thu 4/2 (1), 5–11/2 off, Fri 12/2 (2)
		expect(await deadline()).toEqual(vn('2027-02-12T17:00:00'));
		expect(addWorkingDays(vn('2027-02-03T10:00:00'), 1, await loadCalendar(h))).toEqual(vn('2027-02-04T17:00:00'));
		expect(isWorkingDay('2027-02-20', await loadCalendar(h))).toBe(true);

		const audits = await h.db.select().from(auditLog).where(sql`action = 'calendar.notice'`);
		expect(audits).toHaveLength(1);
		expect(audits[0]).toMatchObject({ actorUserId: adminId, targetType: 'calendar_notice', targetId: noticeId(notice2027), ip: '10.0.0.1' });
		expect(audits[0].detail).toMatchObject({ year: 2027, daysWorked: ['2027-02-20'], added: ['2027-02-11', '2027-02-20'], removed: [{ day: '2027-02-04', source: 'calendarComputed' }] });

		// a restart does not bring the provisional Tết back
		expect(await syncBuiltInCalendar(h)).toEqual({ added: [], changed: [], removed: [] });
		expect((await loadCalendar(h)).has('2027-02-04')).toBe(false);
	});

	it('replaces its own earlier entry when the same notice is entered again', async () => {
		const corrected = { ...notice2027, daysWorked: [] };
		const again = await enterNotice(h, corrected, { userId: adminId });
		expect(again.ok && again.changes.filter((c) => c.change === 'removed').map((c) => c.day)).toEqual(['2027-02-20']);
		expect((await loadCalendar(h)).has('2027-02-20')).toBe(false);
		expect(await h.db.select().from(calendarNotices).where(sql`built_in = false`)).toHaveLength(1);
	});

	it('refuses a working day on a weekday, a day outside the year and a day named twice, writing nothing', async () => {
		const before = await h.rows(sql`select day::text, kind, source from calendar_days order by day`);
		const auditsBefore = (await h.rows(sql`select id from audit_log`)).length;
		const bad: NoticeInput = {
			...notice2027,
			document: 'Thông báo 9999/TB-BNV',
			daysOff: [
				{ from: '2027-09-01', to: '2027-09-03', nameVi: 'Quốc khánh', nameEn: '', occasion: 'national_day' },
				{ from: '2027-09-03', to: '2027-09-03', nameVi: 'Trùng', nameEn: '', occasion: 'national_day' },
				{ from: '2027-12-31', to: '2028-01-01', nameVi: 'Sang năm sau', nameEn: '', occasion: 'new_year' }
			],
			daysWorked: [{ day: '2027-09-08', nameVi: 'Làm bù thứ Tư', nameEn: '', occasion: 'national_day' }]
		};
		const refused = await enterNotice(h, bad, { userId: adminId });
		expect(refused.ok).toBe(false);
		if (refused.ok) return;
		expect(refused.problems.map((p) => `${p.field} ${p.key}`).sort()).toEqual([
			'off.1 calendar.notice.error.twice',
			'off.2 calendar.notice.error.year',
			'work.0 calendar.notice.error.workdayWeekday'
		]);
		expect(await h.rows(sql`select day::text, kind, source from calendar_days order by day`)).toEqual(before);
		expect(await h.rows(sql`select id from audit_log`)).toHaveLength(auditsBefore);
		expect(await h.rows(sql`select 1 from calendar_notices where id = ${noticeId(bad)}`)).toHaveLength(0);
	});
});
