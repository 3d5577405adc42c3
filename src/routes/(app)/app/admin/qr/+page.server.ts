import { activeCounters } from '$lib/server/centres/active-counters';
import { requireAdmin } from '$lib/server/auth/guard';
import { config } from '$lib/server/config';
import { qrSvg } from '$lib/server/qr/svg';
import { qrToken } from '$lib/server/qr/tokens';
import type { PageServerLoad } from './$types';

/** Printable QR cards, one per counter: citizens scan to rate the service open there. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const base = config().origin ?? event.url.origin;
	return {
		cards: await Promise.all(
			(await activeCounters()).map(async (k) => {
				const url = `${base}/q/${await qrToken('counter', k.id)}`;
				return {
					...k,
					url,
					svg: await qrSvg(url)
				};
			})
		)
	};
};
