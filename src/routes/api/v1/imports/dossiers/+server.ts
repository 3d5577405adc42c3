import { translate } from '$lib/i18n';
import { apiError, parseJson } from '$lib/server/api';
import { requireRole, requireUnitAccess } from '$lib/server/auth/guard';
import { importCommitStream } from '$lib/server/dossiers/import-stream';
import { pendingImport } from '$lib/server/dossiers/imports';
import { importCommitSchema } from '$lib/server/imports/schema';
import type { RequestHandler } from './$types';

/**
 * The import page's progress bar: commits a previewed CSV import and streams NDJSON progress
 * lines. Session cookie only (the Origin check in hooks.server.ts applies); the rows come from
 * the server-side preview, never from the client.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, 'unit_head');
	const body = await parseJson(event, importCommitSchema);
	if (!body.ok) return body.response;
	const pending = pendingImport(body.data.id, user.id);
	if (!pending) return apiError(404, 'expired', translate(event.locals.locale, 'dossiers.import.expired'));
	await requireUnitAccess(event, pending.unitId, 'unit_head');
	return importCommitStream(event, user.id, pending, body.data.validOnly);
};
