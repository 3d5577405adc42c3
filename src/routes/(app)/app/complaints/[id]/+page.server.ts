import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { pathInScope, scopePaths } from '$lib/server/auth/guard';
import { clientIp } from '$lib/server/http';
import {
	acceptComplaint,
	act,
	addNote,
	CALL_BACK_OUTCOMES,
	caseView,
	eligibleAssignees,
	eraseCaseContact,
	reclassify,
	recordCallBack,
	resurveyText,
	resurveyToken,
	type CaseAction
} from '$lib/server/complaints';
import { ACT_ROLES, isAdmin, requireCase } from '$lib/server/complaints/access';
import { COMPLAINT_OUTCOMES } from '$lib/server/db/schema';
import { formatDate } from '$lib/i18n/format';
import { acceptedLocalMinute, acceptedRangeParams } from '$lib/server/calendar';
import { qrSvg } from '$lib/server/qr/svg';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, complaint } = await requireCase(event, event.params.id, 'view');
	const view = (await caseView(complaint.id, { userId: user.id, isAdmin: isAdmin(user) }))!;
	const mayAct = pathInScope(complaint.path, scopePaths(user, ...ACT_ROLES));
	const { unitPath: _path, ...shown } = view;
	void _path;
	let resurvey: { url: string; text: string; svg: string } | null = null;
	if (mayAct) {
		const url = `${event.url.origin}/phan-anh/${await resurveyToken(view.id)}`;
		resurvey = { url, text: resurveyText(view.code, url), svg: await qrSvg(url) };
	}
	return { complaint: shown, mayAct, assignees: mayAct ? await eligibleAssignees(view.unitId) : [], resurvey };
};

const note = z.string().trim().max(4000);

async function form(event: RequestEvent) {
	const { user, complaint } = await requireCase(event, event.params.id, 'act');
	return { user, complaint, data: Object.fromEntries(await event.request.formData()), actor: { userId: user.id, ip: clientIp(event) } };
}

async function transition(event: RequestEvent, parse: (data: Record<string, FormDataEntryValue>) => CaseAction | null) {
	const { complaint, data, actor } = await form(event);
	// the status the person saw: a second tab or a colleague may have moved the case meanwhile
	// (act compares it under the case's row lock)
	const stale = () => fail(409, { message: translate(event.locals.locale, 'complaints.refusal.stale') });
	if (typeof data.from !== 'string') return stale();
	const action = parse(data);
	if (!action) return fail(400, { message: translate(event.locals.locale, 'complaints.refusal.note_required') });
	const r = await act(complaint.id, actor, action, new Date(), data.from);
	if (!r.ok && r.reason === 'stale') return stale();
	if (!r.ok) return fail(400, { message: translate(event.locals.locale, `complaints.refusal.${r.reason}`) });
	return { ok: true, message: translate(event.locals.locale, 'complaints.action.done') };
}

const parsed = <T>(schema: z.ZodType<T>, data: unknown): T | null => {
	const r = schema.safeParse(data);
	return r.success ? r.data : null;
};

export const actions: Actions = {
	assign: async (event) =>
		transition(event, (d) => {
			const p = parsed(z.object({ assigneeId: z.coerce.number().int().positive(), note: note.optional() }), d);
			return p && { kind: 'assign', assigneeId: p.assigneeId, note: p.note };
		}),
	start: async (event) =>
		transition(event, (d) => {
			const p = parsed(z.object({ note: note.optional() }), d);
			return p && { kind: 'start', note: p.note };
		}),
	resolve: async (event) =>
		transition(event, (d) => {
			const p = parsed(z.object({ outcome: z.enum(COMPLAINT_OUTCOMES), note: note.min(1) }), d);
			return p && { kind: 'resolve', outcome: p.outcome, note: p.note };
		}),
	reject: async (event) =>
		transition(event, (d) => {
			const p = parsed(z.object({ reason: note.min(1) }), d);
			return p && { kind: 'reject', reason: p.reason };
		}),
	reopen: async (event) =>
		transition(event, (d) => {
			const p = parsed(z.object({ note: note.min(1) }), d);
			return p && { kind: 'reopen', note: p.note };
		}),
	/** Inspectors in scope and administrators only (requireCase 'act'): a unit head or the reform office gets 403/404. */
	reclassify: async (event) => {
		const { complaint, data, actor } = await form(event);
		const p = parsed(
			z.object({
				kind: z.enum(['petition', 'complaint']),
				complex: z.preprocess((v) => v === 'on', z.boolean()),
				remote: z.preprocess((v) => v === 'on', z.boolean()),
				note: note.optional()
			}),
			data
		);
		if (!p) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		const r = await reclassify(complaint.id, actor, p);
		if (!r.ok) return fail(400, { message: translate(event.locals.locale, `complaints.regime.refusal.${r.reason}`) });
		return { ok: true, message: translate(event.locals.locale, 'complaints.regime.done', { due: formatDate(event.locals.locale, r.dueAt, true) }) };
	},
	accept: async (event) => {
		const { complaint, data, actor } = await form(event);
		const p = parsed(z.object({ note: note.optional() }), data);
		if (!p) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		const r = await acceptComplaint(complaint.id, actor, { note: p.note });
		if (!r.ok) return fail(400, { message: translate(event.locals.locale, `complaints.regime.refusal.${r.reason}`) });
		return { ok: true, message: translate(event.locals.locale, 'complaints.regime.done', { due: formatDate(event.locals.locale, r.dueAt, true) }) };
	},
	note: async (event) => {
		const { complaint, data, actor } = await form(event);
		const p = parsed(z.object({ note: note.min(1) }), data);
		if (!p) return fail(400, { message: translate(event.locals.locale, 'complaints.refusal.note_required') });
		await addNote(complaint.id, actor, p.note);
		return { ok: true, message: translate(event.locals.locale, 'complaints.action.done') };
	},
	callBack: async (event) => {
		const { complaint, data, actor } = await form(event);
		const p = parsed(
			z.object({
				calledAt: z.string().optional(),
				outcome: z.enum(CALL_BACK_OUTCOMES),
				note: note.optional()
			}),
			data
		);
		if (!p) return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		const now = new Date();
		// the form's date field is Vietnam wall-clock time; a call cannot be in the future
		let calledAt = p.calledAt ? acceptedLocalMinute(p.calledAt) : now;
		if (!calledAt) {
			const locale = event.locals.locale;
			return fail(400, { message: `${translate(locale, 'complaints.callBack.when')}: ${translate(locale, 'input.dateRange', acceptedRangeParams())}` });
		}
		if (calledAt > now) calledAt = now;
		await recordCallBack(complaint.id, actor, { calledAt, outcome: p.outcome, note: p.note ?? '' });
		return { ok: true, message: translate(event.locals.locale, 'complaints.action.done') };
	},
	erase: async (event) => {
		const { complaint, actor, data } = await form(event);
		if (data.confirm !== 'erase') return fail(400, { message: translate(event.locals.locale, 'api.badRequest') });
		if (!(await eraseCaseContact(complaint.id, actor))) return fail(400, { message: translate(event.locals.locale, 'complaints.refusal.not_allowed') });
		return { ok: true, message: translate(event.locals.locale, 'complaints.contact.erasedDone') };
	}
};
