import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/client';
import { calendarDays } from '../db/schema';
import { VIETNAM_CALENDAR_DAYS, type CalendarDayRow } from './holidays';
import { buildCalendar, type WorkCalendar } from './working-days';

/** The working-day calendar as stored (administrators may have edited it). */
export async function loadCalendar(h: DatabaseHandle): Promise<WorkCalendar> {
	const rows = await h.rows<{ day: string; kind: string }>(
		sql`select day::text as day, kind from calendar_days`
	);
	return buildCalendar(rows);
}

/** Inserts the built-in holiday rows; days already present (possibly edited) are kept. */
export async function seedCalendar(
	h: DatabaseHandle,
	rows: CalendarDayRow[] = VIETNAM_CALENDAR_DAYS
): Promise<number> {
	if (rows.length === 0) return 0;
	const inserted = await h.db
		.insert(calendarDays)
		.values(rows)
		.onConflictDoNothing()
		.returning({ day: calendarDays.day });
	return inserted.length;
}
