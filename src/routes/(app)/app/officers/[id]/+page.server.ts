import { error } from '@sveltejs/kit';
import { idParam, pathInScope, requireUser, scopePaths } from '$lib/server/auth/guard';
import { officerProfile } from '$lib/server/units/queries';
import { upheldComplaintsForOfficer } from '$lib/server/complaints';
import type { PageServerLoad } from './$types';

/**
 * An officer's page: the officer themself, or a leader/inspector whose scope contains the
 * officer's current unit. Anyone else gets 404 (ids outside one's scope cannot be probed).
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const id = idParam(event.params.id);
	const profile = await officerProfile(id);
	if (!profile) error(404, 'Not found');
	const current = profile.postings.find((p) => p.endedAt === null);
	const own = user.officerId === id;
	const scope = scopePaths(user, 'reform', 'unit_head', 'inspector');
	if (!own && !(current && pathInScope(current.unitPath, scope))) error(404, 'Not found');
	const now = new Date();
	const upheld = await upheldComplaintsForOfficer(id, { from: new Date(now.getTime() - 365 * 86_400_000), to: now });
	return {
		upheld: { upheld: upheld.upheld, partlyUpheld: upheld.partlyUpheld, cases: upheld.cases.map((c) => ({ id: c.id, code: c.code, outcome: c.outcome, closedAt: c.closedAt.toISOString() })) },
		officer: {
			...profile,
			postings: profile.postings.map((p) => ({ ...p, unitPath: undefined }))
		}
	};
};
