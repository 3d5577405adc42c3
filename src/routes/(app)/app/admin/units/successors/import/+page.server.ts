import { requireAdmin } from '$lib/server/auth/guard';
import { commitImportAction, previewImportAction } from '$lib/server/imports/actions';
import { UNIT_IMPORT_COLUMNS } from '$lib/server/units/importers';
import { REFORM_DAY } from '$lib/server/units/successors';
import type { Actions, PageServerLoad } from './$types';

/** The official conversion table (old commune code → new commune code) as successor links. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { columns: UNIT_IMPORT_COLUMNS['unit-successors'], defaultEffectiveAt: REFORM_DAY };
};

export const actions: Actions = {
	preview: async (event) => previewImportAction(event, 'unit-successors', ['effectiveAt']),
	commit: async (event) => commitImportAction(event, 'unit-successors')
};
