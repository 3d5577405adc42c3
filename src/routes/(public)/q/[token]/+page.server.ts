import { error, fail } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { translate } from '$lib/i18n';
import { kioskState } from '$lib/server/kiosk/prompt';
import { parseQrForm, recordQrRating } from '$lib/server/qr/rate';
import { verifyQrToken } from '$lib/server/qr/tokens';
import type { Actions, PageServerLoad } from './$types';

/** The QR card on a counter: rate the service open there now, on one's own phone. */
export const load: PageServerLoad = async ({ params }) => {
	const counterId = await verifyQrToken(params.token, 'counter');
	if (!counterId) error(404, 'QR');
	const state = await kioskState(counterId);
	if (!state.counter) error(404, 'QR');
	return { state, formKey: randomUUID() };
};

export const actions: Actions = {
	rate: async ({ params, request, locals }) => {
		const counterId = await verifyQrToken(params.token, 'counter');
		if (!counterId) error(404, 'QR');
		const form = await request.formData();
		const parsed = parseQrForm(form);
		if (!parsed.success) return fail(400, { message: translate(locals.locale, 'qr.rate.pickLevel') });
		const state = await kioskState(counterId);
		const serviceEventId = Number(form.get('serviceEventId')) || null;
		// The citizen rates the service the page showed; if it has moved on, the core decides.
		const outcome = await recordQrRating(parsed.data, { serviceEventId: serviceEventId ?? state.prompt?.serviceEventId ?? null, counterId });
		if (!outcome.ok) {
			const key = outcome.problem === 'consent' ? 'kiosk.details.consentNeeded' : outcome.problem === 'phone' ? 'kiosk.details.phoneInvalid' : 'qr.rate.rejected';
			return fail(400, { message: translate(locals.locale, key) });
		}
		return { done: true };
	}
};
