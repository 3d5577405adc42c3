import { indexFilters } from '$lib/server/indices/filters';
import { indexSettings, indicesReport, lastFullMonthKey, monthsEnding, SIPAS_FACTORS } from '$lib/server/indices';
import type { PageServerLoad } from './$types';

const TREND_MONTHS = 6;

export const load: PageServerLoad = async (event) => {
	const f = await indexFilters(event, lastFullMonthKey());
	const settings = await indexSettings();
	const report = await indicesReport({
		scope: f.scope,
		units: f.shown.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, path: u.path })),
		month: f.month,
		trendMonths: monthsEnding(f.month.key, TREND_MONTHS),
		asOf: new Date(),
		rule: settings.ranks,
		sipasMapping: settings.sipas
	});
	return {
		month: f.month.key,
		badMonth: f.badMonth,
		unitId: f.unit?.id ?? null,
		unit: f.unit ? { nameVi: f.unit.nameVi, nameEn: f.unit.nameEn } : null,
		units: f.units.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, depth: u.path.split('/').length - 3 })),
		rule: settings.ranks,
		sipasSources: SIPAS_FACTORS.map((factor) => ({ factor, key: settings.sipas[factor] })),
		report
	};
};
