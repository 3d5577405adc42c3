import { translate } from '$lib/i18n';
import { DOSSIER_CODE } from '$lib/dossier-code';
import { Throttler } from '$lib/server/auth/throttle';
import { clientIp } from '$lib/server/http';
import { publicDossier } from '$lib/server/qr/dossier';
import type { PageServerLoad } from './$types';

/** Misses slow an address down, so codes cannot be enumerated by brute force. */
const misses = new Throttler([0, 0, 0, 1, 2, 4, 8, 16, 30, 60]);

/** Anyone may look a dossier up by its code; no rating link comes with it (a code can be guessed, a slip's token cannot). */
export const load: PageServerLoad = async (event) => {
	const code = (event.url.searchParams.get('code') ?? '').trim().slice(0, 64);
	if (!code) return { code, dossier: null };
	const ip = clientIp(event);
	const wait = misses.waitMs(ip);
	if (wait > 0) return { code, dossier: null, message: translate(event.locals.locale, 'qr.lookup.throttled', { seconds: Math.ceil(wait / 1000) }) };
	const dossier = DOSSIER_CODE.test(code) ? await publicDossier({ code }) : null;
	if (!dossier) {
		misses.recordFailure(ip);
		return { code, dossier: null, message: translate(event.locals.locale, 'qr.lookup.notFound') };
	}
	return { code, dossier };
};
