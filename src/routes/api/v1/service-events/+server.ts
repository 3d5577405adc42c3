import { requireIntegration } from '$lib/server/auth/guard';
import { handleServiceEventPush } from '$lib/server/dossiers/api';
import type { RequestHandler } from './$types';

/** Opens or closes a service (an officer serving a dossier at a counter at one stage). */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleServiceEventPush(event, [token.unitPath]);
};
