import { error, redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n';
import { safeNext } from '$lib/server/http';
import { cookiesSecure } from '$lib/server/security-headers';
import type { RequestHandler } from './$types';

/** The language switch: a plain form post, so it works before JavaScript loads. */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await request.formData().catch(() => error(415, 'Gửi biểu mẫu / Send a form'));
	const lang = form.get('lang');
	if (isLocale(lang)) {
		cookies.set('lang', lang, { path: '/', httpOnly: false, sameSite: 'lax', secure: cookiesSecure(), maxAge: 60 * 60 * 24 * 365 });
	}
	redirect(303, safeNext(form.get('next'), '/'));
};
