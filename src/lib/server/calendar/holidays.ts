/**
 * Public holidays and swapped working days in Vietnam as rows of `calendar_days`, each naming
 * the notice it comes from. Weekends need no rows: only exceptions to the Monday–Friday week
 * (a break's weekend days are listed too, as the notice lists them: harmless to the arithmetic).
 *
 * Sources, all in legal/sources.ts (section "working-day calendar"): the Labour Code 2019,
 * art. 112 (the holidays) and art. 111(3) (a day in lieu), and the notices by which the
 * Government sets each year's Tết and National Day breaks and swaps days for public servants.
 * A year without a notice is computed (`provisionalYear`) and marked provisional; an
 * administrator replaces those rows by entering the year's notice on the calendar page.
 */
import { cite, LEGAL_SOURCES, type SourceId } from '../legal/sources';
import { hungKingsDay, lunarNewYear, lunarYearName } from './lunar';
import { addDays, dayOfWeek } from './working-days';
import { CALENDAR_NOTICE_STATUSES, CALENDAR_OCCASIONS, type CALENDAR_DAY_KINDS } from '../db/schema/calendar';

export { CALENDAR_NOTICE_STATUSES, CALENDAR_OCCASIONS };
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];
export type CalendarOccasion = (typeof CALENDAR_OCCASIONS)[number];
export type CalendarNoticeStatus = (typeof CALENDAR_NOTICE_STATUSES)[number];

export interface CalendarDayRow {
	/** Vietnam local date, YYYY-MM-DD. */
	day: string;
	kind: CalendarDayKind;
	nameVi: string;
	nameEn: string;
	/** Id of the notice (calendar_notices) the row comes from. */
	source: string;
	occasion: CalendarOccasion;
}

export interface CalendarNotice {
	id: string;
	/** As cited: number and kind of document, e.g. "Thông báo 9441/TB-BNV (Bộ Nội vụ)". */
	document: string;
	issuer: string;
	/** YYYY-MM-DD. */
	issued: string;
	status: CalendarNoticeStatus;
	note: string | null;
}

// ---------------------------------------------------------------- built-in notices

const ISSUERS = {
	labourCodeHolidays: 'Quốc hội',
	labourCodeWeeklyRest: 'Quốc hội',
	vpcp8726Holidays2025: 'Văn phòng Chính phủ',
	vpcp12729NewYear2026: 'Văn phòng Chính phủ',
	bnv9441Holidays2026: 'Bộ Nội vụ',
	calendarComputed: 'Phần mềm (tính theo luật)'
} as const satisfies Partial<Record<SourceId, string>>;
export type BuiltInNoticeId = keyof typeof ISSUERS;

/** The computed rows' source: provisional until a notice for their year is entered. */
export const COMPUTED: BuiltInNoticeId = 'calendarComputed';

/** Every notice the built-in rows cite, from legal/sources.ts: the one list a reviewer checks. */
export const BUILT_IN_NOTICES: CalendarNotice[] = (Object.keys(ISSUERS) as BuiltInNoticeId[]).map((id) => ({
	id,
	document: cite(id),
	issuer: ISSUERS[id],
	issued: LEGAL_SOURCES[id].issued,
	status: id === COMPUTED ? 'provisional' : LEGAL_SOURCES[id].status,
	note: LEGAL_SOURCES[id].note ?? null
}));

// ---------------------------------------------------------------- row builders

type Meta = { source: BuiltInNoticeId; occasion: CalendarOccasion };

const off = (day: string, nameVi: string, nameEn: string, m: Meta): CalendarDayRow => ({ day, kind: 'holiday', nameVi, nameEn, ...m });
const worked = (day: string, nameVi: string, nameEn: string, m: Meta): CalendarDayRow => ({ day, kind: 'workday', nameVi, nameEn, ...m });

/** Every day from `first` to `last` inclusive as days off of one break. */
export function breakDays(first: string, last: string, nameVi: string, nameEn: string, m: Meta): CalendarDayRow[] {
	const rows: CalendarDayRow[] = [];
	for (let d = first; d <= last; d = addDays(d, 1)) rows.push(off(d, nameVi, nameEn, m));
	return rows;
}

const tetName = (year: number) => [`Tết Nguyên đán ${lunarYearName(year)}`, `Lunar New Year (Tết) ${year}`] as const;
const NEW_YEAR = ['Tết Dương lịch', "New Year's Day"] as const;
const HUNG_KINGS = ['Giỗ Tổ Hùng Vương (10/3 âm lịch)', "Hung Kings' Commemoration Day (10/3 lunar)"] as const;
const VICTORY = ['Ngày Chiến thắng (30/4)', 'Reunification Day (30 April)'] as const;
const LABOUR = ['Ngày Quốc tế Lao động (1/5)', 'International Labour Day (1 May)'] as const;
const NATIONAL = ['Quốc khánh (2/9)', 'National Day (2 September)'] as const;
const NATIONAL_NEXT = ['Quốc khánh (ngày liền kề)', 'National Day (adjacent day)'] as const;

const law = (occasion: CalendarOccasion): Meta => ({ source: 'labourCodeHolidays', occasion });

// ---------------------------------------------------------------- 2025 and 2026, from the notices

export const HOLIDAYS_2025: CalendarDayRow[] = [
	off('2025-01-01', ...NEW_YEAR, law('new_year')),
	// Sat 25/1 – Sun 2/2: the five Tết days are Mon 27/1 – Fri 31/1, with no make-up day.
	...breakDays('2025-01-25', '2025-02-02', ...tetName(2025), { source: 'vpcp8726Holidays2025', occasion: 'tet' }),
	off('2025-04-07', ...HUNG_KINGS, law('hung_kings')),
	// Wed 30/4 – Sun 4/5: Fri 2/5 off, worked on Sat 26/4.
	worked('2025-04-26', 'Làm bù cho ngày nghỉ thứ Sáu 2/5', 'Working Saturday in exchange for Friday 2 May', { source: 'vpcp8726Holidays2025', occasion: 'april_may' }),
	off('2025-04-30', ...VICTORY, { source: 'vpcp8726Holidays2025', occasion: 'april_may' }),
	off('2025-05-01', ...LABOUR, { source: 'vpcp8726Holidays2025', occasion: 'april_may' }),
	off('2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)', 'Swapped day off (worked on Saturday 26 April)', { source: 'vpcp8726Holidays2025', occasion: 'april_may' }),
	...breakDays('2025-05-03', '2025-05-04', 'Nghỉ lễ 30/4 – 1/5', '30 April – 1 May break', { source: 'vpcp8726Holidays2025', occasion: 'april_may' }),
	// Sat 30/8 – Tue 2/9: Monday 1/9 is the adjacent day.
	...breakDays('2025-08-30', '2025-08-31', 'Nghỉ lễ Quốc khánh', 'National Day break', { source: 'vpcp8726Holidays2025', occasion: 'national_day' }),
	off('2025-09-01', ...NATIONAL_NEXT, { source: 'vpcp8726Holidays2025', occasion: 'national_day' }),
	off('2025-09-02', ...NATIONAL, { source: 'vpcp8726Holidays2025', occasion: 'national_day' })
];

export const HOLIDAYS_2026: CalendarDayRow[] = [
	// Thu 1/1 – Sun 4/1: Fri 2/1 off, worked on Sat 10/1.
	off('2026-01-01', ...NEW_YEAR, { source: 'vpcp12729NewYear2026', occasion: 'new_year' }),
	off('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/1)', 'Swapped day off (worked on Saturday 10 January)', { source: 'vpcp12729NewYear2026', occasion: 'new_year' }),
	...breakDays('2026-01-03', '2026-01-04', 'Nghỉ Tết Dương lịch', 'New Year break', { source: 'vpcp12729NewYear2026', occasion: 'new_year' }),
	worked('2026-01-10', 'Làm bù cho ngày nghỉ thứ Sáu 2/1', 'Working Saturday in exchange for Friday 2 January', { source: 'vpcp12729NewYear2026', occasion: 'new_year' }),
	// Sat 14/2 – Sun 22/2: the five Tết days are Mon 16/2 – Fri 20/2 (lunar new year Tue 17/2).
	...breakDays('2026-02-14', '2026-02-22', ...tetName(2026), { source: 'bnv9441Holidays2026', occasion: 'tet' }),
	// 10/3 lunar is Sunday 26/4: the day in lieu is Monday 27/4.
	off('2026-04-26', ...HUNG_KINGS, law('hung_kings')),
	off('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương', "Day in lieu for Hung Kings' Day", { source: 'labourCodeWeeklyRest', occasion: 'hung_kings' }),
	off('2026-04-30', ...VICTORY, law('april_may')),
	off('2026-05-01', ...LABOUR, law('april_may')),
	// Sat 29/8 – Wed 2/9: Tuesday 1/9 is the adjacent day, Monday 31/8 off, worked on Sat 22/8.
	worked('2026-08-22', 'Làm bù cho ngày nghỉ thứ Hai 31/8', 'Working Saturday in exchange for Monday 31 August', { source: 'bnv9441Holidays2026', occasion: 'national_day' }),
	...breakDays('2026-08-29', '2026-08-30', 'Nghỉ lễ Quốc khánh', 'National Day break', { source: 'bnv9441Holidays2026', occasion: 'national_day' }),
	off('2026-08-31', 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8)', 'Swapped day off (worked on Saturday 22 August)', { source: 'bnv9441Holidays2026', occasion: 'national_day' }),
	off('2026-09-01', ...NATIONAL_NEXT, { source: 'bnv9441Holidays2026', occasion: 'national_day' }),
	off('2026-09-02', ...NATIONAL, { source: 'bnv9441Holidays2026', occasion: 'national_day' })
];

// ---------------------------------------------------------------- a year without a notice

const isWeekend = (day: string) => dayOfWeek(day) === 0 || dayOfWeek(day) === 6;

/**
 * The five Tết days as the recent notices arranged them: when the lunar new year falls on a
 * weekday, the Monday–Friday week holding it (2025, 2026); on a weekend, the two weekdays before
 * and the three after (as proposed for 2024, lunar new year Saturday 10/02/2024). The break runs
 * from the weekend before to the weekend after the five days.
 */
export function provisionalTetDays(year: number): string[] {
	const newYear = lunarNewYear(year);
	const dow = dayOfWeek(newYear);
	if (dow >= 1 && dow <= 5) {
		const monday = addDays(newYear, 1 - dow);
		return [0, 1, 2, 3, 4].map((i) => addDays(monday, i));
	}
	const days: string[] = [];
	for (let d = addDays(newYear, -1); days.length < 2; d = addDays(d, -1)) if (!isWeekend(d)) days.unshift(d);
	for (let d = addDays(newYear, 1); days.length < 5; d = addDays(d, 1)) if (!isWeekend(d)) days.push(d);
	return days;
}

/** The day next to 2/9 that the Government usually picks: the one that joins a weekend. */
function nationalDayNeighbour(year: number): string {
	const dow = dayOfWeek(`${year}-09-02`);
	// Mon → Tue 3/9; Tue, Wed, Fri, Sat → 1/9; Thu, Sun → 3/9
	return [1, 4, 0].includes(dow) ? `${year}-09-03` : `${year}-09-01`;
}

/**
 * A year's days off computed from the Labour Code and the lunar calendar, for a year whose
 * notice has not been entered: the fixed-date holidays cite the Code; Tết, Giỗ Tổ, the day next
 * to National Day and the days in lieu are `calendarComputed` (provisional).
 */
export function provisionalYear(year: number): CalendarDayRow[] {
	const computed = (occasion: CalendarOccasion): Meta => ({ source: COMPUTED, occasion });
	const rows = new Map<string, CalendarDayRow>();
	const add = (r: CalendarDayRow) => {
		if (!rows.has(r.day)) rows.set(r.day, r);
	};
	add(off(`${year}-01-01`, ...NEW_YEAR, law('new_year')));
	const tet = provisionalTetDays(year);
	const [first, last] = [tet[0], tet[4]];
	const from = dayOfWeek(first) === 1 ? addDays(first, -2) : first;
	const to = dayOfWeek(last) === 5 ? addDays(last, 2) : last;
	for (const r of breakDays(from, to, ...tetName(year), computed('tet'))) add(r);
	add(off(hungKingsDay(year), ...HUNG_KINGS, computed('hung_kings')));
	add(off(`${year}-04-30`, ...VICTORY, law('april_may')));
	add(off(`${year}-05-01`, ...LABOUR, law('april_may')));
	add(off(`${year}-09-02`, ...NATIONAL, law('national_day')));
	add(off(nationalDayNeighbour(year), ...NATIONAL_NEXT, computed('national_day')));
	// art. 111(3): a holiday on a Saturday or Sunday gives the next working day off
	const statutory = [...rows.values()].filter((r) => r.occasion !== 'tet' && isWeekend(r.day)).sort((a, b) => a.day.localeCompare(b.day));
	for (const r of statutory) {
		let d = addDays(r.day, 1);
		while (isWeekend(d) || rows.has(d)) d = addDays(d, 1);
		add(off(d, `Nghỉ bù ${r.nameVi}`, `Day in lieu for ${r.nameEn}`, computed(r.occasion)));
	}
	return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day));
}

export const HOLIDAYS_2027: CalendarDayRow[] = provisionalYear(2027);

export const VIETNAM_CALENDAR_DAYS: CalendarDayRow[] = [...HOLIDAYS_2025, ...HOLIDAYS_2026, ...HOLIDAYS_2027];

/**
 * Rows the app once shipped with no source (before issue 14), by day, kind and name: a stored row
 * still exactly like one of these was never edited, so the app may replace it with the sourced
 * row of the same day, or delete it when the built-in data no longer has that day (Saturday
 * 15/02/2025, wrongly a make-up working day). Any other row without a source is an
 * administrator's and is kept.
 */
export const UNSOURCED_BUILT_IN_ROWS: ReadonlyArray<{ day: string; kind: CalendarDayKind; nameVi: string }> = [
	{ day: '2025-01-01', kind: 'holiday', nameVi: 'Tết Dương lịch' },
	...['25', '26', '27', '28', '29', '30', '31'].map((d) => ({ day: `2025-01-${d}`, kind: 'holiday' as const, nameVi: 'Tết Nguyên đán Ất Tỵ' })),
	{ day: '2025-02-01', kind: 'holiday', nameVi: 'Tết Nguyên đán Ất Tỵ' },
	{ day: '2025-02-02', kind: 'holiday', nameVi: 'Tết Nguyên đán Ất Tỵ' },
	{ day: '2025-02-15', kind: 'workday', nameVi: 'Làm bù cho ngày nghỉ Tết Nguyên đán' },
	{ day: '2025-04-07', kind: 'holiday', nameVi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
	{ day: '2025-04-26', kind: 'workday', nameVi: 'Làm bù cho ngày nghỉ hoán đổi 2/5' },
	{ day: '2025-04-30', kind: 'holiday', nameVi: 'Ngày Chiến thắng (30/4)' },
	{ day: '2025-05-01', kind: 'holiday', nameVi: 'Ngày Quốc tế Lao động (1/5)' },
	{ day: '2025-05-02', kind: 'holiday', nameVi: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)' },
	{ day: '2025-09-01', kind: 'holiday', nameVi: 'Quốc khánh (nghỉ liền kề)' },
	{ day: '2025-09-02', kind: 'holiday', nameVi: 'Quốc khánh (2/9)' },
	{ day: '2026-01-01', kind: 'holiday', nameVi: 'Tết Dương lịch' },
	...['14', '15', '16', '17', '18', '19', '20', '21', '22'].map((d) => ({ day: `2026-02-${d}`, kind: 'holiday' as const, nameVi: 'Tết Nguyên đán Bính Ngọ' })),
	{ day: '2026-04-26', kind: 'holiday', nameVi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
	{ day: '2026-04-27', kind: 'holiday', nameVi: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
	{ day: '2026-04-30', kind: 'holiday', nameVi: 'Ngày Chiến thắng (30/4)' },
	{ day: '2026-05-01', kind: 'holiday', nameVi: 'Ngày Quốc tế Lao động (1/5)' },
	{ day: '2026-09-01', kind: 'holiday', nameVi: 'Quốc khánh (nghỉ liền kề)' },
	{ day: '2026-09-02', kind: 'holiday', nameVi: 'Quốc khánh (2/9)' },
	{ day: '2027-01-01', kind: 'holiday', nameVi: 'Tết Dương lịch' },
	...['04', '05', '06', '07', '08', '09', '10'].map((d) => ({ day: `2027-02-${d}`, kind: 'holiday' as const, nameVi: 'Tết Nguyên đán Đinh Mùi (dự kiến)' })),
	{ day: '2027-04-16', kind: 'holiday', nameVi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
	{ day: '2027-04-30', kind: 'holiday', nameVi: 'Ngày Chiến thắng (30/4)' },
	{ day: '2027-05-01', kind: 'holiday', nameVi: 'Ngày Quốc tế Lao động (1/5)' },
	{ day: '2027-05-03', kind: 'holiday', nameVi: 'Nghỉ bù Ngày Quốc tế Lao động (dự kiến)' },
	{ day: '2027-09-02', kind: 'holiday', nameVi: 'Quốc khánh (2/9)' },
	{ day: '2027-09-03', kind: 'holiday', nameVi: 'Quốc khánh (nghỉ liền kề, dự kiến)' }
];
