import { lastFullMonth, transparencyFigures } from '$lib/server/units/transparency';
import type { PageServerLoad } from './$types';

/** Public, no sign-in: each unit's figures for the last full month, nothing about individuals. */
export const load: PageServerLoad = async () => {
	const month = lastFullMonth();
	return { month: month.label, units: await transparencyFigures(month.from, month.to) };
};
