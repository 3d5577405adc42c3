import { sql, type SQL } from 'drizzle-orm';
import { check, customType, timestamp } from 'drizzle-orm/pg-core';

/** A timestamptz column read and written as a JS Date. */
export const tstz = () => timestamp({ withTimezone: true, mode: 'date' });

/** CHECK (column IN (...)) for a text column holding one of a fixed set of values. */
export function oneOf(name: string, column: string, values: readonly string[]) {
	const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
	return check(name, sql.raw(`"${column}" IN (${list})`) as SQL);
}

/** A bytea column read and written as a Buffer (officers' photos). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v))
});
