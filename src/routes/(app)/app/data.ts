import type { RequestEvent } from '@sveltejs/kit';
import { requireRole, scopePaths } from '$lib/server/auth/guard';
import { parsePeriod, provinceDashboard } from '$lib/server/dashboards';
import { unitsInScope } from '$lib/server/units/queries';
import { POLICY } from '$lib/policy';

export const OVERVIEW_ROLES = POLICY.readFigures;

/** The overview for the user's whole scope (the province for admin and a province-wide reform team). */
export async function loadOverview(event: RequestEvent) {
	const user = requireRole(event, ...OVERVIEW_ROLES);
	const scope = scopePaths(user, ...OVERVIEW_ROLES);
	const choice = parsePeriod(event.url.searchParams);
	const [units, dashboard] = await Promise.all([unitsInScope(scope), provinceDashboard(scope, choice)]);
	const roots = units.filter((u) => !units.some((p) => p.id === u.parentId));
	const scopeName = (locale: string) => (scope === null ? null : roots.map((u) => (locale === 'en' && u.nameEn ? u.nameEn : u.nameVi)).join(', '));
	return { user, scope, choice, units, roots, dashboard, scopeName };
}
