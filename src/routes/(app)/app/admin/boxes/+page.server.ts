import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { database, db } from '$lib/server/db';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { publish } from '$lib/server/events/bus';
import { clientIp } from '$lib/server/http';
import { config } from '$lib/server/config';
import { activeCounters } from '$lib/server/centres/active-counters';
import { assignBridgeCounters, bindBox, boxStatusList, BRIDGE_WARNING_DAYS, bridgeList, unidentifiedPorts } from '$lib/server/serial/admin';
import { createBridgeToken, revokeBridge } from '$lib/server/serial/bridge-auth';
import { translate } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return {
		boxes: await boxStatusList(database),
		ports: await unidentifiedPorts(database),
		bridges: await bridgeList(database),
		warningDays: BRIDGE_WARNING_DAYS,
		maxAgeDays: config().bridgeMaxAgeMs / 86_400_000,
		counters: (await activeCounters()).map((k) => ({
			id: k.id,
			nameVi: `${k.centreVi} — ${k.nameVi}`,
			nameEn: `${k.centreEn ?? k.centreVi} — ${k.nameEn ?? k.nameVi}`
		}))
	};
};

const id = z.coerce.number().int().positive();

export const actions: Actions = {
	bind: async (event) => {
		const admin = requireAdmin(event);
		const lang = event.locals.locale;
		const parsed = z
			.object({ deviceId: id, counterId: z.union([id, z.literal('')]), uid: z.string().max(64) })
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(lang, 'admin.boxes.badRequest') });
		const counterId = parsed.data.counterId === '' ? null : parsed.data.counterId;
		let ok = false;
		try {
			ok = await bindBox(db, parsed.data.deviceId, counterId, admin.id);
		} catch {
			ok = false; // an unknown counter id
		}
		if (!ok) return fail(400, { message: translate(lang, 'admin.boxes.badRequest') });
		await audit({ userId: admin.id, ip: clientIp(event) }, counterId ? 'box.bind' : 'box.unbind', { type: 'device', id: parsed.data.deviceId }, { counterId });
		publish('device.status', { deviceId: parsed.data.deviceId });
		return { ok: true, message: translate(lang, counterId ? 'admin.boxes.bound' : 'admin.boxes.unbound', { uid: parsed.data.uid }) };
	},
	createBridge: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ name: z.string().trim().min(1).max(80) }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'admin.boxes.badRequest') });
		const { id: bridgeId, token } = await createBridgeToken(db, parsed.data.name, admin.id);
		await audit({ userId: admin.id, ip: clientIp(event) }, 'bridge.create', { type: 'bridge', id: bridgeId }, { name: parsed.data.name });
		return { ok: true, token };
	},
	assignBridge: async (event) => {
		const admin = requireAdmin(event);
		const form = await event.request.formData();
		const parsed = z.object({ bridgeId: id, counterIds: z.array(id).max(2000) }).safeParse({ bridgeId: form.get('bridgeId'), counterIds: form.getAll('counterId') });
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'admin.boxes.badRequest') });
		let ok = false;
		try {
			ok = await assignBridgeCounters(db, parsed.data.bridgeId, parsed.data.counterIds, admin.id);
		} catch {
			ok = false; // an unknown counter id
		}
		if (!ok) return fail(400, { message: translate(event.locals.locale, 'admin.boxes.badRequest') });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'bridge.assign', { type: 'bridge', id: parsed.data.bridgeId }, { counterIds: parsed.data.counterIds });
		return { ok: true, message: translate(event.locals.locale, 'admin.boxes.bridges.assigned', { n: new Set(parsed.data.counterIds).size }) };
	},
	revokeBridge: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ bridgeId: id }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success || !(await revokeBridge(db, parsed.data.bridgeId, admin.id))) {
			return fail(400, { message: translate(event.locals.locale, 'admin.boxes.badRequest') });
		}
		await audit({ userId: admin.id, ip: clientIp(event) }, 'bridge.revoke', { type: 'bridge', id: parsed.data.bridgeId });
		return { ok: true, message: translate(event.locals.locale, 'admin.boxes.bridges.revokedDone') };
	}
};
