import { error, json } from '@sveltejs/kit';
import { requireIntegration } from '$lib/server/auth/guard';
import { findDossierView } from '$lib/server/dossiers/api';
import type { RequestHandler } from './$types';

/** Reads back a dossier the token may write, so the one-stop software can check what was stored. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	const dossier = await findDossierView(event.params.code, token.unitPath);
	if (!dossier) error(404, { error: 'not_found', message: 'Không tìm thấy hồ sơ / Dossier not found' });
	return json(dossier);
};
