import { loadCalendar } from '$lib/server/calendar';
import { database } from '$lib/server/db';
import { indexFilters } from '$lib/server/indices/filters';
import {
	apologyStatus,
	currentMonthKey,
	lateCounts,
	lateDossiers,
	lateWithoutApology,
	NOTICE_FILTERS,
	workingDaysLate,
	type NoticeFilter
} from '$lib/server/indices';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async (event) => {
	const f = await indexFilters(event, currentMonthKey());
	const q = event.url.searchParams;
	const notice = (NOTICE_FILTERS as readonly string[]).includes(q.get('notice') ?? '') ? (q.get('notice') as NoticeFilter) : 'all';
	const page = Math.min(10_000, Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1));
	const asOf = new Date();
	const base = { scope: f.scope, period: { from: f.month.from, to: f.month.to }, asOf };
	const [counts, rows, cal] = await Promise.all([
		lateCounts(base),
		lateDossiers({ ...base, notice, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
		loadCalendar(database)
	]);
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	const total = { all: counts.late, without_apology: counts.withoutApology, without_explanation: counts.withoutExplanation, complete: counts.complete }[notice];
	return {
		month: f.month.key,
		badMonth: f.badMonth,
		unitId: f.unit?.id ?? null,
		units: f.units.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, depth: u.path.split('/').length - 3 })),
		notice,
		counts,
		page,
		pageSize: PAGE_SIZE,
		total,
		rows: rows.map((r) => ({
			id: r.id,
			code: r.code,
			unitVi: r.unitVi,
			unitEn: r.unitEn,
			procedureVi: r.procedureVi,
			procedureEn: r.procedureEn,
			dueAt: iso(r.dueAt)!,
			completedAt: iso(r.completedAt),
			daysLate: workingDaysLate(r, asOf, cal),
			officer: r.officer,
			apology: r.apology ? { status: apologyStatus(r.dueAt, r.apology.issuedAt), number: r.apology.number, issuedAt: iso(r.apology.issuedAt)!, newDueAt: iso(r.apology.newDueAt) } : null,
			explanation: r.explanation ? { number: r.explanation.number, issuedAt: iso(r.explanation.issuedAt)! } : null,
			flagged: lateWithoutApology(r.dueAt, r.apology?.issuedAt ?? null)
		}))
	};
};
