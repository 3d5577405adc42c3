import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { tstz } from './common';
import { units } from './organisation';
import { users } from './people';

/**
 * Thông tư 01/2018 indicators scored per unit and quarter (5 and 8, see indices/tt01.ts): the
 * unit's self-score and the reform team's verified score side by side, each with who entered it
 * and when. Only the verified score enters the grid. Every change is also an audit_log entry.
 */
export const tt01UnitScores = pgTable(
	'tt01_unit_scores',
	{
		id: integer().primaryKey().generatedByDefaultAsIdentity(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		year: smallint().notNull(),
		quarter: smallint().notNull(),
		indicator: smallint().notNull(),
		selfScore: smallint(),
		selfNote: text(),
		selfBy: integer().references(() => users.id),
		selfAt: tstz(),
		verifiedScore: smallint(),
		verifiedNote: text(),
		verifiedBy: integer().references(() => users.id),
		verifiedAt: tstz()
	},
	(t) => [
		uniqueIndex('tt01_unit_scores_key').on(t.unitId, t.year, t.quarter, t.indicator),
		index('tt01_unit_scores_quarter_idx').on(t.year, t.quarter),
		check('tt01_unit_scores_quarter_check', sql.raw(`"quarter" BETWEEN 1 AND 4 AND "year" BETWEEN 2018 AND 2100`)),
		check('tt01_unit_scores_indicator_check', sql.raw(`"indicator" IN (5, 8)`)),
		check('tt01_unit_scores_self_check', sql.raw(`"self_score" IS NULL OR "self_score" BETWEEN 0 AND 2`)),
		check('tt01_unit_scores_verified_check', sql.raw(`"verified_score" IS NULL OR "verified_score" BETWEEN 0 AND 2`))
	]
);

export type Tt01UnitScoreRow = typeof tt01UnitScores.$inferSelect;
export type NewTt01UnitScoreRow = typeof tt01UnitScores.$inferInsert;
