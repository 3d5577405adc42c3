import { error } from '@sveltejs/kit';
import { hasRole, idParam, pathInScope, requireUser, scopePaths } from '$lib/server/auth/guard';
import { LIVE_ROLES } from '../../live/scope';
import { officerProfile } from '$lib/server/units/queries';
import { upheldComplaintsForOfficer } from '$lib/server/complaints';
import { officerDashboard, parsePeriod } from '$lib/server/dashboards';
import { indexSettings, OFFICER_INDICATORS, summariseGrid, tt01Tallies } from '$lib/server/indices';
import { activeScaleLevels } from '$lib/server/ratings/scale';
import { readingReplica } from '$lib/server/db/replicas';
import type { PageServerLoad } from './$types';
import { LEADER_ROLES } from '$lib/policy';

/**
 * An officer's page: the officer themself, or a leader/inspector whose scope contains the
 * officer's current unit. Anyone else gets 404 (ids outside one's scope cannot be probed).
 * A leader sees the officer's figures in the units of their own scope; the officer sees all.
 * Never a citizen's identity: counts, levels and reasons only.
 */
export const load: PageServerLoad = async (event) => {
	event.depends('app:dashboard');
	const user = requireUser(event);
	const id = idParam(event.params.id);
	const profile = await officerProfile(id);
	if (!profile) error(404, 'Not found');
	const current = profile.postings.find((p) => p.endedAt === null);
	const own = user.officerId === id;
	const scope = scopePaths(user, ...LEADER_ROLES);
	if (!own && !(current && pathInScope(current.unitPath, scope))) error(404, 'Not found');
	const figuresScope = own ? null : scope;
	const choice = parsePeriod(event.url.searchParams);
	const now = new Date();
	// the access check above read the primary; the figures may come from a standby (db/replicas.ts)
	const [upheld, figures, settings, levels] = await Promise.all([
		upheldComplaintsForOfficer(id, { from: new Date(now.getTime() - 365 * 86_400_000), to: now }),
		readingReplica(event, () => Promise.all([officerDashboard(id, figuresScope, choice), current ? tt01Tallies([current.unitPath], choice.period) : null])),
		indexSettings(),
		activeScaleLevels()
	]);
	const [dashboard, tt01] = figures.value;
	const mine = tt01?.officers.find((o) => o.officerId === id);
	const officerTallies = mine ? OFFICER_INDICATORS.map((i) => mine.tallies[i - 1]) : OFFICER_INDICATORS.map(() => ({ n: 0, sum: 0 }));
	return {
		period: { from: choice.from, to: choice.to, days: choice.days, bad: choice.bad, impossible: choice.impossible },
		upheld: { upheld: upheld.upheld, partlyUpheld: upheld.partlyUpheld, cases: upheld.cases.map((c) => ({ id: c.id, code: c.code, outcome: c.outcome, closedAt: c.closedAt.toISOString() })) },
		officer: { ...profile, postings: profile.postings.map((p) => ({ ...p, unitPath: undefined })) },
		figures: dashboard,
		levels,
		// Cases open to the reader: a leader's (the page is in their scope, and so are the cases it
		// lists); an officer reading their own page sees the codes but may not open the cases.
		openCases: !own,
		// An officer reading their own page may not hear the leaders' stream: no live badge for them.
		live: hasRole(user, ...LIVE_ROLES),
		tt01: {
			indicators: [...OFFICER_INDICATORS],
			minScored: settings.ranks.minOfficerIndicators,
			grid: summariseGrid(officerTallies, OFFICER_INDICATORS, mine?.dossiers ?? 0, settings.ranks.minOfficerIndicators, settings.ranks)
		},
		replicaStaleSeconds: figures.staleSeconds
	};
};
