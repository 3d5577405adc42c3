import { eq } from 'drizzle-orm';
import type { RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { idParam, requireUnitAccess, requireUser } from '$lib/server/auth/guard';
import { parsePeriod, unitHeadDashboard } from '$lib/server/dashboards';
import { subtreePredecessors } from '$lib/server/units/history';
import { POLICY } from '$lib/policy';

export const UNIT_ROLES = POLICY.readFigures;

/**
 * The unit head's dashboard for a unit subtree: shared by the page, its export and the report.
 * `?history=1` (the page's toggle, off by default) adds the figures of the units merged into the
 * subtree, before their merge day.
 */
export async function loadUnitDashboard(event: RequestEvent) {
	requireUser(event); // sign-in first, so nothing about ids is told to strangers
	const id = idParam(event.params.id);
	const { user, unit: access } = await requireUnitAccess(event, id, ...UNIT_ROLES);
	const [unit] = await db
		.select({ id: units.id, code: units.code, nameVi: units.nameVi, nameEn: units.nameEn, level: units.level, dissolvedAt: units.dissolvedAt })
		.from(units)
		.where(eq(units.id, id));
	const choice = parsePeriod(event.url.searchParams);
	const predecessors = await subtreePredecessors(access.path);
	const history = event.url.searchParams.get('history') === '1' && predecessors.length > 0;
	const dashboard = await unitHeadDashboard(access, choice, history ? predecessors : []);
	return { user, unit, access, choice, dashboard, predecessors, history };
}
