import { fail, redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { hasRole, requireAdmin, requireRole, scopePaths } from '$lib/server/auth/guard';
import { CENTRE_LABELS, centreItemFromForm, listCentres, saveCentre, unitChoices } from '$lib/server/centres/admin';
import { CENTRE_KINDS } from '$lib/server/db/schema';
import { db } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import { formFailure } from '$lib/server/procedures/admin';
import type { Actions, PageServerLoad } from './$types';

/** Centres in the user's scope: administrators see and add every centre; unit heads open theirs to manage counters. */
export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'unit_head');
	const scope = scopePaths(user, 'unit_head');
	const isAdmin = hasRole(user);
	const [centres, units] = await Promise.all([listCentres(db, scope), isAdmin ? unitChoices(db, null) : Promise.resolve([])]);
	return { centres, units, kinds: CENTRE_KINDS, canAddCentre: isAdmin };
};

export const actions: Actions = {
	createCentre: async (event) => {
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const item = centreItemFromForm(await event.request.formData());
		const saved = await saveCentre(db, item, null);
		if (!saved.ok) return fail(400, formFailure(locale, 'centres.invalid', saved.problems, CENTRE_LABELS));
		await audit({ userId: admin.id, ip: clientIp(event) }, 'centre.create', { type: 'service_centre', id: saved.id }, { code: item.code });
		redirect(303, `/app/admin/centres/${saved.id}?created=1`);
	}
};
