import { json } from '@sveltejs/kit';
import { requireIntegration } from '$lib/server/auth/guard';
import { officerStats } from '$lib/server/dashboards/api';
import { readingReplica } from '$lib/server/db/replicas';
import { withStaleness } from '$lib/server/exports/response';
import type { RequestHandler } from './$types';

/** The unit head's officer table (fair scores, flags) for a unit in the token's scope. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	const { value, staleSeconds } = await readingReplica(null, () => officerStats(event.url, token.unitPath, event.params.code));
	return withStaleness(json(value), staleSeconds);
};
