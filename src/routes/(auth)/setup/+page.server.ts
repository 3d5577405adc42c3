import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { adminExists, createFirstAdmin } from '$lib/server/users/create-admin';
import { clientIp } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** The code's shape (base32 of 160 random bits); its value is checked against the stored hash. */
const TOKEN = /^[a-z2-7]{16,64}$/;

/**
 * One-time set-up: only while no active administrator exists, and only with the code printed
 * in the start-up banner (`/setup?token=…` fills it in). Afterwards it is a 404 for everyone.
 */
export const load: PageServerLoad = async ({ url }) => {
	if (await adminExists()) error(404, 'Not found');
	const token = url.searchParams.get('token') ?? '';
	return { token: TOKEN.test(token) ? token : '' };
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
		if (await adminExists()) error(404, 'Not found');
		const form = Object.fromEntries(await request.formData());
		const back = {
			token: typeof form.token === 'string' ? form.token.slice(0, 64) : '',
			username: String(form.username ?? '').slice(0, 64),
			displayName: String(form.displayName ?? '').slice(0, 120)
		};
		const token = typeof form.token === 'string' ? form.token.trim().toLowerCase() : '';
		if (!TOKEN.test(token)) return fail(400, { ...back, message: translate(locals.locale, 'setup.tokenInvalid') });
		const parsed = Setup.safeParse(form);
		if (!parsed.success) return fail(400, { ...back, message: translate(locals.locale, 'login.missing') });
		if (parsed.data.password !== parsed.data.passwordAgain) {
			return fail(400, { ...back, message: translate(locals.locale, 'password.mismatch') });
		}
		const { username, displayName, password } = parsed.data;
		const result = await createFirstAdmin({ username, displayName, password }, token);
		if (!result.ok) {
			if (result.problem === 'admin_exists') error(404, 'Not found');
			return fail(400, { ...back, message: translate(locals.locale, result.problem) });
		}
		await audit({ userId: result.userId, ip: clientIp(event) }, 'user.create_first_admin', { type: 'user', id: result.userId });
		redirect(303, '/login');
	}
};
