import { fail, redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { clientIp } from '$lib/server/http';
import { requireOfficerManager } from '$lib/server/officers/access';
import { createOfficer, listOfficers, postingUnits, problemText } from '$lib/server/officers/admin';
import { officerItemSchema } from '$lib/server/officers/schema';
import { zodProblems } from '$lib/server/dossiers/errors';
import type { Actions, PageServerLoad } from './$types';

/** Officers: administrators everywhere, unit heads where the officer belongs (their subtree). */
export const load: PageServerLoad = async (event) => {
	const { scope } = requireOfficerManager(event);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const page = Number(event.url.searchParams.get('page')) || 1;
	const [list, units] = await Promise.all([listOfficers(scope, { q, page }), postingUnits(scope)]);
	return { ...list, q, units, everywhere: scope === null };
};

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};

export const actions: Actions = {
	create: async (event) => {
		const { user, scope } = requireOfficerManager(event);
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const unitId = Number(form.get('unitId'));
		const unit = unitId ? (await postingUnits(scope)).find((u) => u.id === unitId) : undefined;
		const parsed = officerItemSchema.safeParse({
			staffNumber: text(form, 'staffNumber'),
			fullName: text(form, 'fullName'),
			titleVi: text(form, 'titleVi'),
			titleEn: text(form, 'titleEn'),
			postings: unit
				? [{ unitCode: unit.code, positionVi: text(form, 'positionVi'), positionEn: text(form, 'positionEn'), from: text(form, 'from') }]
				: undefined
		});
		const values = Object.fromEntries([...form].filter(([, v]) => typeof v === 'string'));
		if (!parsed.success) return fail(400, { values, message: problemText(locale, zodProblems(parsed.error)) });
		const made = await createOfficer(parsed.data, scope);
		if (!made.ok) return fail(400, { values, message: problemText(locale, made.problems) });
		await audit({ userId: user.id, ip: clientIp(event) }, 'officer.create', { type: 'officer', id: made.id }, { staffNumber: parsed.data.staffNumber, unitId: unit?.id ?? null });
		redirect(303, `/app/admin/officers/${made.id}?created=1`);
	}
};

