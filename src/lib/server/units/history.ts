import { sql, type SQL } from 'drizzle-orm';
import { localDate } from '../calendar';
import { database } from '../db';
import { instant, iso, num, type DbNumber, type DbTime } from '../db/decode';

/**
 * A unit's history through merges: the units that ended into a subtree (unit_successors, followed
 * back through chains) and the day each one's figures stop counting for it. The unit page's
 * history toggle adds these units' rollup rows dated before that day to the subtree's figures;
 * nothing stored is moved or rewritten, the links only widen what is read.
 */
export type Predecessor = {
	unitId: number;
	code: string;
	nameVi: string;
	nameEn: string | null;
	/** Vietnam local date (YYYY-MM-DD): rollup rows of days before it count for the successor. */
	until: string;
};

/**
 * Predecessors of every unit in the subtree at `path`, except units inside the subtree (their
 * figures are already the subtree's). Along a chain A → B → C the earlier date wins for A; a unit
 * reached along several chains keeps the latest of its dates, so no day is counted twice.
 */
export async function subtreePredecessors(path: string): Promise<Predecessor[]> {
	const prefix = path.replace(/[%_\\]/g, '\\$&') + '%';
	const rows = await database.rows<{ unit_id: DbNumber; until: DbTime; code: string; name_vi: string; name_en: string | null }>(sql`
		with recursive chain(unit_id, until) as (
			select s.predecessor_id, s.effective_at
			from unit_successors s join units u on u.id = s.successor_id
			where u.path like ${prefix}
			union
			select s.predecessor_id, least(c.until, s.effective_at)
			from unit_successors s join chain c on s.successor_id = c.unit_id
		)
		select c.unit_id, max(c.until) as until, p.code, p.name_vi, p.name_en
		from chain c join units p on p.id = c.unit_id
		where p.path not like ${prefix}
		group by c.unit_id, p.code, p.name_vi, p.name_en
		order by p.code`);
	return rows.map((r) => ({
		unitId: num(r.unit_id),
		code: r.code,
		nameVi: r.name_vi,
		nameEn: r.name_en,
		until: localDate(instant(r.until))
	}));
}

/**
 * A condition on a rollup row (its unit and local day columns): the row is a predecessor's, dated
 * before the predecessor's day. False when there are none, so callers can always OR it in.
 */
export function predecessorRows(unitColumn: SQL, dayColumn: SQL, predecessors: readonly Predecessor[]): SQL {
	if (predecessors.length === 0) return sql`false`;
	const values = sql.join(
		predecessors.map((p) => sql`(${p.unitId}::int, ${p.until}::date)`),
		sql`, `
	);
	return sql`exists (select 1 from (values ${values}) merged_unit(unit_id, until) where merged_unit.unit_id = ${unitColumn} and ${dayColumn} < merged_unit.until)`;
}

export type Succession = { unitId: number; code: string; nameVi: string; nameEn: string | null; path: string; effectiveAt: string; kind: string; note: string | null };

/** The units a unit ended into, and the units that ended into it, with the links' dates and notes. */
export async function successionsOf(unitId: number): Promise<{ successors: Succession[]; predecessors: Succession[] }> {
	type Row = {
		side: 'successor' | 'predecessor';
		id: DbNumber;
		code: string;
		name_vi: string;
		name_en: string | null;
		path: string;
		effective_at: DbTime;
		kind: string;
		note: string | null;
	};
	const rows = await database.rows<Row>(sql`
		select 'successor' as side, u.id, u.code, u.name_vi, u.name_en, u.path, s.effective_at, s.kind, s.note
		from unit_successors s join units u on u.id = s.successor_id where s.predecessor_id = ${unitId}
		union all
		select 'predecessor', u.id, u.code, u.name_vi, u.name_en, u.path, s.effective_at, s.kind, s.note
		from unit_successors s join units u on u.id = s.predecessor_id where s.successor_id = ${unitId}
		order by 7, 3`);
	const view = (r: Row): Succession => ({
		unitId: num(r.id),
		code: r.code,
		nameVi: r.name_vi,
		nameEn: r.name_en,
		path: r.path,
		effectiveAt: iso(r.effective_at),
		kind: r.kind,
		note: r.note
	});
	return {
		successors: rows.filter((r) => r.side === 'successor').map(view),
		predecessors: rows.filter((r) => r.side === 'predecessor').map(view)
	};
}
