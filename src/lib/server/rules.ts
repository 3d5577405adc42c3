/**
 * Rule constants that both the TypeScript code and the database functions use, defined once.
 * The current-state SQL files (src/lib/server/db/sql/*.sql) name them as `{{NAME}}` and get
 * these values written in at start-up (db/current-state.ts); TypeScript imports them.
 */

/** Vietnam's time zone: local dates and working days are Vietnam's (no daylight saving, UTC+7). */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Constants available to the SQL files, by the name they are written under there. */
export const SQL_CONSTANTS: Record<string, string | number> = {
	TIME_ZONE: `'${TIME_ZONE}'`
};
