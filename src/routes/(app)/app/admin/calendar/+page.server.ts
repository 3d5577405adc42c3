import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { formatDate } from '$lib/i18n/format';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import {
	acceptedDay,
	acceptedDaySchema,
	acceptedRangeParams,
	calendarYear,
	calendarYearNotices,
	CALENDAR_OCCASIONS,
	dayOfWeek,
	enterNotice,
	localDate,
	NOTICE_RANGES,
	NOTICE_WORKDAYS,
	parseNoticeForm,
	previewNotice,
	removeUnsourcedDay,
	syncBuiltInCalendar,
	type DayChange,
	type NoticeProblem
} from '$lib/server/calendar';
import { database } from '$lib/server/db';
import { sql } from 'drizzle-orm';
import { clientIp } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const thisYear = Number(localDate(new Date()).slice(0, 4));
	const wanted = event.url.searchParams.get('year') ?? '';
	const year = acceptedDay(`${wanted}-01-01`) ? Number(wanted) : thisYear;
	const [days, notices, years] = await Promise.all([
		calendarYear(database, year),
		calendarYearNotices(database, year),
		database.rows<{ y: number }>(sql`select distinct extract(year from day)::int as y from calendar_days order by y`)
	]);
	return {
		year,
		years: [...new Set([...years.map((r) => Number(r.y)), thisYear, thisYear + 1])].sort(),
		days: days.map((d) => ({ ...d, weekday: dayOfWeek(d.day) })),
		notices,
		occasions: CALENDAR_OCCASIONS,
		ranges: NOTICE_RANGES,
		workdays: NOTICE_WORKDAYS
	};
};

/** The field a problem belongs to, as the form labels it. */
function fieldLabel(locale: Locale, field: string): string {
	const [group, n] = field.split('.');
	if (group === 'off') return translate(locale, 'calendar.notice.range', { n: Number(n) + 1 });
	if (group === 'work') return translate(locale, 'calendar.notice.workday', { n: Number(n) + 1 });
	const key = `calendar.notice.${group}` as MessageKey;
	return translate(locale, key);
}
/** YYYY-MM-DD parameters as the page shows dates (dd/mm/yyyy). */
const shownParams = (params: NoticeProblem['params']) =>
	params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v.split('-').reverse().join('/') : v]));
const explain = (locale: Locale, problems: readonly NoticeProblem[]) =>
	problems.map((p) => `${fieldLabel(locale, p.field)}: ${translate(locale, p.key as MessageKey, shownParams(p.params))}`);

/** The form's own fields, echoed back so a refused or previewed form keeps what was typed. */
function formValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of form) if (typeof v === 'string' && /^(year|document|issuer|issued|note|(off|work)\.\d\.(from|to|day|nameVi|nameEn|occasion))$/.test(k)) out[k] = v.slice(0, 1000);
	return out;
}

/** Changes as the preview table shows them. */
const shown = (changes: readonly DayChange[]) =>
	changes.map((c) => ({
		day: c.day,
		weekday: dayOfWeek(c.day),
		change: c.change,
		before: 'before' in c ? { kind: c.before.kind, nameVi: c.before.nameVi, status: c.before.status } : null,
		after: 'after' in c ? c.after : null
	}));

async function readNotice(event: Parameters<Actions[string]>[0]) {
	const form = await event.request.formData();
	const values = formValues(form);
	const parsed = parseNoticeForm(values);
	return { values, parsed };
}

export const actions: Actions = {
	preview: async (event) => {
		requireAdmin(event);
		const locale = event.locals.locale;
		const { values, parsed } = await readNotice(event);
		if (!parsed.ok) return fail(400, { message: translate(locale, 'calendar.notice.refused'), problems: explain(locale, parsed.problems), values });
		const outcome = await previewNotice(database, parsed.notice);
		if (!outcome.ok) return fail(400, { message: translate(locale, 'calendar.notice.refused'), problems: explain(locale, outcome.problems), values });
		return { preview: shown(outcome.changes), warnings: explain(locale, outcome.warnings), values };
	},
	enter: async (event) => {
		const admin = requireAdmin(event);
		const locale = event.locals.locale;
		const { values, parsed } = await readNotice(event);
		if (!parsed.ok) return fail(400, { message: translate(locale, 'calendar.notice.refused'), problems: explain(locale, parsed.problems), values });
		const outcome = await enterNotice(database, parsed.notice, { userId: admin.id, ip: clientIp(event) });
		if (!outcome.ok) return fail(400, { message: translate(locale, 'calendar.notice.refused'), problems: explain(locale, outcome.problems), values });
		const days = outcome.changes.filter((c) => c.change !== 'removed').length;
		return { ok: true, message: translate(locale, 'calendar.notice.saved', { document: parsed.notice.document, days, year: parsed.notice.year }) };
	},
	remove: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ day: acceptedDaySchema }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { message: translate(event.locals.locale, 'input.dateRange', acceptedRangeParams()) });
		const gone = await removeUnsourcedDay(database, parsed.data.day, { userId: admin.id, ip: clientIp(event) });
		if (!gone) return fail(400, { message: translate(event.locals.locale, 'calendar.removeHelp') });
		return { ok: true, message: translate(event.locals.locale, 'calendar.removed', { day: formatDate(event.locals.locale, parsed.data.day) }) };
	},
	sync: async (event) => {
		const admin = requireAdmin(event);
		const r = await syncBuiltInCalendar(database);
		await audit({ userId: admin.id, ip: clientIp(event) }, 'calendar.sync.request', undefined, { added: r.added.length, changed: r.changed.length, removed: r.removed.length });
		return { ok: true, message: translate(event.locals.locale, 'calendar.synced', { added: r.added.length, changed: r.changed.length, removed: r.removed.length }) };
	}
};
