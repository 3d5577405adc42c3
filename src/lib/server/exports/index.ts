/**
 * Exports of dashboard tables: CSV (UTF-8 with BOM) and XLSX, audited.
 *
 * The convention, for every page whose table can be downloaded:
 *
 * 1. The page's figures come from one server function (e.g. `officerTable(user, filters)` in
 *    `$lib/server/dashboards/…`), and a second pure function turns them into an `ExportTable`
 *    (translated headers, the filters in words). The page's `+page.server.ts` load calls the
 *    first; nothing else changes on the page.
 * 2. A sibling route `<page>/export/+server.ts` answers `GET ?format=csv|xlsx&<the page's own
 *    query>`: it runs the same guard as the page, parses the same filters from `event.url`,
 *    calls the same function, then `return exportResponse(event, table, exportFormat(event.url), target)`.
 *    A sibling route rather than `+server.ts` beside `+page.svelte`, because a browser link sends
 *    `Accept: text/html` and SvelteKit would answer it with the page.
 * 3. The page shows `<ExportLinks />` ($lib/components/ExportLinks.svelte), which links to
 *    `./export` with the current query string, so the download has the filters on screen.
 *
 * ```ts
 * // src/routes/(app)/app/officers/export/+server.ts
 * export const GET: RequestHandler = async (event) => {
 *   const user = requireRole(event, 'unit_head', 'reform', 'inspector');
 *   const filters = parseOfficerFilters(event.url);                  // same as the page
 *   const data = await officerTable(user, filters);                   // same as the page
 *   const table = officerExportTable(data, filters, event.locals.locale);
 *   return exportResponse(event, table, exportFormat(event.url), { type: 'unit', id: filters.unitId });
 * };
 * ```
 */
export { csvCell, csvField, csvHeader, toCsv, type CsvDialect } from './csv';
export { sheetName, toXlsx, XLSX_NUMBER_FORMATS } from './xlsx';
export {
	asciiFileName,
	contentDisposition,
	csvDialect,
	EXPORT_CONTENT_TYPES,
	exportFileName,
	exportFormat,
	exportResponse
} from './response';
export type { ColumnKind, ExportCell, ExportColumn, ExportFormat, ExportRow, ExportTable } from './table';
