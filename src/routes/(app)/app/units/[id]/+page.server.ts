import { hasRole, pathInScope, scopePaths } from '$lib/server/auth/guard';
import { flagId, flagSubjectKey, periodLabel } from '$lib/server/flags';
import { TREND_MIN_RATINGS } from '$lib/server/dashboards';
import { unitCentres } from '$lib/server/units/queries';
import { successionsOf, type Succession } from '$lib/server/units/history';
import { loadUnitDashboard, UNIT_ROLES } from './data';
import { readingReplica } from '$lib/server/db/replicas';
import type { PageServerLoad } from './$types';
import { POLICY } from '$lib/policy';

export const load: PageServerLoad = async (event) => {
	event.depends('app:dashboard');
	const { value, staleSeconds } = await readingReplica(event, async () => {
		const loaded = await loadUnitDashboard(event);
		const [centres, successions] = await Promise.all([unitCentres(loaded.unit.id), successionsOf(loaded.unit.id)]);
		return { ...loaded, centres, successions };
	});
	const { user, unit, choice, dashboard, predecessors, history, centres, successions } = value;
	// A linked unit is a link only where the viewer may open it (out of scope it would be a 404).
	const scope = scopePaths(user, ...UNIT_ROLES);
	const linkView = ({ path, ...s }: Succession) => ({ ...s, link: pathInScope(path, scope) });
	const label = periodLabel(choice.period);
	// Flags travel with the id the flags page acknowledges them by, and whether that happened.
	const flagView = (f: (typeof dashboard.officers)[number]['flags'][number]) => {
		const id = flagId(f, label);
		const acks = dashboard.acknowledgements[flagSubjectKey(f)] ?? [];
		return { id, kind: f.kind, evidence: f.evidence, acknowledged: acks.some((a) => a.flagId === id), lastAck: acks[0] ?? null };
	};
	return {
		unit: { ...unit, dissolvedAt: unit.dissolvedAt?.toISOString() ?? null },
		centres,
		successors: successions.successors.map(linkView),
		predecessors: successions.predecessors.map(linkView),
		history: { on: history, units: predecessors.map(({ unitId, code, nameVi, nameEn, until }) => ({ unitId, code, nameVi, nameEn, until })) },
		period: { from: choice.from, to: choice.to, days: choice.days, bad: choice.bad, impossible: choice.impossible },
		unitRate: dashboard.unitRate,
		prevUnitRate: dashboard.prevUnitRate,
		totals: dashboard.totals,
		officers: dashboard.officers.map(({ flags, ...o }) => ({ ...o, flags: flags.map(flagView) })),
		otherFlags: dashboard.otherFlags.length,
		months: dashboard.months,
		hours: dashboard.hours,
		trendMin: TREND_MIN_RATINGS,
		canAcknowledge: hasRole(user, ...POLICY.acknowledgeFlags),
		replicaStaleSeconds: staleSeconds
	};
};
