import { requireOfficerManager } from '$lib/server/officers/access';
import { commitImportAction, previewImportAction } from '$lib/server/imports/actions';
import type { Actions, PageServerLoad } from './$types';

/** The HR list import: administrators everywhere, unit heads into their subtree. */
export const load: PageServerLoad = async (event) => {
	requireOfficerManager(event);
	return {};
};

export const actions: Actions = {
	preview: async (event) => previewImportAction(event, 'officers'),
	commit: async (event) => commitImportAction(event, 'officers')
};
