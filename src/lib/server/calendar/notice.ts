/**
 * A year's notice as an administrator enters it (days off in ranges, days worked), checked and
 * turned into the change it makes to `calendar_days`. Pure: the store reads the year's rows,
 * calls `planNotice`, and writes the plan with its audit entry in one transaction.
 *
 * What a notice replaces, for its year: every day it names (whatever was there), and, for each
 * occasion it covers (Tết, National Day…), the rows of that occasion not read from a notice
 * itself (`provisional` computed rows and `unconfirmed` rows taken from secondary sources). Rows
 * of other occasions, statutory days it does not name and other confirmed notices are kept.
 */
import { z } from 'zod';
import { CALENDAR_OCCASIONS, type CalendarDayKind, type CalendarNoticeStatus, type CalendarOccasion } from './holidays';
import { parseDayText } from '$lib/date-text';
import { addDays, dayOfWeek, parseDayNumber } from './working-days';

/** How many ranges of days off and days worked the form offers (a notice rarely needs more). */
export const NOTICE_RANGES = 6;
export const NOTICE_WORKDAYS = 4;
/** Longer than any break: a longer range is a typing mistake. */
export const MAX_RANGE_DAYS = 16;

export interface NoticeDaysOff {
	from: string;
	to: string;
	nameVi: string;
	nameEn: string;
	occasion: CalendarOccasion;
}
export interface NoticeDayWorked {
	day: string;
	nameVi: string;
	nameEn: string;
	occasion: CalendarOccasion;
}
export interface NoticeInput {
	year: number;
	/** Number and kind of document as cited, e.g. "Thông báo 9441/TB-BNV". */
	document: string;
	issuer: string;
	issued: string;
	note: string;
	daysOff: NoticeDaysOff[];
	daysWorked: NoticeDayWorked[];
}

/** What is wrong with an entered notice: a message key and the field it belongs to. */
export type NoticeProblem = { field: string; key: string; params?: Record<string, string | number> };

const text = (max: number) => z.string().trim().max(max);
/** A day typed dd/mm/yyyy or YYYY-MM-DD (date-text.ts), read as YYYY-MM-DD; '' when left empty. */
const day = z
	.string()
	.trim()
	.transform((v, ctx) => {
		const parsed = v === '' ? '' : parseDayText(v);
		if (parsed !== null) return parsed;
		ctx.addIssue({ code: 'custom', message: 'not a day' });
		return z.NEVER;
	});
const occasion = z.enum(CALENDAR_OCCASIONS);

const formSchema = z.object({
	year: z.coerce.number().int().min(2000).max(2100),
	document: text(200).min(1),
	issuer: text(200).min(1),
	issued: day.refine((v) => v !== ''),
	note: text(1000).default('')
});

/** The form's text fields by name: off.N.from / .to / .nameVi / .nameEn / .occasion, work.N.day / … */
export function parseNoticeForm(form: Readonly<Record<string, string | undefined>>): { ok: true; notice: NoticeInput } | { ok: false; problems: NoticeProblem[] } {
	const problems: NoticeProblem[] = [];
	const head = formSchema.safeParse(form);
	if (!head.success) for (const i of head.error.issues) problems.push({ field: String(i.path[0]), key: 'calendar.notice.error.field' });
	const daysOff: NoticeDaysOff[] = [];
	for (let i = 0; i < NOTICE_RANGES; i++) {
		const r = z
			.object({ from: day.default(''), to: day.default(''), nameVi: text(200).default(''), nameEn: text(200).default(''), occasion: occasion.default('other') })
			.safeParse({ from: form[`off.${i}.from`], to: form[`off.${i}.to`], nameVi: form[`off.${i}.nameVi`], nameEn: form[`off.${i}.nameEn`], occasion: form[`off.${i}.occasion`] || undefined });
		if (!r.success) {
			problems.push({ field: `off.${i}`, key: 'calendar.notice.error.field' });
			continue;
		}
		const v = r.data;
		if (!v.from && !v.to && !v.nameVi) continue;
		if (!v.from || !v.nameVi) problems.push({ field: `off.${i}`, key: 'calendar.notice.error.incomplete' });
		else daysOff.push({ ...v, to: v.to || v.from });
	}
	const daysWorked: NoticeDayWorked[] = [];
	for (let i = 0; i < NOTICE_WORKDAYS; i++) {
		const r = z
			.object({ day: day.default(''), nameVi: text(200).default(''), nameEn: text(200).default(''), occasion: occasion.default('other') })
			.safeParse({ day: form[`work.${i}.day`], nameVi: form[`work.${i}.nameVi`], nameEn: form[`work.${i}.nameEn`], occasion: form[`work.${i}.occasion`] || undefined });
		if (!r.success) {
			problems.push({ field: `work.${i}`, key: 'calendar.notice.error.field' });
			continue;
		}
		const v = r.data;
		if (!v.day && !v.nameVi) continue;
		if (!v.day || !v.nameVi) problems.push({ field: `work.${i}`, key: 'calendar.notice.error.incomplete' });
		else daysWorked.push(v);
	}
	if (!head.success || problems.length > 0) return { ok: false, problems };
	return { ok: true, notice: { ...head.data, daysOff, daysWorked } };
}

/** The rows a notice writes, one per day, and what is wrong with it (refused) or odd (warned). */
export function noticeRows(n: NoticeInput): {
	rows: Array<{ day: string; kind: CalendarDayKind; nameVi: string; nameEn: string; occasion: CalendarOccasion }>;
	problems: NoticeProblem[];
	warnings: NoticeProblem[];
} {
	const problems: NoticeProblem[] = [];
	const warnings: NoticeProblem[] = [];
	const rows: ReturnType<typeof noticeRows>['rows'] = [];
	const seen = new Set<string>();
	const inYear = (d: string) => d.startsWith(`${n.year}-`);
	const weekend = (d: string) => dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
	const take = (field: string, d: string) => {
		if (seen.has(d)) problems.push({ field, key: 'calendar.notice.error.twice', params: { day: d } });
		seen.add(d);
	};
	if (n.daysOff.length === 0 && n.daysWorked.length === 0) problems.push({ field: 'off.0', key: 'calendar.notice.error.empty' });
	n.daysOff.forEach((r, i) => {
		const field = `off.${i}`;
		if (!inYear(r.from) || !inYear(r.to)) return problems.push({ field, key: 'calendar.notice.error.year', params: { year: n.year } });
		const length = parseDayNumber(r.to)! - parseDayNumber(r.from)! + 1;
		if (length < 1) return problems.push({ field, key: 'calendar.notice.error.order' });
		if (length > MAX_RANGE_DAYS) return problems.push({ field, key: 'calendar.notice.error.long', params: { max: MAX_RANGE_DAYS } });
		let weekdays = 0;
		for (let d = r.from; d <= r.to; d = addDays(d, 1)) {
			take(field, d);
			if (!weekend(d)) weekdays++;
			rows.push({ day: d, kind: 'holiday', nameVi: r.nameVi, nameEn: r.nameEn || r.nameVi, occasion: r.occasion });
		}
		if (weekdays === 0) warnings.push({ field, key: 'calendar.notice.warn.weekendOnly' });
	});
	n.daysWorked.forEach((w, i) => {
		const field = `work.${i}`;
		if (!inYear(w.day)) return problems.push({ field, key: 'calendar.notice.error.year', params: { year: n.year } });
		if (!weekend(w.day)) return problems.push({ field, key: 'calendar.notice.error.workdayWeekday', params: { day: w.day } });
		take(field, w.day);
		rows.push({ day: w.day, kind: 'workday', nameVi: w.nameVi, nameEn: w.nameEn || w.nameVi, occasion: w.occasion });
	});
	if (n.issued > `${n.year}-12-31`) problems.push({ field: 'issued', key: 'calendar.notice.error.issuedAfter', params: { year: n.year } });
	rows.sort((a, b) => a.day.localeCompare(b.day));
	return { rows, problems, warnings };
}

/** A stored row of the notice's year, with the status of the notice it comes from. */
export interface StoredDay {
	day: string;
	kind: CalendarDayKind;
	nameVi: string;
	source: string | null;
	occasion: CalendarOccasion | null;
	status: CalendarNoticeStatus | null;
}

export type DayChange =
	| { day: string; change: 'added'; after: { kind: CalendarDayKind; nameVi: string } }
	| { day: string; change: 'replaced'; before: StoredDay; after: { kind: CalendarDayKind; nameVi: string } }
	| { day: string; change: 'removed'; before: StoredDay }
	| { day: string; change: 'same'; before: StoredDay };

/** The id an entered notice is stored under: the same document entered again replaces itself. */
export const noticeId = (n: Pick<NoticeInput, 'year' | 'document'>) => `vb:${n.year}:${n.document.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase()}`;

/**
 * What entering a notice does to its year's rows: each day it names is added or replaced, and
 * the rows it supersedes are removed (see the module comment). Sorted by day.
 */
export function planNotice(n: NoticeInput, stored: readonly StoredDay[]): { changes: DayChange[]; problems: NoticeProblem[]; warnings: NoticeProblem[]; rows: ReturnType<typeof noticeRows>['rows'] } {
	const { rows, problems, warnings } = noticeRows(n);
	const id = noticeId(n);
	const byDay = new Map(stored.map((s) => [s.day, s]));
	const named = new Set(rows.map((r) => r.day));
	const occasions = new Set(rows.map((r) => r.occasion));
	const changes: DayChange[] = [];
	for (const r of rows) {
		const before = byDay.get(r.day);
		const after = { kind: r.kind, nameVi: r.nameVi };
		if (!before) changes.push({ day: r.day, change: 'added', after });
		else if (before.source === id && before.kind === r.kind && before.nameVi === r.nameVi) changes.push({ day: r.day, change: 'same', before });
		else changes.push({ day: r.day, change: 'replaced', before, after });
	}
	for (const s of stored) {
		if (named.has(s.day)) continue;
		const superseded = s.source === id || (s.occasion !== null && occasions.has(s.occasion) && s.status !== null && s.status !== 'confirmed');
		if (superseded) changes.push({ day: s.day, change: 'removed', before: s });
	}
	changes.sort((a, b) => a.day.localeCompare(b.day));
	return { changes, problems, warnings, rows };
}
