import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db';
import { dossiers, officerAssignments, ratings, units } from '../db/schema';

export type NamedOfficer = {
	officerId: number;
	/** The case's unit: the officer must have been posted in its subtree. */
	unitId: number;
	receivedAt: Date;
	dossierId?: number | null;
	ratingId?: number | null;
};

const postedUnit = alias(units, 'posted_unit');
const caseUnit = alias(units, 'case_unit');

/**
 * Whether a complaint may name this officer: an officer_assignments row puts them in the case
 * unit's subtree at the time complained about. That time is the complaint's receipt or, when
 * the complaint names a dossier, any moment from the dossier's receipt to the complaint (the
 * citizen complains about whoever handled the dossier, who may have moved since). A case
 * opened from a rating names the officer and unit its service recorded (copied when the
 * service opened), which hold as they are. Checked when a case is opened and again before it
 * is upheld, so cases stored before this rule cannot count against another unit's officer
 * (Thông tư 01/2018, indicator 7).
 */
export async function officerPostedFor(q: Db, c: NamedOfficer): Promise<boolean> {
	const at = sql`${c.receivedAt.toISOString()}::timestamptz`;
	const dossierReceived = c.dossierId ? sql`(select ${dossiers.receivedAt} from ${dossiers} where ${dossiers.id} = ${c.dossierId})` : at;
	const inSubtree = sql`${postedUnit.path} like ${caseUnit.path} || '%'`;
	const [posted] = await q
		.select({ id: officerAssignments.id })
		.from(officerAssignments)
		.innerJoin(postedUnit, eq(postedUnit.id, officerAssignments.unitId))
		.innerJoin(caseUnit, eq(caseUnit.id, c.unitId))
		.where(
			and(
				eq(officerAssignments.officerId, c.officerId),
				inSubtree,
				lte(officerAssignments.startedAt, at),
				or(isNull(officerAssignments.endedAt), gt(officerAssignments.endedAt, sql`least(${at}, coalesce(${dossierReceived}, ${at}))`))
			)
		)
		.limit(1);
	if (posted) return true;
	if (!c.ratingId) return false;
	const [rated] = await q
		.select({ id: ratings.id })
		.from(ratings)
		.innerJoin(postedUnit, eq(postedUnit.id, ratings.unitId))
		.innerJoin(caseUnit, eq(caseUnit.id, c.unitId))
		.where(and(eq(ratings.id, c.ratingId), eq(ratings.officerId, c.officerId), inSubtree));
	return Boolean(rated);
}
