import { lastFullMonth, transparencyFigures } from '$lib/server/units/transparency';
import { readingReplica } from '$lib/server/db/replicas';
import type { PageServerLoad } from './$types';

/** Public, no sign-in: each unit's figures for the last full month, nothing about individuals. */
export const load: PageServerLoad = async (event) => {
	const month = lastFullMonth();
	const { value: units, staleSeconds } = await readingReplica(event, () => transparencyFigures(month.from, month.to));
	return { month: month.label, units, replicaStaleSeconds: staleSeconds };
};
