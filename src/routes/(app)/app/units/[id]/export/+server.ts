import { exportFormat, exportResponse } from '$lib/server/exports';
import { officersTable } from '$lib/server/dashboards/export-tables';
import { loadUnitDashboard } from '../data';
import { readingReplica } from '$lib/server/db/replicas';
import { withStaleness } from '$lib/server/exports/response';
import type { RequestHandler } from './$types';

/** The officer table of the unit page as CSV or XLSX, with the page's period (audited). */
export const GET: RequestHandler = async (event) => {
	const format = exportFormat(event.url);
	const { value, staleSeconds } = await readingReplica(event, () => loadUnitDashboard(event));
	const { unit, choice, dashboard } = value;
	const locale = event.locals.locale;
	const name = locale === 'en' && unit.nameEn ? unit.nameEn : unit.nameVi;
	return withStaleness(await exportResponse(event, officersTable(locale, name, choice.from, choice.to, dashboard.officers), format, { type: 'unit', id: unit.id }), staleSeconds);
};
