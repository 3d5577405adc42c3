import { error } from '@sveltejs/kit';
import { idParam, requireUser } from '$lib/server/auth/guard';
import { canManageOfficer, canViewOfficer, officerPlace } from '$lib/server/officers/access';
import { photoResponse } from '$lib/server/officers/photos';
import type { RequestHandler } from './$types';

/** An officer's photo, for whoever may see the officer's page or manage the officer; 404 otherwise. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const place = await officerPlace(idParam(event.params.id));
	if (!place || !(canViewOfficer(user, place) || canManageOfficer(user, place))) error(404, 'Không tìm thấy / Not found');
	return photoResponse(event.request, place.id);
};
