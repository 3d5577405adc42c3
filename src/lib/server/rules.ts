/**
 * Rule constants that both the TypeScript code and the database functions use, defined once.
 * The current-state SQL files (src/lib/server/db/sql/*.sql) name them as `{{NAME}}` and get
 * these values written in at start-up (db/current-state.ts); TypeScript imports them. Changing
 * one here changes the database functions on the next start, and the detectors with them.
 */

/** Vietnam's time zone: local dates and working days are Vietnam's (no daylight saving, UTC+7). */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Vietnam's offset from UTC, the same all year (no daylight saving since 1975). */
export const VIETNAM_UTC_OFFSET_HOURS = 7;
export const VIETNAM_UTC_OFFSET_MINUTES = VIETNAM_UTC_OFFSET_HOURS * 60;
export const VIETNAM_UTC_OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * 60_000;

/**
 * Centres' office hours, local minutes since midnight: open from 07:00, shut from 17:30. The
 * out-of-hours detector (flags/detectors.ts) reads them, and the rating marks (rating-marks.sql)
 * mark the ratings outside them as candidates.
 */
export const OFFICE_HOURS = { openMinute: 7 * 60, closeMinute: 17 * 60 + 30 } as const;

/** Two presses of one device this close together are a burst (flags/detectors.ts, rating-marks.sql). */
export const BURST_WINDOW_MS = 10_000;

/** The same two as SQL interval literals, for queries written in TypeScript. */
export const SQL_VIETNAM_OFFSET = `interval '${VIETNAM_UTC_OFFSET_HOURS} hours'`;
export const SQL_BURST_WINDOW = `interval '${BURST_WINDOW_MS / 1000} seconds'`;

/** Constants available to the SQL files, by the name they are written under there. */
export const SQL_CONSTANTS: Record<string, string | number> = {
	TIME_ZONE: `'${TIME_ZONE}'`,
	VIETNAM_OFFSET_HOURS: VIETNAM_UTC_OFFSET_HOURS,
	OFFICE_OPEN_MINUTE: OFFICE_HOURS.openMinute,
	/** The last whole minute the office is open (hl_off_hours compares whole minutes). */
	OFFICE_LAST_MINUTE: OFFICE_HOURS.closeMinute - 1,
	BURST_WINDOW_SECONDS: BURST_WINDOW_MS / 1000
};
