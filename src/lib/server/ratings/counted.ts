import { sql, type SQL } from 'drizzle-orm';

/**
 * A counted rating: accepted as counted when it arrived, and not excluded since (an exclusion
 * not revoked). The one definition every figure, rollup check, flag and index reads ratings by.
 * `alias` is the table alias in the query; `idColumn` the column holding the rating's id there
 * (`rating_id` on rating_marks, which copies `counted` from its rating).
 */
export function countedRating(alias = 'r', idColumn = 'id'): SQL {
	const a = sql.raw(alias);
	return sql`${a}.counted and not exists (select 1 from rating_exclusions x where x.rating_id = ${a}.${sql.raw(idColumn)} and x.revoked_at is null)`;
}
