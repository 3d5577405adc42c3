import { describe, expect, it } from 'vitest';
import { buildCalendar, localTime } from '../calendar';
import { ASSUMED_2026 } from '../complaints/calendar-2026.fixture';
import { apologyStatus, APOLOGY_RULE, checkSlips, lateWithoutOnTimeSlip, slipDeadlineDay } from './apology';

/** The 2026 calendar the complaint-regime fixtures state (Tết Sat 14/2 – Sun 22/2, the swap days). */
const cal = buildCalendar(ASSUMED_2026);
const at = (day: string, hour: number) => localTime(day, hour);

describe('the Phiếu xin lỗi và hẹn lại ngày trả kết quả: timing', () => {
	it('the rule: at least one working day before the due day, one re-appointment', () => {
		expect(APOLOGY_RULE).toMatchObject({ leadWorkingDays: 1, maxReappointments: 1, rule: 'nd118Apology', form: 'apologySlipForm' });
	});

	it('due Mon 23/2/2026 (first day after Tết): the slip is due by Fri 13/2, the last working day before the break', () => {
		const due = at('2026-02-23', 17);
		expect(slipDeadlineDay(due, cal)).toBe('2026-02-13');
		expect(apologyStatus(due, at('2026-02-13', 16), cal)).toBe('on_time');
		// issued during Tết (Sat 21/2) or on the due day: late
		expect(apologyStatus(due, at('2026-02-21', 10), cal)).toBe('late');
		expect(apologyStatus(due, at('2026-02-23', 8), cal)).toBe('late');
		expect(lateWithoutOnTimeSlip(due, at('2026-02-23', 8), cal)).toBe(true);
		expect(lateWithoutOnTimeSlip(due, null, cal)).toBe(true);
	});

	it('due Mon 12/1/2026: the worked Saturday 10/1 is the day before; due Mon 5/1: back past the swap day 2/1 and New Year to Wed 31/12/2025', () => {
		expect(slipDeadlineDay(at('2026-01-12', 17), cal)).toBe('2026-01-10');
		expect(apologyStatus(at('2026-01-12', 17), at('2026-01-10', 11), cal)).toBe('on_time');
		expect(apologyStatus(at('2026-01-12', 17), at('2026-01-11', 11), cal)).toBe('late');
		expect(slipDeadlineDay(at('2026-01-05', 17), cal)).toBe('2025-12-31');
	});

	it('an ordinary week: due Fri 6/3/2026 → by Thu 5/3, any hour of that day (Vietnam time)', () => {
		expect(apologyStatus(at('2026-03-06', 17), at('2026-03-05', 23), cal)).toBe('on_time');
		// 5/3 23:30 in Vietnam is 16:30 UTC the same day; 6/3 00:30 in Vietnam is still 5/3 in UTC, and late
		expect(apologyStatus(at('2026-03-06', 17), new Date('2026-03-05T17:30:00Z'), cal)).toBe('late');
	});
});

describe('re-appointments', () => {
	const due = at('2026-02-23', 17);
	const slip = (id: number, issued: Date, newDue: Date | null) => ({ id, number: `${id}/PXL`, issuedAt: issued, newDueAt: newDue });

	it('one slip in time: no flag', () => {
		const [first] = checkSlips(due, [slip(1, at('2026-02-12', 9), at('2026-03-06', 17))], cal);
		expect(first).toMatchObject({ reappointment: 1, deadlineDay: '2026-02-13', flags: [] });
	});

	it('a second slip is flagged even in time; it is timed against the first slip’s new date', () => {
		const checked = checkSlips(
			due,
			[
				// listed out of order: the rule reads them in the order issued
				slip(2, at('2026-03-04', 9), at('2026-03-13', 17)),
				slip(1, at('2026-02-12', 9), at('2026-03-06', 17))
			],
			cal
		);
		expect(checked.map((c) => [c.id, c.reappointment, c.deadlineDay, c.flags])).toEqual([
			[1, 1, '2026-02-13', []],
			// moves the appointment of Fri 6/3: due by Thu 5/3; issued Wed 4/3 → in time, but a second re-appointment
			[2, 2, '2026-03-05', ['repeat']]
		]);
		expect(checked[1].replacesDueAt).toEqual(at('2026-03-06', 17));
	});

	it('a late first slip and a late second one carry both flags', () => {
		const checked = checkSlips(due, [slip(1, at('2026-02-23', 9), at('2026-03-06', 17)), slip(2, at('2026-03-06', 9), null)], cal);
		expect(checked.map((c) => c.flags)).toEqual([['late'], ['late', 'repeat']]);
	});
});
