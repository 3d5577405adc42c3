import { fail } from '@sveltejs/kit';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { db } from '$lib/server/db';
import { ROLES, units } from '$lib/server/db/schema';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { clientIp } from '$lib/server/http';
import { createUser, grantRole, listUsers, revokeRole, setDisabled } from '$lib/server/users/admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const [users, unitList] = await Promise.all([
		listUsers(),
		db.select({ id: units.id, nameVi: units.nameVi, nameEn: units.nameEn, path: units.path }).from(units).orderBy(asc(units.path))
	]);
	return { users, units: unitList.map((u) => ({ ...u, depth: u.path.split('/').length - 3 })), roles: ROLES };
};

const id = z.coerce.number().int().positive();

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const form = Object.fromEntries(await event.request.formData());
		const parsed = z
			.object({ username: z.string().trim(), displayName: z.string().trim().min(1).max(120), password: z.string() })
			.safeParse(form);
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'login.missing') });
		const result = await createUser(parsed.data);
		if (!result.ok) return fail(400, { message: translate(event.locals.locale, result.problem) });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'user.create', { type: 'user', id: result.userId }, { username: parsed.data.username });
		return { ok: true, message: translate(event.locals.locale, 'admin.users.created', { username: parsed.data.username }) };
	},
	grant: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z
			.object({ userId: id, role: z.enum(ROLES), unitId: z.union([z.literal('').transform(() => null), id]) })
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success || !(await grantRole(parsed.data.userId, parsed.data.role, parsed.data.unitId, admin.id))) {
			return fail(400, { message: translate(event.locals.locale, 'admin.users.roleInvalid') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, 'role.grant', { type: 'user', id: parsed.data.userId }, {
			role: parsed.data.role,
			unitId: parsed.data.unitId
		});
		return { ok: true, message: translate(event.locals.locale, 'admin.users.granted') };
	},
	revoke: async (event) => {
		const admin = requireAdmin(event);
		// the role row is named by its id alone: what it is, and whether it is the last
		// administrator's, is read from the database (a `role` field in the form is ignored)
		const parsed = z.object({ roleId: id }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		const revoked = await revokeRole(parsed.data.roleId, admin.id);
		if (!revoked.ok) {
			if (revoked.reason === 'last_admin') return fail(400, { message: translate(event.locals.locale, 'admin.users.lastAdmin') });
			return fail(404, { message: translate(event.locals.locale, 'api.badRequest') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, 'role.revoke', { type: 'user', id: revoked.userId }, {
			roleId: parsed.data.roleId,
			role: revoked.role,
			unitId: revoked.unitId
		});
		return { ok: true, message: translate(event.locals.locale, 'admin.users.revoked') };
	},
	disable: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ userId: id, disabled: z.enum(['1', '0']) }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		const disable = parsed.data.disabled === '1';
		if (disable && parsed.data.userId === admin.id) return fail(400, { message: translate(event.locals.locale, 'admin.users.self') });
		const done = await setDisabled(parsed.data.userId, disable);
		if (!done.ok) {
			if (done.reason === 'last_admin') return fail(400, { message: translate(event.locals.locale, 'admin.users.lastAdmin') });
			return fail(404, { message: translate(event.locals.locale, 'api.badRequest') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, disable ? 'user.disable' : 'user.enable', { type: 'user', id: parsed.data.userId });
		return { ok: true, message: translate(event.locals.locale, disable ? 'admin.users.disabledDone' : 'admin.users.enabledDone') };
	}
};
