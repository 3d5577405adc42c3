import { json } from '@sveltejs/kit';
import { requireIntegration } from '$lib/server/auth/guard';
import { unitsStats } from '$lib/server/dashboards/api';
import { withStaleness } from '$lib/server/exports/response';
import { readingReplica } from '$lib/server/db/replicas';
import type { RequestHandler } from './$types';

/** Satisfaction, participation and on-time figures per unit in the token's scope. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	const { value, staleSeconds } = await readingReplica(null, () => unitsStats(event.url, token.unitPath));
	return withStaleness(json(value), staleSeconds);
};
