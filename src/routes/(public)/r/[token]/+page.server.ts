import { error, fail } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { translate } from '$lib/i18n';
import { REASON_CODES } from '$lib/server/db/schema';
import { dossierStages, publicDossier } from '$lib/server/qr/dossier';
import { parseQrForm, QR_DOSSIER_WINDOW_MS, recordQrRating } from '$lib/server/qr/rate';
import { activeScaleLevels } from '$lib/server/ratings/scale';
import { verifyQrToken } from '$lib/server/qr/tokens';
import type { Actions, PageServerLoad } from './$types';

/** The dossier QR on the receipt slip: rate each stage once, from the citizen's own phone. */
export const load: PageServerLoad = async ({ params }) => {
	const id = await verifyQrToken(params.token, 'dossier');
	const dossier = id ? await publicDossier({ id }) : null;
	if (!dossier) error(404, 'QR');
	const [stages, levels] = await Promise.all([dossierStages(dossier.id), activeScaleLevels()]);
	return { dossier, stages, levels, reasons: REASON_CODES, formKey: randomUUID() };
};

export const actions: Actions = {
	rate: async ({ params, request, locals }) => {
		const id = await verifyQrToken(params.token, 'dossier');
		if (!id) error(404, 'QR');
		const form = await request.formData();
		const parsed = parseQrForm(form);
		const stage = form.get('stage');
		if (!parsed.success) return fail(400, { stage, message: translate(locals.locale, 'qr.rate.pickLevel') });
		const target = (await dossierStages(id)).find((s) => s.stage === stage);
		if (!target) return fail(400, { stage, message: translate(locals.locale, 'qr.rate.rejected') });
		const outcome = await recordQrRating(parsed.data, {
			serviceEventId: target.serviceEventId,
			counterId: target.counterId,
			windowMs: QR_DOSSIER_WINDOW_MS
		});
		if (!outcome.ok) {
			const key = outcome.problem === 'consent' ? 'kiosk.details.consentNeeded' : outcome.problem === 'phone' ? 'kiosk.details.phoneInvalid' : 'qr.rate.rejected';
			return fail(400, { stage, message: translate(locals.locale, key) });
		}
		return { stage, done: true };
	}
};
