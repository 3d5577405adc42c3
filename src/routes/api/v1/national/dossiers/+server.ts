import { requireIntegration } from '$lib/server/auth/guard';
import { handleNationalPush } from '$lib/server/national/http';
import type { RequestHandler } from './$types';

/** The one-stop software's push to the national portal, copied here as it is (national/sync.ts). */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleNationalPush(event, token);
};
