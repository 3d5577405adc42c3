import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { audit } from '$lib/server/audit';
import { idParam, requireUnitAccess, requireUser } from '$lib/server/auth/guard';
import { clientIp } from '$lib/server/http';
import { parseMonth, unitHeadDashboard } from '$lib/server/dashboards';
import { indexSettings, indicesReport, lateCounts, monthOf, monthsEnding } from '$lib/server/indices';
import { unitsInScope } from '$lib/server/units/queries';
import { UNIT_ROLES } from '../data';
import type { PageServerLoad } from './$types';

/**
 * The printable monthly report of a unit subtree: headline figures, the Thông tư 01/2018 grid, the
 * 766 satisfaction component, officers with fair scores, late dossiers and flags, for one month.
 * Opening it is audited like an export (it is meant to leave the system on paper).
 */
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const id = idParam(event.params.id);
	const { user, unit: access } = await requireUnitAccess(event, id, ...UNIT_ROLES);
	const [unit] = await db.select({ id: units.id, code: units.code, nameVi: units.nameVi, nameEn: units.nameEn, level: units.level }).from(units).where(eq(units.id, id));
	const { month, choice, bad } = parseMonth(event.url.searchParams.get('month'));
	const m = monthOf(month)!;
	const scope = [access.path];
	const now = new Date();
	const [settings, shown] = await Promise.all([indexSettings(), unitsInScope(scope)]);
	const [dashboard, indices, late] = await Promise.all([
		unitHeadDashboard(access, choice),
		indicesReport({ scope, units: shown.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, path: u.path })), month: m, trendMonths: monthsEnding(month, 6), asOf: now, rule: settings.ranks, sipasMapping: settings.sipas, settings766: settings.s766 }),
		lateCounts({ scope, period: { from: m.from, to: m.to }, asOf: now })
	]);
	await audit({ userId: user.id, ip: clientIp(event) }, 'report.monthly', { type: 'unit', id: String(unit.id) }, { month });
	return {
		unit,
		month,
		badMonth: bad,
		generatedAt: now.toISOString(),
		author: user.displayName,
		totals: dashboard.totals,
		unitRate: dashboard.unitRate,
		prevUnitRate: dashboard.prevUnitRate,
		officers: dashboard.officers.map(({ flags, ...o }) => ({ ...o, flags: flags.map((f) => f.kind) })),
		otherFlags: dashboard.otherFlags.length,
		indices: { total: indices.total, s766: indices.s766.total, units: indices.units.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, depth: u.depth, grid: u.grid })), trend: indices.trend },
		minScored: settings.ranks.minIndicators,
		late
	};
};
