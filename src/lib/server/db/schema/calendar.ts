import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { oneOf, tstz } from './common';
import { users } from './people';

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
/** The holiday a day belongs to: a notice replaces the provisional days of the occasions it covers. */
export const CALENDAR_OCCASIONS = ['new_year', 'tet', 'hung_kings', 'april_may', 'national_day', 'other'] as const;
/** confirmed: read from the notice itself; unconfirmed: from a secondary source; provisional: computed. */
export const CALENDAR_NOTICE_STATUSES = ['confirmed', 'unconfirmed', 'provisional'] as const;

/**
 * The documents the working-day calendar comes from: the built-in ones (legal/sources.ts, kept in
 * step at start-up) and the notices administrators enter, one per document.
 */
export const calendarNotices = pgTable(
	'calendar_notices',
	{
		id: text().primaryKey(),
		/** As cited: number and kind of document, e.g. "Thông báo 9441/TB-BNV". */
		document: text().notNull(),
		issuer: text().notNull(),
		issued: date({ mode: 'string' }).notNull(),
		status: text().notNull(),
		note: text(),
		builtIn: boolean().notNull().default(false),
		enteredBy: integer().references(() => users.id),
		enteredAt: tstz().notNull().defaultNow()
	},
	() => [oneOf('calendar_notices_status_check', 'status', CALENDAR_NOTICE_STATUSES)]
);

/**
 * Exceptions to the Monday–Friday working week: public holidays (including Tết and the Hùng
 * Kings' day, which follow the lunar calendar) and swapped working Saturdays, each naming the
 * notice it comes from. `source` is null only on rows entered before notices were recorded
 * (shown as "no source" until a notice covers the day).
 */
export const calendarDays = pgTable(
	'calendar_days',
	{
		day: date({ mode: 'string' }).primaryKey(),
		kind: text().notNull(),
		nameVi: text().notNull(),
		nameEn: text(),
		source: text().references(() => calendarNotices.id),
		occasion: text()
	},
	(t) => [
		oneOf('calendar_days_kind_check', 'kind', CALENDAR_DAY_KINDS),
		check('calendar_days_occasion_check', sql.raw(`"occasion" IS NULL OR "occasion" IN (${CALENDAR_OCCASIONS.map((o) => `'${o}'`).join(', ')})`)),
		index('calendar_days_source_idx').on(t.source)
	]
);

export type CalendarNoticeRow = typeof calendarNotices.$inferSelect;
export type CalendarDay = typeof calendarDays.$inferSelect;
export type NewCalendarDay = typeof calendarDays.$inferInsert;
