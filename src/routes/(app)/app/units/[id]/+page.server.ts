import { hasRole } from '$lib/server/auth/guard';
import { flagId, flagSubjectKey, periodLabel } from '$lib/server/flags';
import { TREND_MIN_RATINGS } from '$lib/server/dashboards';
import { unitCentres } from '$lib/server/units/queries';
import { loadUnitDashboard } from './data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	event.depends('app:dashboard');
	const { user, unit, choice, dashboard } = await loadUnitDashboard(event);
	const centres = await unitCentres(unit.id);
	const label = periodLabel(choice.period);
	// Flags travel with the id the flags page acknowledges them by, and whether that happened.
	const flagView = (f: (typeof dashboard.officers)[number]['flags'][number]) => {
		const id = flagId(f, label);
		const acks = dashboard.acknowledgements[flagSubjectKey(f)] ?? [];
		return { id, kind: f.kind, evidence: f.evidence, acknowledged: acks.some((a) => a.flagId === id), lastAck: acks[0] ?? null };
	};
	return {
		unit,
		centres,
		period: { from: choice.from, to: choice.to, days: choice.days, bad: choice.bad },
		unitRate: dashboard.unitRate,
		prevUnitRate: dashboard.prevUnitRate,
		totals: dashboard.totals,
		officers: dashboard.officers.map(({ flags, ...o }) => ({ ...o, flags: flags.map(flagView) })),
		otherFlags: dashboard.otherFlags.length,
		months: dashboard.months,
		hours: dashboard.hours,
		trendMin: TREND_MIN_RATINGS,
		canAcknowledge: hasRole(user, 'unit_head', 'reform')
	};
};
