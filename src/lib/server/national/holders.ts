import { and, asc, eq, ilike, sql } from 'drizzle-orm';
import { db } from '../db';
import { dossierHolders, dossiers, units } from '../db/schema';

/**
 * The applicants' data the national sync kept (dossier_holders: name and ID number, only while
 * the setting national.storeHolder is on; never a phone number, which the table has no column
 * for). Administrators look it up by dossier code and erase it on request (legal/sources.ts
 * nd13PersonalData). The page never receives a full ID number: it is masked here.
 */

export type HolderRow = {
	dossierId: number;
	code: string;
	unitVi: string;
	name: string | null;
	idNumberMasked: string | null;
	updatedAt: string;
};

export const HOLDERS_PAGE = 50;

/** All but the last three characters hidden: enough to confirm with the applicant, not to reuse. */
export function maskIdentifier(value: string): string {
	const keep = Math.min(3, Math.floor(value.length / 3));
	return '•'.repeat(value.length - keep) + value.slice(value.length - keep);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Holders by dossier code (a prefix, case-insensitive), codes in order; `total` counts every match. */
export async function listHolders(
	codePrefix: string,
	limit = HOLDERS_PAGE
): Promise<{ rows: HolderRow[]; total: number }> {
	const where = codePrefix ? ilike(dossiers.code, `${escapeLike(codePrefix)}%`) : undefined;
	const [rows, [{ total }]] = await Promise.all([
		db
			.select({
				dossierId: dossierHolders.dossierId,
				code: dossiers.code,
				unitVi: units.nameVi,
				name: dossierHolders.name,
				idNumber: dossierHolders.idNumber,
				updatedAt: dossierHolders.updatedAt
			})
			.from(dossierHolders)
			.innerJoin(dossiers, eq(dossiers.id, dossierHolders.dossierId))
			.innerJoin(units, eq(units.id, dossiers.unitId))
			.where(where)
			.orderBy(asc(dossiers.code))
			.limit(limit),
		db
			.select({ total: sql<number>`count(*)::int` })
			.from(dossierHolders)
			.innerJoin(dossiers, eq(dossiers.id, dossierHolders.dossierId))
			.where(where)
	]);
	return {
		total: Number(total),
		rows: rows.map(({ idNumber, updatedAt, ...r }) => ({
			...r,
			idNumberMasked: idNumber === null ? null : maskIdentifier(idNumber),
			updatedAt: updatedAt.toISOString()
		}))
	};
}

/** Erases one dossier's holder data; the dossier's code, or null when there was none. */
export async function eraseHolder(dossierId: number): Promise<string | null> {
	return db.transaction(async (tx) => {
		const [gone] = await tx
			.delete(dossierHolders)
			.where(and(eq(dossierHolders.dossierId, dossierId)))
			.returning({ dossierId: dossierHolders.dossierId });
		if (!gone) return null;
		const [d] = await tx
			.select({ code: dossiers.code })
			.from(dossiers)
			.where(eq(dossiers.id, dossierId));
		return d.code;
	});
}
