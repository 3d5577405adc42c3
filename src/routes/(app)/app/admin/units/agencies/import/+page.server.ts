import { requireAdmin } from '$lib/server/auth/guard';
import { commitImportAction, previewImportAction } from '$lib/server/imports/actions';
import { UNIT_IMPORT_COLUMNS } from '$lib/server/units/importers';
import type { Actions, PageServerLoad } from './$types';

/** Agencies (sở, ban, ngành, branches of central agencies) from a simple list. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { columns: UNIT_IMPORT_COLUMNS.agencies };
};

export const actions: Actions = {
	preview: async (event) => previewImportAction(event, 'agencies'),
	commit: async (event) => commitImportAction(event, 'agencies')
};
