import { and, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DatabaseHandle, Db } from '../db/client';
import { auditLog, calendarDays, calendarNotices } from '../db/schema';
import { BUILT_IN_NOTICES, UNSOURCED_BUILT_IN_ROWS, VIETNAM_CALENDAR_DAYS, type CalendarDayKind, type CalendarDayRow, type CalendarNoticeStatus, type CalendarOccasion } from './holidays';
import { noticeId, planNotice, type DayChange, type NoticeInput, type NoticeProblem, type StoredDay } from './notice';
import { buildCalendar, type WorkCalendar } from './working-days';

/**
 * The working-day calendar as stored. Read afresh by every deadline, late count, complaint clock
 * and out-of-hours check (nothing keeps a copy), so a notice entered on the calendar page counts
 * from the next request on.
 */
export async function loadCalendar(h: DatabaseHandle): Promise<WorkCalendar> {
	const rows = await h.rows<{ day: string; kind: string }>(sql`select day::text as day, kind from calendar_days`);
	return buildCalendar(rows);
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const builtInIds = new Set(BUILT_IN_NOTICES.map((n) => n.id));
const unsourcedKey = (r: { day: string; kind: string; nameVi: string }) => `${r.day}|${r.kind}|${r.nameVi}`;
const unsourcedBuiltIn = new Set(UNSOURCED_BUILT_IN_ROWS.map(unsourcedKey));

/**
 * Keeps the stored calendar in step with the built-in data (holidays.ts), at start-up and when
 * an administrator asks. Rows the code owns — those citing a built-in notice, and rows shipped
 * before sources were recorded that nobody edited — are updated to the built-in data, and
 * removed when it no longer has their day (Saturday 15/2/2025). Missing built-in days are added,
 * except where an entered notice has taken over: its own days, and the not-confirmed days of
 * the occasions it covers in its year. Rows an administrator entered are never touched.
 * Returns the days added, changed and removed.
 */
export async function syncBuiltInCalendar(h: DatabaseHandle, builtIn: readonly CalendarDayRow[] = VIETNAM_CALENDAR_DAYS): Promise<{ added: string[]; changed: string[]; removed: string[] }> {
	return h.db.transaction(async (tx) => {
		await tx.execute(sql`lock table calendar_days in share row exclusive mode`);
		for (const n of BUILT_IN_NOTICES) {
			const values = { document: n.document, issuer: n.issuer, issued: n.issued, status: n.status, note: n.note, builtIn: true };
			await tx.insert(calendarNotices).values({ id: n.id, ...values }).onConflictDoUpdate({ target: calendarNotices.id, set: values });
		}
		const stored = await tx.select({ day: calendarDays.day, kind: calendarDays.kind, nameVi: calendarDays.nameVi, source: calendarDays.source, occasion: calendarDays.occasion }).from(calendarDays);
		const byDay = new Map(stored.map((r) => [r.day, r]));
		const owned = (r: (typeof stored)[number]) => (r.source === null ? unsourcedBuiltIn.has(unsourcedKey(r)) : builtInIds.has(r.source));
		// (year, occasion) pairs an entered notice covers
		const taken = new Set(stored.filter((r) => r.source !== null && !builtInIds.has(r.source) && r.occasion).map((r) => `${r.day.slice(0, 4)}|${r.occasion}`));
		const status = new Map(BUILT_IN_NOTICES.map((n) => [n.id, n.status]));
		const wanted = new Map<string, CalendarDayRow>();
		for (const r of builtIn) if (!(taken.has(`${r.day.slice(0, 4)}|${r.occasion}`) && status.get(r.source) !== 'confirmed')) wanted.set(r.day, r);

		const added: string[] = [];
		const changed: string[] = [];
		const removed: string[] = [];
		for (const r of stored) {
			if (!owned(r)) continue;
			const w = wanted.get(r.day);
			if (!w) {
				await tx.delete(calendarDays).where(eq(calendarDays.day, r.day));
				removed.push(r.day);
			} else if (w.kind !== r.kind || w.nameVi !== r.nameVi || w.source !== r.source || w.occasion !== r.occasion) {
				await tx.update(calendarDays).set({ kind: w.kind, nameVi: w.nameVi, nameEn: w.nameEn, source: w.source, occasion: w.occasion }).where(eq(calendarDays.day, r.day));
				changed.push(r.day);
			}
		}
		const missing = [...wanted.values()].filter((w) => !byDay.has(w.day));
		if (missing.length > 0) await tx.insert(calendarDays).values(missing);
		added.push(...missing.map((m) => m.day));
		if (added.length + changed.length + removed.length > 0)
			await tx.insert(auditLog).values({ action: 'calendar.sync', targetType: 'calendar', targetId: 'built-in', detail: { added, changed, removed } });
		return { added, changed, removed };
	});
}

/** The built-in rows of a fresh install (tests and the demo): the days added. */
export async function seedCalendar(h: DatabaseHandle, rows: readonly CalendarDayRow[] = VIETNAM_CALENDAR_DAYS): Promise<number> {
	return (await syncBuiltInCalendar(h, rows)).added.length;
}

/** A stored day with the notice it cites, as the calendar page shows it. */
export interface CalendarDayView {
	day: string;
	kind: CalendarDayKind;
	nameVi: string;
	nameEn: string | null;
	occasion: CalendarOccasion | null;
	source: string | null;
	document: string | null;
	issued: string | null;
	status: CalendarNoticeStatus | null;
}

async function yearDays(q: Db | Tx, year: number): Promise<CalendarDayView[]> {
	const rows = await q
		.select({
			day: calendarDays.day,
			kind: calendarDays.kind,
			nameVi: calendarDays.nameVi,
			nameEn: calendarDays.nameEn,
			occasion: calendarDays.occasion,
			source: calendarDays.source,
			document: calendarNotices.document,
			issued: calendarNotices.issued,
			status: calendarNotices.status
		})
		.from(calendarDays)
		.leftJoin(calendarNotices, eq(calendarNotices.id, calendarDays.source))
		.where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)))
		.orderBy(calendarDays.day);
	return rows as CalendarDayView[];
}

/** A year's stored days, each with its source. */
export const calendarYear = (h: DatabaseHandle, year: number) => yearDays(h.db, year);

/** The notices a year's days cite, with how many days each. */
export async function calendarYearNotices(h: DatabaseHandle, year: number) {
	return h.db
		.select({
			id: calendarNotices.id,
			document: calendarNotices.document,
			issuer: calendarNotices.issuer,
			issued: calendarNotices.issued,
			status: calendarNotices.status,
			note: calendarNotices.note,
			builtIn: calendarNotices.builtIn,
			days: sql<number>`count(*)::int`.mapWith(Number)
		})
		.from(calendarNotices)
		.innerJoin(calendarDays, eq(calendarDays.source, calendarNotices.id))
		.where(and(gte(calendarDays.day, `${year}-01-01`), lte(calendarDays.day, `${year}-12-31`)))
		.groupBy(calendarNotices.id)
		.orderBy(calendarNotices.issued);
}

const asStored = (d: CalendarDayView): StoredDay => ({ day: d.day, kind: d.kind, nameVi: d.nameVi, source: d.source, occasion: d.occasion, status: d.status });

export type NoticeOutcome = { ok: true; id: string; changes: DayChange[]; warnings: NoticeProblem[] } | { ok: false; problems: NoticeProblem[] };

/** What entering the notice would change, without writing anything. */
export async function previewNotice(h: DatabaseHandle, n: NoticeInput): Promise<NoticeOutcome> {
	const plan = planNotice(n, (await calendarYear(h, n.year)).map(asStored));
	return plan.problems.length > 0 ? { ok: false, problems: plan.problems } : { ok: true, id: noticeId(n), changes: plan.changes, warnings: plan.warnings };
}

/**
 * Enters a year's notice: the notice, its days and the removal of the rows it supersedes, with
 * one audit entry, in one transaction planned from the rows as they are under the lock. The
 * same document entered again for the same year replaces its earlier entry.
 */
export async function enterNotice(h: DatabaseHandle, n: NoticeInput, actor: { userId: number; ip?: string | null }): Promise<NoticeOutcome> {
	return h.db.transaction(async (tx) => {
		await tx.execute(sql`lock table calendar_days in share row exclusive mode`);
		const plan = planNotice(n, (await yearDays(tx, n.year)).map(asStored));
		if (plan.problems.length > 0) return { ok: false, problems: plan.problems };
		const id = noticeId(n);
		const notice = { document: n.document, issuer: n.issuer, issued: n.issued, status: 'confirmed' as const, note: n.note || null, builtIn: false, enteredBy: actor.userId, enteredAt: new Date() };
		await tx.insert(calendarNotices).values({ id, ...notice }).onConflictDoUpdate({ target: calendarNotices.id, set: notice });
		const removed = plan.changes.filter((c) => c.change === 'removed').map((c) => c.day);
		if (removed.length > 0) await tx.delete(calendarDays).where(inArray(calendarDays.day, removed));
		const rows = plan.rows.map((r) => ({ ...r, source: id }));
		await tx
			.insert(calendarDays)
			.values(rows)
			.onConflictDoUpdate({ target: calendarDays.day, set: { kind: sql`excluded.kind`, nameVi: sql`excluded.name_vi`, nameEn: sql`excluded.name_en`, source: sql`excluded.source`, occasion: sql`excluded.occasion` } });
		const count = (c: DayChange['change']) => plan.changes.filter((x) => x.change === c).map((x) => x.day);
		await tx.insert(auditLog).values({
			actorUserId: actor.userId,
			action: 'calendar.notice',
			targetType: 'calendar_notice',
			targetId: id,
			detail: {
				year: n.year,
				document: n.document,
				issuer: n.issuer,
				issued: n.issued,
				daysOff: plan.rows.filter((r) => r.kind === 'holiday').map((r) => r.day),
				daysWorked: plan.rows.filter((r) => r.kind === 'workday').map((r) => r.day),
				added: count('added'),
				replaced: plan.changes.filter((c) => c.change === 'replaced').map((c) => ({ day: c.day, source: c.change === 'replaced' ? c.before.source : null })),
				removed: plan.changes.filter((c) => c.change === 'removed').map((c) => ({ day: c.day, source: c.change === 'removed' ? c.before.source : null }))
			},
			ip: actor.ip ?? null
		});
		return { ok: true, id, changes: plan.changes, warnings: plan.warnings };
	});
}

/** Removes a day with no source (entered one by one before notices were recorded). */
export async function removeUnsourcedDay(h: DatabaseHandle, day: string, actor: { userId: number; ip?: string | null }): Promise<boolean> {
	return h.db.transaction(async (tx) => {
		const gone = await tx.delete(calendarDays).where(and(eq(calendarDays.day, day), isNull(calendarDays.source))).returning({ day: calendarDays.day, kind: calendarDays.kind, nameVi: calendarDays.nameVi });
		if (gone.length === 0) return false;
		await tx.insert(auditLog).values({ actorUserId: actor.userId, action: 'calendar.remove', targetType: 'calendar_day', targetId: day, detail: { kind: gone[0].kind, nameVi: gone[0].nameVi }, ip: actor.ip ?? null });
		return true;
	});
}
