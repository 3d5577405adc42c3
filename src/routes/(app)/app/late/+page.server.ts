import { loadLate } from './data';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async (event) => {
	const page = Math.min(10_000, Math.max(1, Number.parseInt(event.url.searchParams.get('page') ?? '1', 10) || 1));
	const { f, notice, counts, total, rows } = await loadLate(event, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
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
		rows
	};
};
