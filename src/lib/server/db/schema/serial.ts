import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstz } from './common';
import { counters } from './organisation';
import { users } from './people';
import { devices } from './ratings';

/**
 * Bridges: the `scripts/bridge.ts` process on a counter PC that reads button boxes and posts
 * their presses to the device API. An administrator issues a token ("brg_<id>.<secret>"),
 * shown once; only SHA-256 of the secret is stored; revocable. The box's own binding decides
 * the counter a press is for; the bridge's assigned counters (box_bridge_counters) decide
 * whether a press it brings may count at all.
 */
export const boxBridges = pgTable('box_bridges', {
	id: integer().primaryKey().generatedByDefaultAsIdentity(),
	name: text().notNull(),
	secretHash: text().notNull(),
	createdBy: integer().references(() => users.id),
	createdAt: tstz().notNull().defaultNow(),
	lastUsedAt: tstz(),
	lastIp: text(),
	revokedAt: tstz(),
	revokedBy: integer().references(() => users.id)
});

/**
 * The counters an administrator assigned a bridge: a press it posts counts only if the box is
 * bound to one of them at press time; any other is stored uncounted ('bridge_not_assigned').
 * A bridge with none (every bridge created before this table) records nothing counted.
 */
export const boxBridgeCounters = pgTable(
	'box_bridge_counters',
	{
		bridgeId: integer()
			.notNull()
			.references(() => boxBridges.id),
		counterId: integer()
			.notNull()
			.references(() => counters.id),
		assignedAt: tstz().notNull().defaultNow(),
		assignedBy: integer().references(() => users.id)
	},
	(t) => [primaryKey({ columns: [t.bridgeId, t.counterId] })]
);

/**
 * What the host knows about one serial port: the box last seen on it, its last heartbeat, and
 * frame counts. Written by the server's readers and by bridges (bridge_id set) at every HELLO and
 * heartbeat, so "online" is simply "a heartbeat within the last 10 s" (two missed = offline).
 */
export const serialPortStatus = pgTable(
	'serial_port_status',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		/** NULL: a port read by the server itself. */
		bridgeId: integer().references(() => boxBridges.id),
		path: text().notNull(),
		deviceId: integer().references(() => devices.id),
		connected: text().$type<'open' | 'closed'>().notNull().default('closed'),
		boot: bigint({ mode: 'number' }),
		lastSeq: bigint({ mode: 'number' }),
		pending: integer(),
		lastFrameAt: tstz(),
		lastHeartbeatAt: tstz(),
		validFrames: bigint({ mode: 'number' }).notNull().default(0),
		badFrames: bigint({ mode: 'number' }).notNull().default(0),
		/** Bad lines by decode error code (too_long, crc, …), since the port was first seen. */
		badByCode: jsonb().$type<Record<string, number>>().notNull().default({}),
		updatedAt: tstz().notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('serial_port_status_port_key').on(sql`coalesce(${t.bridgeId}, 0)`, t.path),
		index('serial_port_status_device_idx').on(t.deviceId)
	]
);

export type BoxBridge = typeof boxBridges.$inferSelect;
export type NewBoxBridge = typeof boxBridges.$inferInsert;
export type BoxBridgeCounter = typeof boxBridgeCounters.$inferSelect;
export type NewBoxBridgeCounter = typeof boxBridgeCounters.$inferInsert;
export type SerialPortStatus = typeof serialPortStatus.$inferSelect;
export type NewSerialPortStatus = typeof serialPortStatus.$inferInsert;
