import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { adminExists, createAdmin } from '$lib/server/users/create-admin';
import { clientIp } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** One-time set-up: only while no administrator exists. Afterwards it is a 404 for everyone. */
export const load: PageServerLoad = async () => {
	if (await adminExists()) error(404, 'Not found');
	return {};
};

const Setup = z.object({
	username: z.string().trim(),
	displayName: z.string().trim().min(1).max(120),
	password: z.string(),
	passwordAgain: z.string()
});

export const actions: Actions = {
	default: async (event) => {
		const { request, locals } = event;
		const form = Object.fromEntries(await request.formData());
		const parsed = Setup.safeParse(form);
		const back = { username: String(form.username ?? '').slice(0, 64), displayName: String(form.displayName ?? '').slice(0, 120) };
		if (!parsed.success) return fail(400, { ...back, message: translate(locals.locale, 'login.missing') });
		if (parsed.data.password !== parsed.data.passwordAgain) {
			return fail(400, { ...back, message: translate(locals.locale, 'password.mismatch') });
		}
		const result = await createAdmin({ ...parsed.data, onlyIfNone: true });
		if (!result.ok) {
			if (result.problem === 'admin_exists') error(404, 'Not found');
			return fail(400, { ...back, message: translate(locals.locale, result.problem) });
		}
		await audit({ userId: result.userId, ip: clientIp(event) }, 'user.create_first_admin', { type: 'user', id: result.userId });
		redirect(303, '/login');
	}
};
