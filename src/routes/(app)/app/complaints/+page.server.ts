import { fail } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { hasRole, requireRole, scopeCondition, scopePaths } from '$lib/server/auth/guard';
import { database } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import {
	act,
	complaintCounts,
	complaintQueue,
	dissatisfiedRatingQueue,
	ensureComplaintJobs,
	promoteRating,
	QUEUE_TABS,
	type QueueTab
} from '$lib/server/complaints';
import { ACT_ROLES, canAct, RECORD_ROLES, requireCase, VIEW_ROLES, viewScope } from '$lib/server/complaints/access';
import { filterSchema, inspectorsFor, unitsInScope } from './shared.server';
import type { Actions, PageServerLoad } from './$types';
import { byPersonName } from '$lib/vietnamese-order';

type Tab = QueueTab | 'ratings';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, ...VIEW_ROLES);
	await ensureComplaintJobs();
	const scope = viewScope(user);
	const q = event.url.searchParams;
	const wanted = q.get('tab') ?? '';
	const tab: Tab = wanted === 'ratings' || (QUEUE_TABS as readonly string[]).includes(wanted) ? (wanted as Tab) : canAct(user) ? 'mine' : 'open';
	const parsed = filterSchema.safeParse(Object.fromEntries(q));
	const filters = parsed.success ? parsed.data : {};
	const queryFilters = { unitId: filters.unit, officerId: filters.officer, reason: filters.reason, channel: filters.channel, kind: filters.kind, code: filters.code };
	const officers = await database.rows<{ id: number; full_name: string }>(sql`
		select distinct o.id, o.full_name from complaints k join officers o on o.id = k.officer_id join units u on u.id = k.unit_id
		where ${scopeCondition(sql`u.path`, scope)} order by o.full_name limit 500`);
	return {
		tab,
		filters,
		canAct: canAct(user),
		// The reform office reads cases but records none: it is not offered the form (it answered 403).
		canRecord: hasRole(user, ...RECORD_ROLES),
		counts: await complaintCounts(user.id, scope),
		rows: tab === 'ratings' ? [] : await complaintQueue(user.id, scope, tab, queryFilters, new Date(), 200, filters.sort ?? 'priority'),
		ratings: tab === 'ratings' ? await dissatisfiedRatingQueue(scope, queryFilters) : [],
		units: await unitsInScope(scope),
		officers: byPersonName(officers, (o) => o.full_name).map((o) => ({ id: Number(o.id), name: o.full_name })),
		assignees: canAct(user) ? await inspectorsFor(viewScope(user)) : []
	};
};

const id = z.coerce.number().int().positive();

export const actions: Actions = {
	assign: async (event) => {
		const user = requireRole(event, ...ACT_ROLES);
		const form = await event.request.formData();
		const parsed = z.object({ assigneeId: id, ids: z.array(id).min(1).max(200) }).safeParse({ assigneeId: form.get('assigneeId'), ids: form.getAll('ids') });
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'complaints.bulk.none') });
		let done = 0;
		let failed = 0;
		for (const caseId of parsed.data.ids) {
			// each case is checked on its own: one out of scope is a failure, not a leak
			const allowed = await requireCase(event, caseId, 'act').then(
				() => true,
				() => false
			);
			const r = allowed ? await act(caseId, { userId: user.id, ip: clientIp(event) }, { kind: 'assign', assigneeId: parsed.data.assigneeId }) : { ok: false };
			if (r.ok) done++;
			else failed++;
		}
		const message = failed ? translate(event.locals.locale, 'complaints.bulk.partly', { n: done, m: failed }) : translate(event.locals.locale, 'complaints.bulk.done', { n: done });
		return failed && !done ? fail(400, { message }) : { ok: true, message };
	},
	promote: async (event) => {
		const user = requireRole(event, ...ACT_ROLES);
		const parsed = z.object({ ratingId: id }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		const [r] = await database.rows<{ id: number }>(sql`
			select r.id from ratings r join units u on u.id = r.unit_id
			where r.id = ${parsed.data.ratingId} and ${scopeCondition(sql`u.path`, scopePaths(user, ...ACT_ROLES))}`);
		if (!r) return fail(404, { message: translate(event.locals.locale, 'complaints.refusal.not_found') });
		const made = await promoteRating(parsed.data.ratingId, { userId: user.id, ip: clientIp(event) });
		if (!made) return fail(400, { message: translate(event.locals.locale, 'complaints.refusal.not_allowed') });
		return { ok: true, message: translate(event.locals.locale, 'complaints.promoted', { code: made.code }) };
	}
};

