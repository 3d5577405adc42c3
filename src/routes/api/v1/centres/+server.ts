import { requireIntegration } from '$lib/server/auth/guard';
import { handleCentrePush, listCentresForApi } from '$lib/server/centres/api';
import type { RequestHandler } from './$types';

/** The centres of the token's unit subtree, with their counters. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return listCentresForApi(event.url, token);
};

/** Upserts centres and their counters by code (one or a batch of up to 1000) in the token's subtree. */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleCentrePush(event, token);
};
