import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { idParam, requireAdmin } from '$lib/server/auth/guard';
import { clientIp } from '$lib/server/http';
import { retryNow, subscriberLog, wakeWebhookDelivery } from '$lib/server/webhooks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const log = await subscriberLog(idParam(event.params.id));
	if (!log) error(404, 'Không tìm thấy / Not found');
	return log;
};

export const actions: Actions = {
	/** "Retry now": one pending delivery (deliveryId given), or all of the subscriber's. */
	retry: async (event) => {
		const admin = requireAdmin(event);
		const subscriberId = idParam(event.params.id);
		const parsed = z.object({ deliveryId: z.coerce.number().int().positive().optional() }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'admin.webhooks.badRequest') });
		const n = await retryNow(subscriberId, parsed.data.deliveryId);
		if (n === null) error(404, 'Không tìm thấy / Not found');
		wakeWebhookDelivery();
		await audit({ userId: admin.id, ip: clientIp(event) }, 'webhook.retry_now', { type: 'webhook_subscriber', id: subscriberId }, { deliveryId: parsed.data.deliveryId ?? null, made_due: n });
		return { ok: true, message: translate(event.locals.locale, 'admin.webhooks.retried', { n }) };
	}
};
