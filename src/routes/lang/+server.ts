import { error, redirect } from '@sveltejs/kit';
import { isLocale } from '$lib/i18n';
import type { RequestHandler } from './$types';

/** The language switch: a plain form post, so it works before JavaScript loads. */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await request.formData().catch(() => error(415, 'Gửi biểu mẫu / Send a form'));
	const lang = form.get('lang');
	const next = String(form.get('next') ?? '/');
	if (isLocale(lang)) {
		cookies.set('lang', lang, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
	}
	// Only same-site paths: never an open redirect.
	redirect(303, next.startsWith('/') && !next.startsWith('//') ? next : '/');
};
