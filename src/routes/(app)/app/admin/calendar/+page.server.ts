import { fail } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { translate, type Locale } from '$lib/i18n';
import { audit } from '$lib/server/audit';
import { requireAdmin } from '$lib/server/auth/guard';
import { acceptedDay, acceptedDaySchema, acceptedRangeParams, dayOfWeek, localDate, seedCalendar } from '$lib/server/calendar';
import { database, db } from '$lib/server/db';
import { calendarDays, CALENDAR_DAY_KINDS } from '$lib/server/db/schema';
import { clientIp } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const thisYear = Number(localDate(new Date()).slice(0, 4));
	const wanted = event.url.searchParams.get('year') ?? '';
	const year = acceptedDay(`${wanted}-01-01`) ? Number(wanted) : thisYear;
	const days = await database.rows<{ day: string; kind: string; name_vi: string; name_en: string | null }>(sql`
		select day::text as day, kind, name_vi, name_en from calendar_days
		where day >= ${`${year}-01-01`}::date and day <= ${`${year}-12-31`}::date order by day`);
	const years = await database.rows<{ y: number }>(sql`select distinct extract(year from day)::int as y from calendar_days order by y`);
	return {
		year,
		years: [...new Set([...years.map((r) => Number(r.y)), thisYear, thisYear + 1])].sort(),
		days: days.map((d) => ({ day: d.day, weekday: dayOfWeek(d.day), kind: d.kind as 'holiday' | 'workday', nameVi: d.name_vi, nameEn: d.name_en }))
	};
};

const day = acceptedDaySchema;

/** A refused form: the date's range when the date is what is wrong. */
function invalid(locale: Locale, error: z.ZodError) {
	const dayWrong = error.issues.some((i) => i.path[0] === 'day');
	return fail(400, { message: dayWrong ? translate(locale, 'input.dateRange', acceptedRangeParams()) : translate(locale, 'calendar.invalid') });
}

export const actions: Actions = {
	save: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z
			.object({
				day,
				kind: z.enum(CALENDAR_DAY_KINDS),
				nameVi: z.string().trim().min(1).max(200),
				nameEn: z.string().trim().max(200).default('')
			})
			.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return invalid(event.locals.locale, parsed.error);
		const p = parsed.data;
		const row = { day: p.day, kind: p.kind, nameVi: p.nameVi, nameEn: p.nameEn || null };
		await db.insert(calendarDays).values(row).onConflictDoUpdate({ target: calendarDays.day, set: { kind: row.kind, nameVi: row.nameVi, nameEn: row.nameEn } });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'calendar.save', { type: 'calendar_day', id: p.day }, { kind: p.kind });
		return { ok: true, message: translate(event.locals.locale, 'calendar.saved', { day: p.day }) };
	},
	remove: async (event) => {
		const admin = requireAdmin(event);
		const parsed = z.object({ day }).safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return invalid(event.locals.locale, parsed.error);
		const gone = await db.delete(calendarDays).where(eq(calendarDays.day, parsed.data.day)).returning({ day: calendarDays.day });
		if (gone.length === 0) return fail(400, { message: translate(event.locals.locale, 'calendar.invalid') });
		await audit({ userId: admin.id, ip: clientIp(event) }, 'calendar.remove', { type: 'calendar_day', id: parsed.data.day });
		return { ok: true, message: translate(event.locals.locale, 'calendar.removed', { day: parsed.data.day }) };
	},
	fill: async (event) => {
		const admin = requireAdmin(event);
		const n = await seedCalendar(database);
		await audit({ userId: admin.id, ip: clientIp(event) }, 'calendar.fill', undefined, { added: n });
		return { ok: true, message: translate(event.locals.locale, 'calendar.filled', { n }) };
	}
};
