import { acknowledgementsFor, computeFlags, flagSubjectKey, type Acknowledgement, type Flag } from '../flags';
import { heatmap, monthlyFigures, officerBreakdown, officerComplaints, rate, subtreeOfficers, unitFigures, withSubtreeTotals, type Choice, type Scope } from './queries';
import { standings } from './standings';
import type { Predecessor } from '../units/history';

export * from './period';
export * from './queries';
export * from './standings';

/**
 * What each dashboard page loads, in one function per page, so the page, its exports, the JSON
 * API and `npm run bench:dashboards` all time and show the same work.
 */

/**
 * Unit head: the subtree's officers with fair scores and flags, its months and hours. With
 * `predecessors` (the unit page's history toggle) the figures also hold the rollup rows of the
 * units merged into the subtree, before the merge; flags stay the subtree's own.
 */
export async function unitHeadDashboard(unit: { id: number; path: string }, choice: Choice, predecessors: readonly Predecessor[] = []) {
	const scope = [unit.path];
	const [rows, flags, months, hours] = await Promise.all([
		subtreeOfficers(unit.path, choice, predecessors),
		computeFlags(scope, choice.period),
		monthlyFigures(scope, choice, 12, predecessors),
		heatmap(scope, choice, predecessors)
	]);
	const acks = await acknowledgementsFor(flags);
	const { unitRate, officers } = standings(rows, flags);
	const totals = officers.reduce(
		(t, o) => ({ services: t.services + o.services, ratings: t.ratings + o.ratings, satisfied: t.satisfied + o.satisfied, prevRatings: t.prevRatings + o.prevRatings, prevSatisfied: t.prevSatisfied + o.prevSatisfied, openComplaints: t.openComplaints + o.openComplaints }),
		{ services: 0, ratings: 0, satisfied: 0, prevRatings: 0, prevSatisfied: 0, openComplaints: 0 }
	);
	return {
		unitRate,
		prevUnitRate: rate(totals.prevSatisfied, totals.prevRatings),
		totals,
		officers,
		/** Flags about counters and devices rather than a named officer. */
		otherFlags: flags.filter((f) => f.officerId === null || !officers.some((o) => o.id === f.officerId)),
		acknowledgements: acknowledged(flags, acks),
		months,
		hours
	};
}

function acknowledged(flags: Flag[], acks: Map<string, Acknowledgement[]>): Record<string, Acknowledgement[]> {
	const out: Record<string, Acknowledgement[]> = {};
	for (const f of flags) {
		const key = flagSubjectKey(f);
		const list = acks.get(key);
		if (list) out[key] = list;
	}
	return out;
}

/** Province or reform team: unit comparison (own and subtree figures), months, hours, headline. */
export async function provinceDashboard(scope: Scope, choice: Choice) {
	const [units, months, hours] = await Promise.all([unitFigures(scope, choice), monthlyFigures(scope, choice), heatmap(scope, choice)]);
	const totals = units.reduce(
		(t, u) => ({
			services: t.services + u.services,
			ratings: t.ratings + u.ratings,
			satisfied: t.satisfied + u.satisfied,
			received: t.received + u.received,
			completed: t.completed + u.completed,
			onTime: t.onTime + u.onTime,
			prevRatings: t.prevRatings + u.prevRatings,
			prevSatisfied: t.prevSatisfied + u.prevSatisfied,
			prevServices: t.prevServices + u.prevServices,
			prevCompleted: t.prevCompleted + u.prevCompleted,
			prevOnTime: t.prevOnTime + u.prevOnTime
		}),
		{ services: 0, ratings: 0, satisfied: 0, received: 0, completed: 0, onTime: 0, prevRatings: 0, prevSatisfied: 0, prevServices: 0, prevCompleted: 0, prevOnTime: 0 }
	);
	return { totals, units: withSubtreeTotals(units), months, hours };
}

/** One officer, within the viewer's scope. */
export async function officerDashboard(officerId: number, scope: Scope, choice: Choice) {
	const [breakdown, complaints] = await Promise.all([officerBreakdown(officerId, scope, choice), officerComplaints(officerId, scope)]);
	return { ...breakdown, complaints };
}
