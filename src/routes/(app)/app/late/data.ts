import type { RequestEvent } from '@sveltejs/kit';
import { translate, type Locale } from '$lib/i18n';
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
import type { LateListRow } from '$lib/server/indices/export-tables';

/**
 * The late-dossier list with the page's filters (month, unit, notice status): one window of rows
 * (`limit`, `offset`), the counts behind the filter links, and the total of the filter. Shared by
 * the page (a page of 100) and its export (every row, up to a cap).
 */
export async function loadLate(event: RequestEvent, window: { limit: number; offset: number }) {
	const f = await indexFilters(event, currentMonthKey());
	const q = event.url.searchParams;
	const notice = (NOTICE_FILTERS as readonly string[]).includes(q.get('notice') ?? '') ? (q.get('notice') as NoticeFilter) : 'all';
	const asOf = new Date();
	const base = { scope: f.scope, period: { from: f.month.from, to: f.month.to }, asOf };
	const [counts, rows, cal] = await Promise.all([lateCounts(base), lateDossiers({ ...base, notice, ...window }), loadCalendar(database)]);
	const iso = (d: Date | null) => (d ? d.toISOString() : null);
	const total = { all: counts.late, without_apology: counts.withoutApology, without_explanation: counts.withoutExplanation, complete: counts.complete }[notice];
	return {
		f,
		notice,
		asOf,
		counts,
		total,
		rows: rows.map(
			(r): LateListRow => ({
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
				apology: r.apology
					? { status: apologyStatus(r.dueAt, r.apology.issuedAt, cal), number: r.apology.number, issuedAt: iso(r.apology.issuedAt)!, newDueAt: iso(r.apology.newDueAt), slips: r.apology.slips }
					: null,
				explanation: r.explanation ? { number: r.explanation.number, issuedAt: iso(r.explanation.issuedAt)! } : null,
				flagged: lateWithoutApology(r.dueAt, r.apology?.issuedAt ?? null, cal)
			})
		)
	};
}

/** The chosen unit's name, or "every unit in scope". */
export function placeName(f: Awaited<ReturnType<typeof loadLate>>['f'], locale: Locale): string {
	if (!f.unit) return translate(locale, 'indices.filter.allUnits');
	return locale === 'en' && f.unit.nameEn ? f.unit.nameEn : f.unit.nameVi;
}
