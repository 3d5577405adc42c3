import { json } from '@sveltejs/kit';
import { requireIntegration } from '$lib/server/auth/guard';
import { unitsStats } from '$lib/server/dashboards/api';
import type { RequestHandler } from './$types';

/** Satisfaction, participation and on-time figures per unit in the token's scope. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return json(await unitsStats(event.url, token.unitPath));
};
