import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate, type MessageKey } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { WEBHOOK_EVENT_TYPES } from '$lib/server/db/schema';
import { clientIp } from '$lib/server/http';
import { checkSubscriberUrl, createSubscriber, deleteSubscriber, listSubscribers, readWebhookSettings, rotateSecret, setPaused } from '$lib/server/webhooks';
import type { Actions, PageServerLoad } from './$types';

const DAY = 86_400_000;

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const settings = readWebhookSettings();
	// the secret never leaves the server after creation: listSubscribers does not read it
	return { subscribers: await listSubscribers(), allowPrivateHttp: settings.allowPrivateHttp, expireDays: settings.expireMs / DAY, events: [...WEBHOOK_EVENT_TYPES] };
};

const idForm = z.object({ subscriberId: z.coerce.number().int().positive() });

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '').trim();
		const url = String(form.get('url') ?? '');
		const events = form.getAll('events').map(String);
		const values = { name, url, events };
		if (name.length < 1 || name.length > 120) return fail(400, { message: translate(locale, 'admin.webhooks.error.name'), values });
		const chosen = z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).safeParse(events);
		if (!chosen.success) return fail(400, { message: translate(locale, 'admin.webhooks.error.events'), values });
		const checked = checkSubscriberUrl(url, readWebhookSettings().allowPrivateHttp);
		if (!checked.ok) return fail(400, { message: translate(locale, `admin.webhooks.error.url.${checked.problem}` as MessageKey), values });
		const made = await createSubscriber({ name, url: checked.url, events: chosen.data }, admin.id);
		await audit({ userId: admin.id, ip: clientIp(event) }, 'webhook.create', { type: 'webhook_subscriber', id: made.id }, { name, host: new URL(checked.url).host, events: chosen.data });
		return { ok: true, message: translate(locale, 'admin.webhooks.created'), secret: made.secret, subscriberId: made.id };
	},
	pause: async (event) => changeState(event, 'pause'),
	resume: async (event) => changeState(event, 'resume'),
	rotate: async (event) => {
		const admin = requireAdmin(event);
		const parsed = idForm.safeParse(Object.fromEntries(await event.request.formData()));
		const secret = parsed.success ? await rotateSecret(parsed.data.subscriberId) : null;
		if (!parsed.success || !secret) return fail(400, { message: translate(event.locals.locale, 'admin.webhooks.badRequest') });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'webhook.rotate_secret', { type: 'webhook_subscriber', id: parsed.data.subscriberId });
		return { ok: true, message: translate(event.locals.locale, 'admin.webhooks.rotated'), secret, subscriberId: parsed.data.subscriberId };
	},
	delete: async (event) => {
		const admin = requireAdmin(event);
		const parsed = idForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success || !(await deleteSubscriber(parsed.data.subscriberId))) return fail(400, { message: translate(event.locals.locale, 'admin.webhooks.badRequest') });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'webhook.delete', { type: 'webhook_subscriber', id: parsed.data.subscriberId });
		return { ok: true, message: translate(event.locals.locale, 'admin.webhooks.deleted') };
	}
};

async function changeState(event: Parameters<Actions[string]>[0], change: 'pause' | 'resume') {
	const admin = requireAdmin(event);
	const parsed = idForm.safeParse(Object.fromEntries(await event.request.formData()));
	if (!parsed.success || !(await setPaused(parsed.data.subscriberId, change === 'pause'))) return fail(400, { message: translate(event.locals.locale, 'admin.webhooks.badRequest') });
	await audit({ userId: admin.id, ip: clientIp(event) }, `webhook.${change}`, { type: 'webhook_subscriber', id: parsed.data.subscriberId });
	const message = change === 'pause' ? translate(event.locals.locale, 'admin.webhooks.paused', { days: readWebhookSettings().expireMs / DAY }) : translate(event.locals.locale, 'admin.webhooks.resumed');
	return { ok: true, message };
}
