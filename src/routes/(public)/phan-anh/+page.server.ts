import { fail, isActionFailure } from '@sveltejs/kit';
import { DOSSIER_CODE } from '$lib/dossier-code';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { complaintSettings, ComplaintInputError, createComplaint, publicPromise } from '$lib/server/complaints';
import { database, db } from '$lib/server/db';
import { dossiers, officers, REASON_CODES, units } from '$lib/server/db/schema';
import { clientIp } from '$lib/server/http';
import { CONSENT_VERSION, normalisePhone } from '$lib/server/kiosk/contact';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { byVietnamese } from '$lib/vietnamese-order';

/** Units with a one-stop centre, where a citizen can have done a procedure, in Vietnamese alphabetical order. */
async function publicUnits() {
	const rows = await database.rows<{ id: number; name_vi: string; name_en: string | null }>(sql`
		select u.id, u.name_vi, u.name_en from units u
		where exists (select 1 from service_centres c where c.unit_id = u.id) order by u.path`);
	return byVietnamese(rows, (r) => [r.name_vi]).map((r) => ({ id: Number(r.id), nameVi: r.name_vi, nameEn: r.name_en }));
}

export const load: PageServerLoad = async ({ url }) => {
	const dossier = url.searchParams.get('dossier') ?? '';
	return {
		units: await publicUnits(),
		reasons: REASON_CODES,
		dossier: DOSSIER_CODE.test(dossier) ? dossier : '',
		// the deadlines stated on the page are the clocks in force (a citizen's post is a petition)
		promise: publicPromise((await complaintSettings()).regimes),
		via: url.searchParams.get('via') === 'qr' ? 'qr' : 'web'
	};
};

/**
 * At most PER_WINDOW complaints per address in WINDOW_MS: enough for a family or a centre's
 * shared Wi-Fi, not for a flood. A post takes its place before its body is parsed (a flood is
 * refused unread, and concurrent posts cannot all pass one check) and gives it back when it
 * creates no complaint. In memory, as the sign-in throttle (one process per deployment).
 */
const WINDOW_MS = 10 * 60_000;
const PER_WINDOW = 10;
const recent = new Map<string, number[]>();
function reserve(ip: string, now = Date.now()): (() => void) | null {
	let times = recent.get(ip);
	if (!times) {
		times = [];
		recent.set(ip, times);
		if (recent.size > 50_000) recent.delete(recent.keys().next().value!);
	}
	while (times.length > 0 && now - times[0] >= WINDOW_MS) times.shift();
	if (times.length >= PER_WINDOW) return null;
	times.push(now);
	const taken = times;
	return () => {
		const i = taken.lastIndexOf(now);
		if (i >= 0) taken.splice(i, 1);
	};
}

/** Runs the action in a place reserved for the client's address; a failure gives it back. */
function inReservedPlace<R>(action: (event: RequestEvent) => Promise<R>) {
	return async (event: RequestEvent) => {
		const release = reserve(clientIp(event));
		if (!release) return fail(429, { message: translate(event.locals.locale, 'complaints.public.throttled') });
		try {
			const result = await action(event);
			if (isActionFailure(result)) release();
			return result;
		} catch (e) {
			release();
			throw e;
		}
	};
}

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const schema = z.object({
	unitId: z.preprocess(blank, z.coerce.number().int().positive().optional()),
	dossier: z.preprocess(blank, z.string().trim().regex(DOSSIER_CODE).optional()),
	officer: z.preprocess(blank, z.string().trim().max(32).optional()),
	reasons: z.array(z.enum(REASON_CODES)).max(REASON_CODES.length),
	description: z.string().trim().min(10).max(4000),
	phone: z.preprocess(blank, z.string().trim().max(20).optional()),
	consent: z.preprocess((v) => v === 'on', z.boolean()),
	via: z.enum(['web', 'qr']).default('web')
});

export const actions: Actions = {
	default: inReservedPlace(async (event) => {
		const locale = event.locals.locale;
		const ip = clientIp(event);
		const form = await event.request.formData();
		const parsed = schema.safeParse({ ...Object.fromEntries(form), reasons: form.getAll('reasons') });
		if (!parsed.success) {
			const field = parsed.error.issues[0]?.path[0];
			return fail(400, { message: translate(locale, field === 'description' ? 'complaints.form.descriptionNeeded' : 'api.badRequest') });
		}
		const p = parsed.data;
		// the number is checked, never echoed back in the page or a log
		if (p.phone && !p.consent) return fail(400, { message: translate(locale, 'complaints.public.consentNeeded') });
		if (p.phone && !normalisePhone(p.phone)) return fail(400, { message: translate(locale, 'complaints.public.phoneInvalid') });
		let unitId = p.unitId ?? null;
		let dossierId: number | null = null;
		if (p.dossier) {
			const [d] = await db.select({ id: dossiers.id, unitId: dossiers.unitId }).from(dossiers).where(eq(dossiers.code, p.dossier)).limit(1);
			if (!d) return fail(400, { message: translate(locale, 'complaints.form.unknownDossier') });
			dossierId = d.id;
			unitId = d.unitId;
		}
		// any standing unit may be complained about (the list offers those with a one-stop centre)
		const [unit] = unitId ? await db.select({ id: units.id }).from(units).where(and(eq(units.id, unitId), isNull(units.dissolvedAt))) : [];
		if (!unit) return fail(400, { message: translate(locale, 'complaints.public.unitNeeded') });
		// the officer must have been posted in the unit complained about (checked again when the
		// case is stored); an unknown number gets the same answer, so the form tells nobody which
		// staff numbers exist elsewhere
		const officerRefused = () => fail(400, { field: 'officer', message: translate(locale, 'complaints.form.officerNotPosted') });
		let officerId: number | null = null;
		if (p.officer) {
			const [o] = await db.select({ id: officers.id }).from(officers).where(eq(officers.staffNumber, p.officer));
			if (!o) return officerRefused();
			officerId = o.id;
		}
		try {
			const made = await createComplaint({
				unitId: unit.id,
				channel: p.via,
				officerId,
				dossierId,
				reasonCodes: p.reasons,
				description: p.description,
				contact: p.phone ? { phone: p.phone, consentVersion: CONSENT_VERSION } : null,
				receivedAt: new Date()
			}, { userId: null, ip });
			return { ok: true, code: made.code };
		} catch (e) {
			if (e instanceof ComplaintInputError && e.reason === 'officer_not_posted') return officerRefused();
			if (e instanceof ComplaintInputError) return fail(400, { message: translate(locale, 'complaints.public.phoneInvalid') });
			throw e;
		}
	})
};
