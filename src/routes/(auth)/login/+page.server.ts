import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { config } from '$lib/server/config';
import { demoPasswordPath, demoSignIns } from '$lib/server/demo/sign-in-list';
import { DEVICE_COOKIE, attemptSignIn, deviceCookieFor } from '$lib/server/auth/sign-in';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { clientIp, safeNext } from '$lib/server/http';
import { cookiesSecure } from '$lib/server/security-headers';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	const cfg = config();
	// demo mode only: the fictitious accounts by role, and the file that holds their password (never the password)
	const demo = cfg.demo ? { accounts: await demoSignIns(), passwordFile: demoPasswordPath(cfg) } : null;
	return { demo, signedOut: url.searchParams.has('signedOut') };
};

const SignIn = z.object({
	username: z.string().trim().min(1).max(64),
	password: z.string().min(1).max(1024)
});

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, locals, url } = event;
		const form = Object.fromEntries(await request.formData());
		const parsed = SignIn.safeParse(form);
		const username = typeof form.username === 'string' ? form.username.slice(0, 64) : '';
		if (!parsed.success) return fail(400, { username, message: translate(locals.locale, 'login.missing') });

		const result = await attemptSignIn({
			username: parsed.data.username,
			password: parsed.data.password,
			ip: clientIp(event),
			deviceCookie: cookies.get(DEVICE_COOKIE)
		});
		if (!result.ok) {
			const message =
				result.reason === 'throttled'
					? translate(locals.locale, 'login.throttled', { seconds: result.waitSeconds })
					: translate(locals.locale, 'login.invalid');
			return fail(result.reason === 'throttled' ? 429 : 400, { username, message });
		}
		const { token, session } = await createSession(result.userId, {
			ip: clientIp(event),
			userAgent: request.headers.get('user-agent')
		});
		setSessionCookie(cookies, token, session.expiresAt);
		cookies.set(DEVICE_COOKIE, await deviceCookieFor(result.username), {
			path: '/login',
			httpOnly: true,
			sameSite: 'strict',
			secure: cookiesSecure(),
			maxAge: 60 * 60 * 24 * 365
		});
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
