import { error, type RequestEvent } from '@sveltejs/kit';
import { audit } from '../audit';
import { localDate } from '../calendar';
import { clientIp } from '../http';
import { toCsv, type CsvDialect } from './csv';
import { toXlsx } from './xlsx';
import type { ExportFormat, ExportTable } from './table';

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

/** `?format=csv|xlsx` from the URL; anything else is a 400 a person can act on. */
export function exportFormat(url: URL): ExportFormat {
	const f = url.searchParams.get('format');
	if (f === 'csv' || f === 'xlsx') return f;
	error(400, 'Định dạng xuất phải là csv hoặc xlsx / Export format must be csv or xlsx');
}

/** `?dialect=excel-vi` asks for the CSV Excel opens as is with Vietnamese settings (semicolons, decimal comma). */
export function csvDialect(url: URL): CsvDialect {
	return url.searchParams.get('dialect') === 'excel-vi' ? 'excel-vi' : 'standard';
}

/** A file name from a title: Vietnamese kept, characters no file system accepts removed. */
export function exportFileName(title: string, format: ExportFormat, day: string): string {
	const base = title
		.normalize('NFC')
		.replace(/[\p{Cc}/\\:*?"<>|]+/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, 120)
		.trim();
	return `${base || 'export'} ${day}.${format}`;
}

/** An ASCII stand-in for browsers that ignore filename*: diacritics dropped (đ → d), the rest '_'. */
export function asciiFileName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^A-Za-z0-9._-]+/g, '_')
		.replace(/_+/g, '_');
}

/**
 * `attachment; filename="ASCII"; filename*=UTF-8''percent-encoded` (RFC 6266 with RFC 5987):
 * every current browser takes the UTF-8 name, so "Báo cáo tháng" stays Vietnamese.
 */
export function contentDisposition(fileName: string): string {
	const encoded = encodeURIComponent(fileName).replace(
		/['()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
	);
	return `attachment; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encoded}`;
}

/**
 * The download of a table, audited (`export.csv` / `export.xlsx`, with the title, filters and
 * row count) before a byte is sent. The caller has already run the guard and built the table
 * from the same loader as the page.
 */
export async function exportResponse(
	event: RequestEvent,
	table: ExportTable,
	format: ExportFormat,
	auditTarget?: { type: string; id: string | number }
): Promise<Response> {
	const dialect = csvDialect(event.url);
	const body = format === 'csv' ? toCsv(table, dialect) : await toXlsx(table);
	await audit(
		{ userId: event.locals.user?.id ?? null, ip: clientIp(event) },
		`export.${format}`,
		auditTarget,
		{
			title: table.title,
			filters: table.filters,
			rows: table.rows.length,
			...(format === 'csv' ? { dialect } : {}),
			path: event.url.pathname
		}
	);
	const payload = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
	return new Response(payload, {
		headers: {
			'content-type': EXPORT_CONTENT_TYPES[format],
			'content-disposition': contentDisposition(
				exportFileName(table.title, format, localDate(new Date()))
			),
			'content-length': String(payload.byteLength),
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}

/** Data read from a standby: the most it may be behind, as a header (db/replicas.ts). */
export const DATA_AGE_HEADER = 'x-data-max-age-seconds';

export function withStaleness(response: Response, staleSeconds: number | null): Response {
	if (staleSeconds !== null) response.headers.set(DATA_AGE_HEADER, String(staleSeconds));
	return response;
}
