import { fail } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { requireAdmin } from '$lib/server/auth/guard';
import { UNIT_LEVELS } from '$lib/server/db/schema';
import { clientIp } from '$lib/server/http';
import { allUnits, createUnit, formProblems, unitFromForm, unitTree } from '$lib/server/units/admin';
import type { Actions, PageServerLoad } from './$types';

/** Quản trị → Đơn vị: the tree (searchable by name or code) and a unit added by hand. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const query = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const all = await allUnits();
	const tree = unitTree(all, query);
	return {
		query,
		total: all.length,
		tree,
		// A parent is a province, an agency or a district; communes have no units under them.
		parents: unitTree(all)
			.filter((u) => u.level !== 'commune' && !u.dissolvedAt)
			.map(({ code, nameVi, nameEn, depth }) => ({ code, nameVi, nameEn, depth })),
		levels: UNIT_LEVELS
	};
};

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const form = unitFromForm(await event.request.formData());
		const result = form.ok ? await createUnit(form.item, { userId: admin.id, ip: clientIp(event), via: 'form' }) : form;
		if (!result.ok) return fail(400, { message: translate(locale, 'units.form.invalid'), problems: formProblems(locale, result.problems) });
		return { ok: true, created: result.id, message: translate(locale, 'units.form.created', { code: form.ok ? form.item.code : '' }) };
	}
};
