import type { CalendarDayRow } from '../calendar';

/**
 * The 2026 calendar these fixtures assume, written out here so the test does not depend on the
 * calendar data (which another change is checking against the notices):
 * - New Year: Thu 1/1 off, and the swap Fri 2/1 off / Sat 10/1 worked;
 * - Tết Bính Ngọ: Sat 14/2 – Sun 22/2 off;
 * - Hùng Kings: Sun 26/4 with Mon 27/4 in lieu; Thu 30/4, Fri 1/5 off;
 * - National Day: the swap Mon 31/8 off / Sat 22/8 worked; Tue 1/9 and Wed 2/9 off.
 * Weekdays of 2026: 1/1 is a Thursday, so 14/2, 10/1, 22/8 and 25/4 are Saturdays.
 */
const off = (day: string): CalendarDayRow => ({ day, kind: 'holiday', nameVi: 'Nghỉ (giả định của bài kiểm thử)', nameEn: 'Day off (assumed by the test)' });
const worked = (day: string): CalendarDayRow => ({ day, kind: 'workday', nameVi: 'Làm bù (giả định của bài kiểm thử)', nameEn: 'Worked day (assumed by the test)' });
export const ASSUMED_2026: CalendarDayRow[] = [
	off('2026-01-01'),
	off('2026-01-02'),
	worked('2026-01-10'),
	...['14', '15', '16', '17', '18', '19', '20', '21', '22'].map((d) => off(`2026-02-${d}`)),
	off('2026-04-26'),
	off('2026-04-27'),
	off('2026-04-30'),
	off('2026-05-01'),
	worked('2026-08-22'),
	off('2026-08-31'),
	off('2026-09-01'),
	off('2026-09-02')
];
