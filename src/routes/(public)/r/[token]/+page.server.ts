import { error, fail } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { translate } from '$lib/i18n';
import { REASON_CODES } from '$lib/server/db/schema';
import { publicDossier, slipService } from '$lib/server/qr/dossier';
import { parseQrForm, QR_DOSSIER_WINDOW_MS, recordQrRating } from '$lib/server/qr/rate';
import { activeScaleLevels } from '$lib/server/ratings/scale';
import { verifyQrToken } from '$lib/server/qr/tokens';
import type { Actions, PageServerLoad } from './$types';

/** The service a slip's token names; null for an old dossier slip (status only) and a forged token (404). */
async function fromToken(token: string) {
	const serviceEventId = await verifyQrToken(token, 'service');
	if (serviceEventId) {
		const service = await slipService(serviceEventId);
		if (service?.dossierId != null) return { service, dossierId: service.dossierId };
	} else {
		const dossierId = await verifyQrToken(token, 'dossier');
		if (dossierId) return { service: null, dossierId };
	}
	error(404, 'QR');
}

/** The QR on a slip the serving officer printed: rate that service once, from the citizen's own phone. */
export const load: PageServerLoad = async ({ params }) => {
	const { service, dossierId } = await fromToken(params.token);
	const dossier = await publicDossier({ id: dossierId });
	if (!dossier) error(404, 'QR');
	return { dossier, service, levels: service ? await activeScaleLevels() : [], reasons: REASON_CODES, formKey: randomUUID() };
};

export const actions: Actions = {
	rate: async ({ params, request, locals }) => {
		const { service } = await fromToken(params.token);
		if (!service) return fail(403, { message: translate(locals.locale, 'qr.rate.oldSlip') });
		const parsed = parseQrForm(await request.formData());
		if (!parsed.success) return fail(400, { message: translate(locals.locale, 'qr.rate.pickLevel') });
		const outcome = await recordQrRating(parsed.data, {
			serviceEventId: service.serviceEventId,
			counterId: service.counterId,
			windowMs: QR_DOSSIER_WINDOW_MS
		});
		if (!outcome.ok) {
			const key = outcome.problem === 'consent' ? 'kiosk.details.consentNeeded' : outcome.problem === 'phone' ? 'kiosk.details.phoneInvalid' : 'qr.rate.rejected';
			return fail(400, { message: translate(locals.locale, key) });
		}
		return { done: true };
	}
};
