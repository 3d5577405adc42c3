import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { hasRole, idParam, requireAdmin, requireRole, requireUnitAccess } from '$lib/server/auth/guard';
import {
	CENTRE_LABELS,
	COUNTER_LABELS,
	centreDetail,
	centreItemFromForm,
	counterItemFromForm,
	saveCentre,
	saveCounter,
	setCentreActive,
	setCounterActive,
	unitChoices
} from '$lib/server/centres/admin';
import { CENTRE_KINDS } from '$lib/server/db/schema';
import { db } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import { formFailure } from '$lib/server/procedures/admin';
import { listFields } from '$lib/server/procedures/fields';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * One centre and its counters. Unit heads manage the counters of centres in their subtree;
 * administrators also change the centre itself. A centre out of scope is a 404.
 */
async function centreInScope(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	requireRole(event, 'unit_head'); // signed in with the role before anything is looked up
	const centre = await centreDetail(db, idParam(event.params.id));
	if (!centre) error(404, 'Không tìm thấy / Not found');
	const { user } = await requireUnitAccess(event, centre.unitId, 'unit_head');
	return { user, centre };
}

export const load: PageServerLoad = async (event) => {
	const { user, centre } = await centreInScope(event);
	const isAdmin = hasRole(user);
	const { unitPath: _path, ...shown } = centre;
	const [fields, units] = await Promise.all([listFields(db), isAdmin ? unitChoices(db, null) : Promise.resolve([])]);
	return { centre: shown, fields, units, kinds: CENTRE_KINDS, canEditCentre: isAdmin, created: event.url.searchParams.has('created') };
};

const Toggle = z.object({ active: z.enum(['1', '0']) });
const CounterToggle = z.object({ counterId: z.coerce.number().int().positive(), active: z.enum(['1', '0']) });

/** The counter named by the form, if it belongs to this centre. */
function ownCounter(centre: { counters: { id: number; code: string }[] }, value: FormDataEntryValue | null) {
	const id = Number(value);
	return centre.counters.find((k) => k.id === id) ?? null;
}

export const actions: Actions = {
	saveCentre: async (event) => {
		const { centre } = await centreInScope(event);
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const item = centreItemFromForm(await event.request.formData());
		const saved = await saveCentre(db, item, null, centre.id);
		if (!saved.ok) return fail(400, formFailure(locale, 'centres.invalid', saved.problems, CENTRE_LABELS));
		if (saved.result !== 'unchanged') await audit({ userId: admin.id, ip: clientIp(event) }, 'centre.update', { type: 'service_centre', id: centre.id }, { code: item.code });
		return { ok: true, message: translate(locale, saved.result === 'unchanged' ? 'centres.unchanged' : 'centres.saved') };
	},
	setCentreActive: async (event) => {
		const { centre } = await centreInScope(event);
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const parsed = Toggle.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(locale, 'api.badRequest') });
		const active = parsed.data.active === '1';
		if (await setCentreActive(db, centre.id, active)) {
			await audit({ userId: admin.id, ip: clientIp(event) }, active ? 'centre.activate' : 'centre.deactivate', { type: 'service_centre', id: centre.id });
		}
		return { ok: true, message: translate(locale, active ? 'centres.activated' : 'centres.deactivated') };
	},
	createCounter: async (event) => {
		const { user, centre } = await centreInScope(event);
		const locale = event.locals.locale;
		const item = counterItemFromForm(await event.request.formData());
		const saved = await saveCounter(db, centre.id, item);
		if (!saved.ok) return fail(400, formFailure(locale, 'centres.invalid', saved.problems, COUNTER_LABELS));
		await audit({ userId: user.id, ip: clientIp(event) }, 'counter.create', { type: 'counter', id: saved.id }, { centreId: centre.id, code: item.code });
		return { ok: true, message: translate(locale, 'centres.counters.created', { code: String(item.code) }) };
	},
	saveCounter: async (event) => {
		const { user, centre } = await centreInScope(event);
		const locale = event.locals.locale;
		const form = await event.request.formData();
		const counter = ownCounter(centre, form.get('counterId'));
		if (!counter) return fail(400, { message: translate(locale, 'api.badRequest') });
		const item = counterItemFromForm(form);
		const saved = await saveCounter(db, centre.id, item, counter.id);
		if (!saved.ok) return fail(400, { ...formFailure(locale, 'centres.invalid', saved.problems, COUNTER_LABELS), counterId: counter.id });
		if (saved.result !== 'unchanged') {
			await audit({ userId: user.id, ip: clientIp(event) }, 'counter.update', { type: 'counter', id: counter.id }, { centreId: centre.id, code: item.code });
		}
		return { ok: true, message: translate(locale, saved.result === 'unchanged' ? 'centres.unchanged' : 'centres.counters.saved', { code: String(item.code) }) };
	},
	setCounterActive: async (event) => {
		const { user, centre } = await centreInScope(event);
		const locale = event.locals.locale;
		const parsed = CounterToggle.safeParse(Object.fromEntries(await event.request.formData()));
		const counter = parsed.success ? ownCounter(centre, String(parsed.data.counterId)) : null;
		if (!parsed.success || !counter) return fail(400, { message: translate(locale, 'api.badRequest') });
		const active = parsed.data.active === '1';
		if (await setCounterActive(db, counter.id, active)) {
			await audit({ userId: user.id, ip: clientIp(event) }, active ? 'counter.activate' : 'counter.deactivate', { type: 'counter', id: counter.id }, { centreId: centre.id });
		}
		return { ok: true, message: translate(locale, active ? 'centres.counters.activated' : 'centres.counters.deactivated', { code: counter.code }) };
	}
};
