import { SIPAS_FACTORS } from '$lib/server/indices';
import { scoreScope, unitScoreAction } from '$lib/server/indices/tt01-actions';
import { pathInScope, requireUser } from '$lib/server/auth/guard';
import { tt01Citations } from '$lib/server/indices/tt01-sources';
import { citation, RULESET } from '$lib/server/legal/sources';
import { loadIndices } from './data';
import { readingReplica } from '$lib/server/db/replicas';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { value, staleSeconds } = await readingReplica(event, () => loadIndices(event));
	const { f, settings, report } = value;
	const user = requireUser(event);
	const selfScope = scoreScope(user, 'self');
	const verifyScope = scoreScope(user, 'verified');
	const may = (scope: typeof selfScope, path: string) => scope !== 'none' && pathInScope(path, scope);
	return {
		month: f.month.key,
		badMonth: f.badMonth,
		unitId: f.unit?.id ?? null,
		unit: f.unit ? { nameVi: f.unit.nameVi, nameEn: f.unit.nameEn } : null,
		units: f.units.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, depth: u.path.split('/').length - 3 })),
		rule: settings.ranks,
		sipasSources: SIPAS_FACTORS.map((factor) => ({ factor, key: settings.sipas[factor] })),
		report,
		tt01Sources: tt01Citations(),
		// the rule set and the legal basis of the figures that have no section of their own in sources
		legal: {
			ruleset: { vi: RULESET.labelVi, en: RULESET.labelEn, version: RULESET.version },
			onTime: citation('nd118OnTime'),
			sipas: [citation('qd2640Sipas'), citation('sipasSurvey')]
		},
		// the units of the selection the user may score, and whether they may verify
		scoreUnits: f.shown
			.filter((u) => may(selfScope, u.path) || may(verifyScope, u.path))
			.map((u) => ({ id: u.id, nameVi: u.nameVi, nameEn: u.nameEn, verify: may(verifyScope, u.path) })),
		replicaStaleSeconds: staleSeconds
	};
};

export const actions: Actions = {
	unitScore: unitScoreAction
};
