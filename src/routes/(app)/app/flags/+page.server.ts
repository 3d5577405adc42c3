import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { requireRole, scopePaths } from '$lib/server/auth/guard';
import { clientIp } from '$lib/server/http';
import { acceptedDaySchema } from '$lib/server/calendar';
import { acknowledgeFlag, computeFlags, flagId, periodLabel } from '$lib/server/flags';
import { ACK_ROLES, loadFlags, parsePeriod } from './data';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadFlags(event);

const ackSchema = z.object({
	id: z.string().min(1).max(200),
	note: z.string().trim().min(1).max(1000),
	from: acceptedDaySchema,
	to: acceptedDaySchema
});

export const actions: Actions = {
	acknowledge: async (event) => {
		const user = requireRole(event, ...ACK_ROLES);
		const parsed = ackSchema.safeParse(Object.fromEntries(await event.request.formData()));
		const locale = event.locals.locale;
		if (!parsed.success) {
			return fail(400, { message: translate(locale, 'flags.ack.noteRequired'), id: null as string | null });
		}
		const { period } = parsePeriod(parsed.data);
		// The flag must be raised now, for this period and within the user's scope: an id cannot be
		// acknowledged blind, nor one outside the subtree the user answers for.
		const flags = await computeFlags(scopePaths(user, ...ACK_ROLES), period);
		const label = periodLabel(period);
		const flag = flags.find((f) => flagId(f, label) === parsed.data.id);
		if (!flag) return fail(404, { message: translate(locale, 'flags.ack.notFound'), id: parsed.data.id });
		await acknowledgeFlag({ userId: user.id, ip: clientIp(event) }, flag, period, parsed.data.note);
		return { ok: true, message: translate(locale, 'flags.ack.done'), id: parsed.data.id };
	}
};
