import { requireIntegration } from '$lib/server/auth/guard';
import { handleQueueDone } from '$lib/server/queue/http';
import type { RequestHandler } from './$types';

/** A queue system finished a called ticket: closes its service. */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleQueueDone(event, token);
};
