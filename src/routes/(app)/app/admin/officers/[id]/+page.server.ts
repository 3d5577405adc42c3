import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { formatDate } from '$lib/i18n/format';
import { audit } from '$lib/server/audit';
import { idParam, requireAdmin } from '$lib/server/auth/guard';
import { zodProblems } from '$lib/server/dossiers/errors';
import { clientIp } from '$lib/server/http';
import { requireManagedOfficer } from '$lib/server/officers/access';
import {
	addPosting,
	createAccountFor,
	editPosting,
	linkAccount,
	officerDetail,
	postingUnits,
	problemText,
	unlinkAccount,
	unlinkedAccounts,
	updateOfficerDetails
} from '$lib/server/officers/admin';
import { parseDay } from '$lib/server/officers/dates';
import { photoFromUpload, removePhoto, savePhoto } from '$lib/server/officers/photos';
import { officerItemSchema } from '$lib/server/officers/schema';
import type { Actions, PageServerLoad } from './$types';

/**
 * One officer: details, photo, postings (administrators and the unit heads where the officer
 * belongs), and the sign-in account (administrators). Every change is audited.
 */
export const load: PageServerLoad = async (event) => {
	const id = idParam(event.params.id);
	const { scope } = await requireManagedOfficer(event, id);
	const [officer, units] = await Promise.all([officerDetail(id), postingUnits(scope)]);
	if (!officer) error(404, 'Không tìm thấy / Not found');
	const admin = scope === null;
	return {
		officer: { ...officer, postings: officer.postings.map(({ unitPath: _p, ...p }) => p) },
		units,
		admin,
		accounts: admin && !officer.userId ? await unlinkedAccounts() : [],
		created: event.url.searchParams.has('created')
	};
};

const detailsSchema = officerItemSchema.pick({ fullName: true, titleVi: true, titleEn: true });
const id = z.coerce.number().int().positive();

function field(form: FormData, name: string): string | undefined {
	const v = form.get(name);
	return typeof v === 'string' && v.trim() !== '' ? v.trim().normalize('NFC').replace(/\s+/g, ' ') : undefined;
}

/** A posting form: unit (new postings), position, first day and optional last day. */
function postingForm(form: FormData, locale: App.Locals['locale']) {
	const from = parseDay(field(form, 'from') ?? '');
	const toText = field(form, 'to');
	const to = toText === undefined ? null : parseDay(toText);
	const positionVi = field(form, 'positionVi');
	const problems: string[] = [];
	if (!positionVi || positionVi.length > 120) problems.push(`${translate(locale, 'officers.field.positionVi')}: ${translate(locale, 'dossiers.error.required')}`);
	if (!from) problems.push(`${translate(locale, 'officers.field.from')}: ${translate(locale, 'officers.error.day')}`);
	if (to === undefined) problems.push(`${translate(locale, 'officers.field.to')}: ${translate(locale, 'officers.error.day')}`);
	if (problems.length > 0 || !positionVi || !from || to === undefined) return { ok: false as const, message: problems.join(' ') };
	return { ok: true as const, posting: { positionVi, positionEn: field(form, 'positionEn')?.slice(0, 120) ?? null, from, to } };
}

async function context(event: RequestEvent) {
	const officerId = idParam(event.params.id);
	const managed = await requireManagedOfficer(event, officerId);
	return { ...managed, officerId, actor: { userId: managed.user.id, ip: clientIp(event) }, locale: event.locals.locale };
}

export const actions: Actions = {
	details: async (event) => {
		const { officerId, actor, locale } = await context(event);
		const form = await event.request.formData();
		const parsed = detailsSchema.safeParse({ fullName: field(form, 'fullName'), titleVi: field(form, 'titleVi') ?? null, titleEn: field(form, 'titleEn') ?? null });
		if (!parsed.success) return fail(400, { section: 'details', message: problemText(locale, zodProblems(parsed.error)) });
		const fields = { fullName: parsed.data.fullName, titleVi: parsed.data.titleVi ?? null, titleEn: parsed.data.titleEn ?? null, active: form.get('active') === 'on' };
		const before = await updateOfficerDetails(officerId, fields);
		await audit(actor, 'officer.update', { type: 'officer', id: officerId }, { before, after: fields });
		return { section: 'details', ok: true, message: translate(locale, 'officers.edit.saved') };
	},
	photo: async (event) => {
		const { officerId, actor, locale } = await context(event);
		const made = await photoFromUpload((await event.request.formData()).get('photo'));
		if (!made.ok) return fail(400, { section: 'photo', message: translate(locale, made.problem, { max: 5 }) });
		await savePhoto(officerId, made.photo);
		await audit(actor, 'officer.photo_set', { type: 'officer', id: officerId }, { width: made.photo.width, height: made.photo.height, bytes: made.photo.bytes.length });
		return { section: 'photo', ok: true, message: translate(locale, 'officers.photo.saved') };
	},
	removePhoto: async (event) => {
		const { officerId, actor, locale } = await context(event);
		// the photo the page showed: a newer one uploaded meanwhile is not removed unseen
		const etag = (await event.request.formData()).get('etag');
		if (typeof etag !== 'string' || etag === '') return fail(400, { section: 'photo', message: translate(locale, 'api.badRequest') });
		if (await removePhoto(officerId, etag)) await audit(actor, 'officer.photo_remove', { type: 'officer', id: officerId });
		return { section: 'photo', ok: true, message: translate(locale, 'officers.photo.removed') };
	},
	posting: async (event) => {
		const { officerId, actor, locale, scope } = await context(event);
		const form = await event.request.formData();
		const unitId = id.safeParse(form.get('unitId'));
		const read = postingForm(form, locale);
		if (!read.ok || !unitId.success) return fail(400, { section: 'posting', message: read.ok ? translate(locale, 'dossiers.error.required') : read.message });
		const done = await addPosting(officerId, { unitId: unitId.data, ...read.posting }, scope);
		if (!done.ok) return fail(400, { section: 'posting', message: problemText(locale, done.problems) });
		await audit(actor, done.transfer ? 'officer.transfer' : 'officer.posting_add', { type: 'officer', id: officerId }, { unitId: unitId.data, ...read.posting });
		return {
			section: 'posting',
			ok: true,
			message: done.transfer ? translate(locale, 'officers.postings.transferred', { day: formatDate(locale, read.posting.from) }) : translate(locale, 'officers.postings.added')
		};
	},
	editPosting: async (event) => {
		const { officerId, actor, locale, scope } = await context(event);
		const form = await event.request.formData();
		const postingId = id.safeParse(form.get('postingId'));
		const read = postingForm(form, locale);
		if (!read.ok || !postingId.success) return fail(400, { section: 'postings', message: read.ok ? translate(locale, 'api.badRequest') : read.message });
		const done = await editPosting(officerId, postingId.data, read.posting, scope);
		if (!done.ok) return fail(400, { section: 'postings', message: problemText(locale, done.problems) });
		await audit(actor, 'officer.posting_edit', { type: 'officer', id: officerId }, { postingId: postingId.data, ...read.posting });
		return { section: 'postings', ok: true, message: translate(locale, 'officers.postings.saved') };
	},
	link: async (event) => {
		requireAdmin(event);
		const { officerId, actor, locale } = await context(event);
		const userId = id.safeParse((await event.request.formData()).get('userId'));
		if (!userId.success) return fail(400, { section: 'account', message: translate(locale, 'api.badRequest') });
		const done = await linkAccount(officerId, userId.data);
		if (!done.ok) return fail(400, { section: 'account', message: problemText(locale, done.problems) });
		await audit(actor, 'officer.link_account', { type: 'officer', id: officerId }, { userId: userId.data });
		return { section: 'account', ok: true, message: translate(locale, 'officers.account.linkedDone') };
	},
	unlink: async (event) => {
		requireAdmin(event);
		const { officerId, actor, locale } = await context(event);
		// the account the page showed, so a stale page cannot unlink another
		const shown = id.safeParse((await event.request.formData()).get('userId'));
		if (!shown.success) return fail(400, { section: 'account', message: translate(locale, 'api.badRequest') });
		const userId = await unlinkAccount(officerId, shown.data);
		if (userId !== null) await audit(actor, 'officer.unlink_account', { type: 'officer', id: officerId }, { userId });
		return { section: 'account', ok: true, message: translate(locale, 'officers.account.unlinkedDone') };
	},
	account: async (event) => {
		const admin = requireAdmin(event);
		const { officerId, actor, locale } = await context(event);
		const form = await event.request.formData();
		const username = field(form, 'username') ?? '';
		const password = form.get('password');
		const made = await createAccountFor(officerId, { username, password: typeof password === 'string' ? password : '' }, admin.id);
		if (!made.ok) return fail(400, { section: 'account', message: translate(locale, made.problem, made.params) });
		await audit(actor, 'user.create', { type: 'user', id: made.userId }, { username, officerId });
		await audit(actor, 'officer.link_account', { type: 'officer', id: officerId }, { userId: made.userId, officerRole: made.role });
		return { section: 'account', ok: true, message: translate(locale, 'officers.account.created', { username }) };
	}
};
