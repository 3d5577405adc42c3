import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { idParam, requireUnitAccess, requireUser } from '$lib/server/auth/guard';
import { unitCentres, unitOfficers } from '$lib/server/units/queries';
import { lowScoreFlags, shrunkRate, wilson } from '$lib/server/scores/fairness';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event); // sign-in first, so nothing about ids is told to strangers
	const id = idParam(event.params.id);
	await requireUnitAccess(event, id, 'reform', 'unit_head', 'inspector');
	const [unit] = await db
		.select({ id: units.id, code: units.code, nameVi: units.nameVi, nameEn: units.nameEn, level: units.level, dissolvedAt: units.dissolvedAt })
		.from(units)
		.where(eq(units.id, id));
	const [rows, centres] = await Promise.all([unitOfficers(id), unitCentres(id)]);
	// Fair scores: shrunk towards the unit's rate, with a 95 % interval; flags from the exact test.
	const total = rows.reduce((n, o) => n + o.ratings, 0);
	const unitRate = total ? rows.reduce((n, o) => n + o.satisfied, 0) / total : null;
	const flags = new Map(lowScoreFlags(rows.map((o) => ({ officerId: o.id, ratings: o.ratings, satisfied: o.satisfied }))).map((f) => [f.officerId, f]));
	const officers = rows.map((o) => {
		const interval = wilson(o.satisfied, o.ratings);
		return {
			...o,
			fair: unitRate === null || o.ratings === 0 ? null : shrunkRate(o.satisfied, o.ratings, unitRate),
			low: interval?.low ?? null,
			high: interval?.high ?? null,
			flag: flags.get(o.id) ?? null
		};
	});
	return { unit, officers, centres, unitRate };
};
