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
import { activeCounters } from '$lib/server/centres/active-counters';
import { isoOrNull, num, type DbNumber, type DbTime } from '$lib/server/db/decode';
import type { Actions, PageServerLoad } from './$types';

type DeviceRow = {
	id: DbNumber;
	uid: string;
	kind: 'tablet' | 'button_box';
	label: string | null;
	firmware: string | null;
	last_seen_at: DbTime | null;
	revoked_at: DbTime | null;
	counter_vi: string | null;
	counter_en: string | null;
	centre_vi: string | null;
	centre_en: string | null;
	ratings_today: DbNumber;
};

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const devices = await database.rows<DeviceRow>(sql`
		select d.id, d.uid, d.kind, d.label, d.firmware, d.last_seen_at, d.revoked_at,
			k.name_vi as counter_vi, k.name_en as counter_en, c.name_vi as centre_vi, c.name_en as centre_en,
			(select count(*) from ratings r where r.device_id = d.id and r.received_at >= ${startOfLocalDay(new Date()).toISOString()}::timestamptz) as ratings_today
		from devices d
		left join device_bindings b on b.device_id = d.id and b.unbound_at is null
		left join counters k on k.id = b.counter_id
		left join service_centres c on c.id = k.centre_id
		order by d.revoked_at nulls first, c.name_vi, k.code, d.uid`);
	return {
		devices: devices.map((d) => ({
			id: num(d.id),
			uid: d.uid,
			kind: d.kind,
			label: d.label,
			firmware: d.firmware,
			lastSeenAt: isoOrNull(d.last_seen_at),
			revoked: d.revoked_at !== null,
			ratingsToday: num(d.ratings_today),
			counterVi: d.counter_vi ? `${d.centre_vi} — ${d.counter_vi}` : null,
			counterEn: d.counter_en ? `${d.centre_en ?? d.centre_vi} — ${d.counter_en}` : null
		})),
		counters: (await activeCounters()).map((k) => ({
			id: k.id,
			nameVi: `${k.centreVi} — ${k.nameVi}`,
			nameEn: k.nameEn ? `${k.centreEn ?? k.centreVi} — ${k.nameEn}` : null
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
