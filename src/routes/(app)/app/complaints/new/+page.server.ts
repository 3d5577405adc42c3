import { fail, redirect } from '@sveltejs/kit';
import { DOSSIER_CODE } from '$lib/dossier-code';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { hasRole, requireRole, requireUnitAccess, scopePaths } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import { ComplaintInputError, createComplaint } from '$lib/server/complaints';
import { ACT_ROLES, RECORD_ROLES } from '$lib/server/complaints/access';
import { CONSENT_VERSION } from '$lib/server/kiosk/contact';
import { COMPLAINT_KINDS, dossiers, officers, REASON_CODES, units } from '$lib/server/db/schema';
import { unitsInScope } from '../shared.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, ...RECORD_ROLES);
	// only inspectors (and administrators) classify: a unit head records petitions
	return { units: await unitsInScope(scopePaths(user, ...RECORD_ROLES)), canClassify: hasRole(user, ...ACT_ROLES) };
};

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const schema = z.object({
	unitId: z.coerce.number().int().positive(),
	channel: z.enum(['hotline', 'in_person']),
	kind: z.enum(COMPLAINT_KINDS).default('petition'),
	officer: z.preprocess(blank, z.string().trim().max(32).optional()),
	dossier: z.preprocess(blank, z.string().trim().regex(DOSSIER_CODE).optional()),
	reasons: z.array(z.enum(REASON_CODES)).max(REASON_CODES.length),
	description: z.string().trim().min(10).max(4000),
	phone: z.preprocess(blank, z.string().trim().max(20).optional()),
	consent: z.preprocess((v) => v === 'on', z.boolean())
});

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, ...RECORD_ROLES);
		const form = await event.request.formData();
		const locale = event.locals.locale;
		const parsed = schema.safeParse({ ...Object.fromEntries(form), reasons: form.getAll('reasons') });
		if (!parsed.success) {
			const field = parsed.error.issues[0]?.path[0];
			return fail(400, { message: translate(locale, field === 'description' ? 'complaints.form.descriptionNeeded' : 'api.badRequest') });
		}
		const p = parsed.data;
		await requireUnitAccess(event, p.unitId, ...RECORD_ROLES);
		if (p.kind !== 'petition') {
			if (!hasRole(user, ...ACT_ROLES)) return fail(403, { message: translate(locale, 'complaints.form.kindNotAllowed') });
			await requireUnitAccess(event, p.unitId, ...ACT_ROLES);
		}
		if (p.phone && !p.consent) return fail(400, { message: translate(locale, 'complaints.public.consentNeeded') });
		let dossierId: number | null = null;
		if (p.dossier) {
			const [d] = await db
				.select({ id: dossiers.id })
				.from(dossiers)
				.innerJoin(units, eq(units.id, dossiers.unitId))
				.where(and(eq(dossiers.code, p.dossier), sql`${units.path} like (select path from units where id = ${p.unitId}) || '%'`));
			if (!d) return fail(400, { message: translate(locale, 'complaints.form.unknownDossier') });
			dossierId = d.id;
		}
		let officerId: number | null = null;
		if (p.officer) {
			const [o] = await db.select({ id: officers.id }).from(officers).where(eq(officers.staffNumber, p.officer));
			if (!o) return fail(400, { field: 'officer', message: translate(locale, 'complaints.form.unknownOfficer') });
			officerId = o.id;
		}
		let made;
		try {
			made = await createComplaint(
				{
					unitId: p.unitId,
					channel: p.channel,
					kind: p.kind,
					officerId,
					dossierId,
					reasonCodes: p.reasons,
					description: p.description,
					contact: p.phone ? { phone: p.phone, consentVersion: `${CONSENT_VERSION}/staff` } : null,
					receivedAt: new Date()
				},
				{ userId: user.id, ip: clientIp(event) }
			);
		} catch (e) {
			// the officer must have been posted in the case's unit subtree at the time
			if (e instanceof ComplaintInputError && e.reason === 'officer_not_posted')
				return fail(400, { field: 'officer', message: translate(locale, 'complaints.form.officerNotPosted') });
			if (e instanceof ComplaintInputError) return fail(400, { message: translate(locale, 'complaints.public.phoneInvalid') });
			throw e;
		}
		redirect(303, `/app/complaints/${made.id}`);
	}
};
