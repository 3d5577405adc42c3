import { requireAdmin } from '$lib/server/auth/guard';
import { commitImportAction, previewImportAction } from '$lib/server/imports/actions';
import type { Actions, PageServerLoad } from './$types';

/** The national procedure database's export, previewed then imported (administrators only). */
export const load: PageServerLoad = (event) => {
	requireAdmin(event);
	return {};
};

export const actions: Actions = {
	preview: async (event) => previewImportAction(event, 'procedures'),
	commit: async (event) => commitImportAction(event, 'procedures')
};
