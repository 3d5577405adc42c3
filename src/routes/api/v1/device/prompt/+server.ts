import { json } from '@sveltejs/kit';
import { requireDevice } from '$lib/server/auth/guard';
import { waitForKioskState } from '$lib/server/kiosk/prompt';
import type { RequestHandler } from './$types';

/** GET ?known=<state key>&wait=<seconds ≤ 25>: the tablet's long poll for what to show. */
export const GET: RequestHandler = async (event) => {
	const device = await requireDevice(event);
	const known = (event.url.searchParams.get('known') ?? '').slice(0, 40);
	const wait = Math.min(25, Math.max(0, Number(event.url.searchParams.get('wait')) || 0));
	const state = await waitForKioskState(device.counterId, known, wait * 1000, event.request.signal);
	return json(state, { headers: { 'cache-control': 'no-store' } });
};
