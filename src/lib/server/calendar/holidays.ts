/**
 * Public holidays and compensating working days in Vietnam, 2025–2027, as rows of the
 * `calendar_days` table. Weekends need no rows: only exceptions to the Monday–Friday week.
 *
 * Sources: Labour Code 2019 art. 112 (holidays, with a compensating day off when a holiday
 * falls on a weekend) and the Government's yearly announcements for public servants. Dates the
 * Government had not announced when this was written are marked "dự kiến" (provisional); an
 * administrator edits the table when the official schedule appears.
 */

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDayRow {
	/** Vietnam local date, YYYY-MM-DD. */
	day: string;
	kind: CalendarDayKind;
	nameVi: string;
	nameEn: string;
}

function holiday(day: string, nameVi: string, nameEn: string): CalendarDayRow {
	return { day, kind: 'holiday', nameVi, nameEn };
}

function workday(day: string, nameVi: string, nameEn: string): CalendarDayRow {
	return { day, kind: 'workday', nameVi, nameEn };
}

/** Every day from `first` to `last` inclusive (both YYYY-MM-DD) as holiday rows of one break. */
function holidayBreak(
	first: string,
	last: string,
	nameVi: string,
	nameEn: string
): CalendarDayRow[] {
	const rows: CalendarDayRow[] = [];
	for (
		let t = Date.parse(first + 'T00:00:00Z');
		t <= Date.parse(last + 'T00:00:00Z');
		t += 86_400_000
	) {
		rows.push(holiday(new Date(t).toISOString().slice(0, 10), nameVi, nameEn));
	}
	return rows;
}

const TET_VI = 'Tết Nguyên đán';
const TET_EN = 'Lunar New Year (Tết)';

export const HOLIDAYS_2025: CalendarDayRow[] = [
	holiday('2025-01-01', 'Tết Dương lịch', "New Year's Day"),
	// Official break Sat 25/1 – Sun 2/2/2025 (9 days).
	...holidayBreak('2025-01-25', '2025-02-02', `${TET_VI} Ất Tỵ`, `${TET_EN} 2025`),
	workday('2025-02-15', 'Làm bù cho ngày nghỉ Tết Nguyên đán', 'Make-up working Saturday for Tết'),
	holiday('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', "Hung Kings' Commemoration Day"),
	// 30/4 (Wed) and 1/5 (Thu); Friday 2/5 swapped with Saturday 26/4 for a five-day break.
	workday('2025-04-26', 'Làm bù cho ngày nghỉ hoán đổi 2/5', 'Make-up working Saturday for 2 May'),
	holiday('2025-04-30', 'Ngày Chiến thắng (30/4)', 'Reunification Day'),
	holiday('2025-05-01', 'Ngày Quốc tế Lao động (1/5)', 'International Labour Day'),
	holiday(
		'2025-05-02',
		'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)',
		'Swapped day off (worked on Saturday 26 April)'
	),
	holiday('2025-09-01', 'Quốc khánh (nghỉ liền kề)', 'National Day (adjacent day)'),
	holiday('2025-09-02', 'Quốc khánh (2/9)', 'National Day')
];

export const HOLIDAYS_2026: CalendarDayRow[] = [
	holiday('2026-01-01', 'Tết Dương lịch', "New Year's Day"),
	// Official break Sat 14/2 – Sun 22/2/2026 (lunar new year Tue 17/2).
	...holidayBreak('2026-02-14', '2026-02-22', `${TET_VI} Bính Ngọ`, `${TET_EN} 2026`),
	// 10/3 lunar falls on Sunday 26/4: the compensating day off is Monday 27/4.
	holiday('2026-04-26', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', "Hung Kings' Commemoration Day"),
	holiday('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', "Compensating day off for Hung Kings' Day"),
	holiday('2026-04-30', 'Ngày Chiến thắng (30/4)', 'Reunification Day'),
	holiday('2026-05-01', 'Ngày Quốc tế Lao động (1/5)', 'International Labour Day'),
	// 2/9 is a Wednesday; the adjacent day chosen here is Tuesday 1/9.
	holiday('2026-09-01', 'Quốc khánh (nghỉ liền kề)', 'National Day (adjacent day)'),
	holiday('2026-09-02', 'Quốc khánh (2/9)', 'National Day')
];

export const HOLIDAYS_2027: CalendarDayRow[] = [
	holiday('2027-01-01', 'Tết Dương lịch', "New Year's Day"),
	// Lunar new year Sat 6/2/2027. Provisional break Thu 4/2 – Wed 10/2: five weekdays, the
	// statutory five days, from the last two days of the old year to the fifth of the new.
	...holidayBreak(
		'2027-02-04',
		'2027-02-10',
		`${TET_VI} Đinh Mùi (dự kiến)`,
		`${TET_EN} 2027 (provisional)`
	),
	holiday('2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', "Hung Kings' Commemoration Day"),
	holiday('2027-04-30', 'Ngày Chiến thắng (30/4)', 'Reunification Day'),
	// 1/5 falls on Saturday: compensating day off Monday 3/5.
	holiday('2027-05-01', 'Ngày Quốc tế Lao động (1/5)', 'International Labour Day'),
	holiday(
		'2027-05-03',
		'Nghỉ bù Ngày Quốc tế Lao động (dự kiến)',
		'Compensating day off for Labour Day (provisional)'
	),
	// 2/9 is a Thursday; the adjacent day is assumed to be Friday 3/9, making a long weekend.
	holiday('2027-09-02', 'Quốc khánh (2/9)', 'National Day'),
	holiday(
		'2027-09-03',
		'Quốc khánh (nghỉ liền kề, dự kiến)',
		'National Day (adjacent day, provisional)'
	)
];

export const VIETNAM_CALENDAR_DAYS: CalendarDayRow[] = [
	...HOLIDAYS_2025,
	...HOLIDAYS_2026,
	...HOLIDAYS_2027
];
