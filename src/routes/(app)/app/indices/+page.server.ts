import { SIPAS_FACTORS } from '$lib/server/indices';
import { loadIndices } from './data';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { f, settings, report } = await loadIndices(event);
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
