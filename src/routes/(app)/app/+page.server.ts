import { redirect } from '@sveltejs/kit';
import { requireUser, hasRole, scopePaths } from '$lib/server/auth/guard';
import { overviewFigures, unitsInScope } from '$lib/server/units/queries';
import { complaintCounts } from '$lib/server/complaints';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	// An officer with no leadership role goes straight to their own page.
	if (!hasRole(user, 'reform', 'unit_head', 'inspector') && user.officerId) redirect(303, `/app/officers/${user.officerId}`);
	const scope = scopePaths(user, 'reform', 'unit_head', 'inspector');
	const [units, figures, complaints] = await Promise.all([unitsInScope(scope), overviewFigures(scope), complaintCounts(user.id, scope)]);
	return { units, figures, complaints, everywhere: scope === null };
};
