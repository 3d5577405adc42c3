import { requireIntegration } from '$lib/server/auth/guard';
import { handleDossierPush } from '$lib/server/dossiers/api';
import type { RequestHandler } from './$types';

/** The one-stop software pushes one dossier or a batch; idempotent by (province, code). */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleDossierPush(event, [token.unitPath]);
};
