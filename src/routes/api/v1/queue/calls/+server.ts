import { requireIntegration } from '$lib/server/auth/guard';
import { handleQueueCall } from '$lib/server/queue/http';
import type { RequestHandler } from './$types';

/** A queue system called a ticket to a counter: opens a service there (queue/calls.ts). */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleQueueCall(event, token);
};
