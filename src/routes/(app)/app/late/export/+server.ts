import { requireRole } from '$lib/server/auth/guard';
import { exportFormat, exportResponse } from '$lib/server/exports';
import { INDEX_ROLES } from '$lib/server/indices/filters';
import { LATE_EXPORT_CAP, lateTable } from '$lib/server/indices/export-tables';
import { loadLate, placeName } from '../data';
import type { RequestHandler } from './$types';

/**
 * The late-dossier list with the page's month, unit and notice filter as CSV or XLSX (audited):
 * every row of the filter, not the page on screen (`page` is ignored), up to LATE_EXPORT_CAP;
 * the file's filters say so when the filter holds more.
 */
export const GET: RequestHandler = async (event) => {
	requireRole(event, ...INDEX_ROLES); // sign-in first: a stranger learns nothing from a 400
	const format = exportFormat(event.url);
	const locale = event.locals.locale;
	const { f, notice, asOf, total, rows } = await loadLate(event, { limit: LATE_EXPORT_CAP[format], offset: 0 });
	const place = placeName(f, locale);
	const table = lateTable({ locale, month: f.month.key, place, notice, asOf, total, format }, rows);
	return exportResponse(event, table, format, f.unit ? { type: 'unit', id: f.unit.id } : { type: 'scope', id: place });
};
