import { HOLIDAYS_2026, type CalendarDayRow } from '../calendar';

/**
 * The 2026 calendar the complaint and apology fixtures run on: the cited calendar data itself
 * (calendar/holidays.ts). Their hand-worked dates assume exactly these exceptions to the
 * Monday–Friday week, which regimes.test.ts checks against the data:
 * - New Year: Thu 1/1 off, and the swap Fri 2/1 off / Sat 10/1 worked;
 * - Tết Bính Ngọ: Sat 14/2 – Sun 22/2 off (weekdays Mon 16 – Fri 20/2);
 * - Hùng Kings: Sun 26/4 with Mon 27/4 in lieu; Thu 30/4, Fri 1/5 off;
 * - National Day: the swap Mon 31/8 off / Sat 22/8 worked; Tue 1/9 and Wed 2/9 off.
 */
export const ASSUMED_2026: readonly CalendarDayRow[] = HOLIDAYS_2026;

export const ASSUMED_WEEKDAYS_OFF = ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02'];
export const ASSUMED_SATURDAYS_WORKED = ['2026-01-10', '2026-08-22'];
