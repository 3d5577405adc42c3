import { requireRole } from '$lib/server/auth/guard';
import { exportFormat, exportResponse } from '$lib/server/exports';
import { flagsTable } from '$lib/server/flags/export-tables';
import { loadFlags, READ_ROLES } from '../data';
import type { RequestHandler } from './$types';

/** The flags of the page's period in the user's scope as CSV or XLSX, with their acknowledgements (audited). */
export const GET: RequestHandler = async (event) => {
	requireRole(event, ...READ_ROLES); // sign-in first: a stranger learns nothing from a 400
	const format = exportFormat(event.url);
	const { from, to, groups, rules } = await loadFlags(event);
	const table = flagsTable({ locale: event.locals.locale, from, to, rules }, groups);
	return exportResponse(event, table, format, { type: 'flags', id: `${from}..${to}` });
};
