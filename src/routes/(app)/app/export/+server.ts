import { translate } from '$lib/i18n';
import { exportFormat, exportResponse } from '$lib/server/exports';
import { unitsTable } from '$lib/server/dashboards/export-tables';
import { loadOverview } from '../data';
import { readingReplica } from '$lib/server/db/replicas';
import { withStaleness } from '$lib/server/exports/response';
import type { RequestHandler } from './$types';

/** The overview's unit comparison as CSV or XLSX, with the page's period (audited). */
export const GET: RequestHandler = async (event) => {
	const format = exportFormat(event.url);
	const { value, staleSeconds } = await readingReplica(event, () => loadOverview(event));
	const { choice, dashboard, scopeName } = value;
	const locale = event.locals.locale;
	const name = scopeName(locale) ?? translate(locale, 'role.everywhere');
	return withStaleness(await exportResponse(event, unitsTable(locale, name, choice.from, choice.to, dashboard.units), format, { type: 'scope', id: name }), staleSeconds);
};
