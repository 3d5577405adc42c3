import { translate } from '$lib/i18n';
import { exportFormat, exportResponse } from '$lib/server/exports';
import { unitsTable } from '$lib/server/dashboards/export-tables';
import { loadOverview } from '../data';
import type { RequestHandler } from './$types';

/** The overview's unit comparison as CSV or XLSX, with the page's period (audited). */
export const GET: RequestHandler = async (event) => {
	const format = exportFormat(event.url);
	const { choice, dashboard, scopeName } = await loadOverview(event);
	const locale = event.locals.locale;
	const name = scopeName(locale) ?? translate(locale, 'role.everywhere');
	return exportResponse(event, unitsTable(locale, name, choice.from, choice.to, dashboard.units), format, { type: 'scope', id: name });
};
