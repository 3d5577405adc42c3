import { requireRole } from '$lib/server/auth/guard';
import { exportFormat, exportResponse } from '$lib/server/exports';
import { exportBookResponse } from '$lib/server/exports/book';
import { INDEX_ROLES } from '$lib/server/indices/filters';
import { indicesBook, indicesTable, indicesTableParam } from '$lib/server/indices/export-tables';
import { exportContext, loadIndices } from '../data';
import { readingReplica } from '$lib/server/db/replicas';
import { withStaleness } from '$lib/server/exports/response';
import type { RequestHandler } from './$types';

/**
 * The indices page's tables with the page's month and unit (audited): `?table=tt01|officers|766|trend|sipas`
 * as CSV or XLSX, or every table as one workbook (`?format=xlsx`, `table=all` or no table).
 */
export const GET: RequestHandler = async (event) => {
	requireRole(event, ...INDEX_ROLES); // sign-in first: a stranger learns nothing from a 400
	const format = exportFormat(event.url);
	const locale = event.locals.locale;
	const which = indicesTableParam(event.url, format, locale);
	const { value: loaded, staleSeconds } = await readingReplica(event, () => loadIndices(event));
	const ctx = exportContext(loaded, locale);
	const target = loaded.f.unit ? { type: 'unit', id: loaded.f.unit.id } : { type: 'scope', id: ctx.place };
	if (which === 'all') {
		const book = indicesBook(ctx, loaded.report);
		return withStaleness(await exportBookResponse(event, book, book.sheets, target), staleSeconds);
	}
	return withStaleness(await exportResponse(event, indicesTable(which, ctx, loaded.report), format, target), staleSeconds);
};
