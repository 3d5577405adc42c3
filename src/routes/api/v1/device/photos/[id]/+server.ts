import { error } from '@sveltejs/kit';
import { idParam, requireDevice } from '$lib/server/auth/guard';
import { servingAtCounter } from '$lib/server/kiosk/prompt';
import { photoResponse } from '$lib/server/officers/photos';
import type { RequestHandler } from './$types';

/**
 * The photo of the officer serving at the tablet's counter (an open service there, or the
 * counter's open shift), with the tablet's bearer credential; any other officer is a 404.
 */
export const GET: RequestHandler = async (event) => {
	const device = await requireDevice(event);
	const officerId = idParam(event.params.id);
	if (device.counterId === null || !(await servingAtCounter(device.counterId, officerId))) error(404, { error: 'not_found', message: 'Không tìm thấy / Not found' });
	return photoResponse(event.request, officerId);
};
