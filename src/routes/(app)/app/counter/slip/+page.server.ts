import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { requireRole } from '$lib/server/auth/guard';
import { config } from '$lib/server/config';
import { officerService, publicDossier } from '$lib/server/qr/dossier';
import { qrSvg } from '$lib/server/qr/svg';
import { qrToken } from '$lib/server/qr/tokens';
import type { PageServerLoad } from './$types';

/**
 * A printable slip whose QR code rates one service: a service this officer gave, named by its
 * id from the counter screen. Never a dossier code typed in: a slip for someone else's service
 * (or dossier) is a 404, as out-of-scope ids are everywhere.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'officer');
	if (!user.officerId) error(403, 'Not an officer');
	const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).safeParse(event.url.searchParams.get('service') ?? undefined);
	if (!id.success) error(400, translate(event.locals.locale, 'qr.print.whichService'));
	const service = await officerService(user.officerId, id.data);
	// a queue ticket's service has no dossier to print until the one-stop software names it
	if (!service || service.dossierId === null) error(404, 'Not found');
	const dossier = (await publicDossier({ id: service.dossierId }))!;
	const base = config().origin ?? event.url.origin;
	const url = `${base}/r/${await qrToken('service', service.serviceEventId)}`;
	return { dossier, url, svg: await qrSvg(url) };
};
