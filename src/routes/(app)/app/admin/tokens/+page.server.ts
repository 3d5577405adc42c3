import { fail } from '@sveltejs/kit';
import { asc, sql } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { db, database } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { createIntegrationToken, revokeIntegrationToken } from '$lib/server/auth/credentials';
import { clientIp } from '$lib/server/http';
import { iso, isoOrNull, num, type DbNumber, type DbTime } from '$lib/server/db/decode';
import type { Actions, PageServerLoad } from './$types';

type TokenRow = { id: DbNumber; name: string; created_at: DbTime; last_used_at: DbTime | null; revoked_at: DbTime | null; name_vi: string; name_en: string | null };

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const tokens = await database.rows<TokenRow>(sql`
		select t.id, t.name, t.created_at, t.last_used_at, t.revoked_at, u.name_vi, u.name_en
		from integration_tokens t join units u on u.id = t.unit_id order by t.revoked_at nulls first, t.created_at desc`);
	const unitList = await db.select({ id: units.id, nameVi: units.nameVi, nameEn: units.nameEn, path: units.path }).from(units).orderBy(asc(units.path));
	return {
		tokens: tokens.map((x) => ({
			id: num(x.id),
			name: x.name,
			unitVi: x.name_vi,
			unitEn: x.name_en,
			createdAt: iso(x.created_at),
			lastUsedAt: isoOrNull(x.last_used_at),
			revoked: x.revoked_at !== null
		})),
		units: unitList.map((u) => ({ ...u, depth: u.path.split('/').length - 3 }))
	};
};

const id = z.coerce.number().int().positive();

export const actions: Actions = {
	create: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z
			.object({ unitId: id, name: z.string().trim().min(1).max(120) })
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		let created;
		try {
			created = await createIntegrationToken(parsed.data.unitId, parsed.data.name, admin.id);
		} catch {
			return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, 'integration_token.create', { type: 'integration_token', id: created.id }, {
			unitId: parsed.data.unitId
		});
		return { ok: true, token: created.token };
	},
	revoke: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ tokenId: id }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success || !(await revokeIntegrationToken(parsed.data.tokenId, admin.id))) {
			return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, 'integration_token.revoke', { type: 'integration_token', id: parsed.data.tokenId });
		return { ok: true, message: translate(event.locals.locale, 'admin.tokens.revokedDone') };
	}
};
