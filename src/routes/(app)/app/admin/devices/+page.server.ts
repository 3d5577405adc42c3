import { fail } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { database } from '$lib/server/db';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { CounterNotInServiceError, createPairingCode, revokeDevice } from '$lib/server/auth/credentials';
import { clientIp } from '$lib/server/http';
import { startOfLocalDay } from '$lib/server/calendar';
import type { Actions, PageServerLoad } from './$types';
import { byVietnamese } from '$lib/vietnamese-order';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const devices = await database.rows<Record<string, unknown>>(sql`
		select d.id, d.uid, d.kind, d.label, d.firmware, d.last_seen_at, d.revoked_at,
			k.name_vi as counter_vi, k.name_en as counter_en, c.name_vi as centre_vi, c.name_en as centre_en,
			(select count(*) from ratings r where r.device_id = d.id and r.received_at >= ${startOfLocalDay(new Date()).toISOString()}::timestamptz) as ratings_today
		from devices d
		left join device_bindings b on b.device_id = d.id and b.unbound_at is null
		left join counters k on k.id = b.counter_id
		left join service_centres c on c.id = k.centre_id
		order by d.revoked_at nulls first, c.name_vi, k.code, d.uid`);
	const counters = await database.rows<Record<string, unknown>>(sql`
		select k.id, k.name_vi, k.name_en, c.name_vi as centre_vi, c.name_en as centre_en
		from counters k join service_centres c on c.id = k.centre_id where k.active and c.active order by c.name_vi, k.code`);
	return {
		devices: devices.map((d) => ({
			id: Number(d.id),
			uid: String(d.uid),
			kind: String(d.kind) as 'tablet' | 'button_box',
			label: d.label as string | null,
			firmware: d.firmware as string | null,
			lastSeenAt: d.last_seen_at ? new Date(d.last_seen_at as string).toISOString() : null,
			revoked: d.revoked_at !== null,
			ratingsToday: Number(d.ratings_today),
			counterVi: d.counter_vi ? `${d.centre_vi} — ${d.counter_vi}` : null,
			counterEn: d.counter_en ? `${d.centre_en ?? d.centre_vi} — ${d.counter_en}` : null
		})),
		counters: byVietnamese(counters, (k) => [String(k.centre_vi)]).map((k) => ({
			id: Number(k.id),
			nameVi: `${k.centre_vi} — ${k.name_vi}`,
			nameEn: k.name_en ? `${k.centre_en ?? k.centre_vi} — ${k.name_en}` : null
		}))
	};
};

const id = z.coerce.number().int().positive();


export const actions: Actions = {
	pair: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ counterId: id }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		let code;
		try {
			code = await createPairingCode(parsed.data.counterId, admin.id);
		} catch (e) {
			return fail(400, { message: translate(event.locals.locale, e instanceof CounterNotInServiceError ? 'centres.counterRetired' : 'api.badRequest') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, 'device.pairing_code', { type: 'counter', id: parsed.data.counterId });
		return { ok: true, pairing: { code: code.code, expiresAt: code.expiresAt.toISOString(), counterId: parsed.data.counterId } };
	},
	revoke: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ deviceId: id }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success || !(await revokeDevice(parsed.data.deviceId))) {
			return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, 'device.revoke', { type: 'device', id: parsed.data.deviceId });
		return { ok: true, message: translate(event.locals.locale, 'admin.devices.revokedDone') };
	}
};
