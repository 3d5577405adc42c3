import { redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { clientIp } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		const { locals, cookies } = event;
		if (locals.session) {
			await invalidateSession(locals.session.id);
			await audit({ userId: locals.user?.id, ip: clientIp(event) }, 'sign_out');
		}
		deleteSessionCookie(cookies);
		redirect(303, '/login?signedOut');
	}
};
