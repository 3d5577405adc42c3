import { redirect } from '@sveltejs/kit';
import { requireUser, hasRole } from '$lib/server/auth/guard';
import { complaintCounts } from '$lib/server/complaints';
import { firstRunChecklist } from '$lib/server/setup/checklist';
import { localDate } from '$lib/server/calendar';
import { GLANCE_MIN_COUNT, overviewGlance } from '$lib/server/dashboards/overview';
import { loadOverview } from './data';
import { readingReplica } from '$lib/server/db/replicas';
import type { PageServerLoad } from './$types';
import { LEADER_ROLES } from '$lib/policy';

export const load: PageServerLoad = async (event) => {
	event.depends('app:dashboard');
	const user = requireUser(event);
	// An officer with no leadership role goes straight to their own page.
	if (!hasRole(user, ...LEADER_ROLES) && user.officerId) redirect(303, `/app/officers/${user.officerId}`);
	if (!hasRole(user, ...LEADER_ROLES)) return { empty: true as const };
	// the figures may come from a standby; the complaints and the checklist are the primary's
	const { value: overview, staleSeconds } = await readingReplica(event, () => loadOverview(event));
	const { scope, choice, units, roots, dashboard } = overview;
	const [glance, complaints] = await Promise.all([
		overviewGlance(scope, roots, choice, dashboard.totals, dashboard.units.map((u) => ({ ...u, ...u.own })), dashboard.hours),
		complaintCounts(user.id, scope)
	]);
	// a new install: what the administrator still has to set up, until the first counted rating
	const checklist = user.roles.some((g) => g.role === 'admin') ? await firstRunChecklist() : null;
	return {
		empty: false as const,
		setup: checklist && !checklist.complete ? checklist.items : null,
		units,
		everywhere: scope === null,
		period: { from: choice.from, to: choice.to, days: choice.days, bad: choice.bad, impossible: choice.impossible },
		totals: dashboard.totals,
		comparison: dashboard.units,
		months: dashboard.months,
		hours: dashboard.hours,
		complaints,
		replicaStaleSeconds: staleSeconds,
		glance,
		minCount: GLANCE_MIN_COUNT,
		today: localDate(new Date())
	};
};
