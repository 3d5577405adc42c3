import { error, json } from '@sveltejs/kit';
import { requireIntegration } from '$lib/server/auth/guard';
import { ratingsOfDossier } from '$lib/server/ratings/by-dossier';
import type { RequestHandler } from './$types';

/** The ratings of a dossier the token may read, for the one-stop software's own screens. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	const found = await ratingsOfDossier(event.params.code, token.unitPath);
	if (!found) error(404, { error: 'not_found', message: 'Không tìm thấy hồ sơ / Dossier not found' });
	return json(found);
};
