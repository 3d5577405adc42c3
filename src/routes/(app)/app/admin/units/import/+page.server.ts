import { requireAdmin } from '$lib/server/auth/guard';
import { commitImportAction, previewImportAction } from '$lib/server/imports/actions';
import { UNIT_IMPORT_COLUMNS } from '$lib/server/units/importers';
import { REFORM_DAY } from '$lib/server/units/successors';
import type { Actions, PageServerLoad } from './$types';

/** The statistics office's list of administrative units (CSV or XLSX), previewed then imported. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { columns: UNIT_IMPORT_COLUMNS.units, defaultValidFrom: REFORM_DAY };
};

export const actions: Actions = {
	preview: async (event) => previewImportAction(event, 'units', ['validFrom']),
	commit: async (event) => commitImportAction(event, 'units')
};
