import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstz } from './common';
import { counters, units } from './organisation';
import { users } from './people';
import { devices } from './ratings';

/**
 * One-time codes an administrator creates to pair a counter tablet: short enough to type on
 * the tablet, valid 10 minutes, used once. Only a hash is stored.
 */
export const pairingCodes = pgTable(
	'pairing_codes',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		codeHash: text().notNull(),
		counterId: integer()
			.notNull()
			.references(() => counters.id),
		createdBy: integer()
			.notNull()
			.references(() => users.id),
		createdAt: tstz().notNull().defaultNow(),
		expiresAt: tstz().notNull(),
		usedAt: tstz(),
		deviceId: integer().references(() => devices.id),
		failedAttempts: integer().notNull().default(0)
	},
	(t) => [
		uniqueIndex('pairing_codes_hash_key').on(t.codeHash),
		check('pairing_codes_used_check', sql.raw(`("used_at" IS NULL) = ("device_id" IS NULL)`))
	]
);

/**
 * Tokens the one-stop software uses to push dossiers and service events for one unit subtree.
 * Shown once at creation; only SHA-256 of the secret is stored; revocable.
 */
export const integrationTokens = pgTable(
	'integration_tokens',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		name: text().notNull(),
		secretHash: text().notNull(),
		createdBy: integer()
			.notNull()
			.references(() => users.id),
		createdAt: tstz().notNull().defaultNow(),
		lastUsedAt: tstz(),
		revokedAt: tstz(),
		revokedBy: integer().references(() => users.id)
	},
	(t) => [index('integration_tokens_unit_idx').on(t.unitId)]
);

export type PairingCode = typeof pairingCodes.$inferSelect;
export type NewPairingCode = typeof pairingCodes.$inferInsert;
export type IntegrationToken = typeof integrationTokens.$inferSelect;
export type NewIntegrationToken = typeof integrationTokens.$inferInsert;
