import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { idParam, requireUnitAccess, requireUser } from '$lib/server/auth/guard';
import { unitCentres, unitOfficers } from '$lib/server/units/queries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event); // sign-in first, so nothing about ids is told to strangers
	const id = idParam(event.params.id);
	await requireUnitAccess(event, id, 'reform', 'unit_head', 'inspector');
	const [unit] = await db
		.select({ id: units.id, code: units.code, nameVi: units.nameVi, nameEn: units.nameEn, level: units.level, dissolvedAt: units.dissolvedAt })
		.from(units)
		.where(eq(units.id, id));
	const [officers, centres] = await Promise.all([unitOfficers(id), unitCentres(id)]);
	return { unit, officers, centres };
};
