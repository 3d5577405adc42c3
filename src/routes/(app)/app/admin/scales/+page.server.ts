import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate, type MessageKey } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { parseMinuteText } from '$lib/date-text';
import { localTime } from '$lib/server/calendar/working-days';
import { clientIp } from '$lib/server/http';
import { activateScaleNow, cancelScheduledScale, createScaleVersion, listScales, scheduleScale } from '$lib/server/ratings/scale';
import { scaleFromForm } from '$lib/server/ratings/scale-rules';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { scales: await listScales() };
};

const scaleId = z.coerce.number().int().positive().max(2_147_483_647);

/** The date field's day and time (dd/mm/yyyy HH:mm, or datetime-local's ISO) read as Vietnam time (UTC+7 all year), or null. */
function vietnamInstant(value: string): Date | null {
	const at = parseMinuteText(value);
	return at && localTime(at.day, at.hour, at.minute);
}

const ACTIVATION_PROBLEMS: Record<'unknown' | 'in_force' | 'past_instant', MessageKey> = {
	unknown: 'scales.error.unknown',
	in_force: 'scales.error.inForce',
	past_instant: 'scales.error.pastInstant'
};

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const result = scaleFromForm(form);
		if (!result.ok) return fail(400, { action: 'create' as const, problems: result.problems, values: Object.fromEntries([...form].map(([k, v]) => [k, String(v)])) });
		const made = await createScaleVersion(result.scale);
		await audit({ userId: admin.id, ip: clientIp(event) }, 'scale.create', { type: 'rating_scale', id: made.id }, { code: made.code, version: made.version, levels: result.scale.levels });
		return { ok: true, message: translate(event.locals.locale, 'scales.createdDone', { version: made.version }) };
	},
	activate: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z
			.object({ scaleId, when: z.enum(['now', 'at']), at: z.string().default('') })
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'scales.invalid') });
		const { when } = parsed.data;
		const at = when === 'at' ? vietnamInstant(parsed.data.at) : null;
		if (when === 'at' && !at) return fail(400, { message: translate(event.locals.locale, 'scales.error.instant') });
		const result = at ? await scheduleScale(parsed.data.scaleId, at) : await activateScaleNow(parsed.data.scaleId);
		if (!result.ok) return fail(400, { message: translate(event.locals.locale, ACTIVATION_PROBLEMS[result.problem]) });
		const actor = { userId: admin.id, ip: clientIp(event) };
		const target = { type: 'rating_scale', id: parsed.data.scaleId };
		if (at) await audit(actor, 'scale.schedule', target, { at: at.toISOString(), previous: result.previous });
		else await audit(actor, 'scale.activate', target, { previous: result.previous });
		return { ok: true, message: translate(event.locals.locale, at ? 'scales.scheduled' : 'scales.activated') };
	},
	cancel: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ scaleId }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success || !(await cancelScheduledScale(parsed.data.scaleId))) return fail(400, { message: translate(event.locals.locale, 'scales.invalid') });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'scale.cancel_schedule', { type: 'rating_scale', id: parsed.data.scaleId });
		return { ok: true, message: translate(event.locals.locale, 'scales.cancelled') };
	}
};
