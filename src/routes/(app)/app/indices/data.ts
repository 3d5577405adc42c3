import type { RequestEvent } from '@sveltejs/kit';
import { translate, type Locale } from '$lib/i18n';
import { indexFilters } from '$lib/server/indices/filters';
import { indexSettings, indicesReport, lastFullMonthKey, monthsEnding } from '$lib/server/indices';
import type { IndicesExportContext } from '$lib/server/indices/export-tables';

const TREND_MONTHS = 6;

/** The indices page's filters, settings and figures: shared by the page and its export, so a file never disagrees with the screen. */
export async function loadIndices(event: RequestEvent) {
	const f = await indexFilters(event, lastFullMonthKey());
	const settings = await indexSettings();
	const report = await indicesReport({
		scope: f.scope,
		units: f.shown.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, path: u.path })),
		month: f.month,
		trendMonths: monthsEnding(f.month.key, TREND_MONTHS),
		asOf: new Date(),
		rule: settings.ranks,
		sipasMapping: settings.sipas,
		settings766: settings.s766
	});
	return { f, settings, report };
}

/** What the export tables need besides the report: the month, the place in words, unit codes and parents. */
export function exportContext({ f, settings }: Awaited<ReturnType<typeof loadIndices>>, locale: Locale): IndicesExportContext {
	const name = (u: { nameVi: string; nameEn: string | null }) => (locale === 'en' && u.nameEn ? u.nameEn : u.nameVi);
	const byId = new Map(f.units.map((u) => [u.id, u]));
	return {
		locale,
		month: f.month.key,
		place: f.unit ? name(f.unit) : translate(locale, 'indices.filter.allUnits'),
		rule: settings.ranks,
		units: new Map(
			f.units.map((u) => {
				const parent = u.parentId === null ? undefined : byId.get(u.parentId);
				return [u.id, { code: u.code, parent: parent ? name(parent) : null }];
			})
		)
	};
}
