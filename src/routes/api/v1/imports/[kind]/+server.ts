import { parseJson } from '$lib/server/api';
import { importProgressStream, requireImporter } from '$lib/server/imports/actions';
import { importCommitSchema } from '$lib/server/imports/schema';
import type { RequestHandler } from './$types';

/**
 * The import pages' progress bar (units, officers, procedures…): commits a previewed import and
 * streams NDJSON progress lines. Session cookie only (the Origin check in hooks.server.ts applies);
 * the rows come from the server-side preview, never from the client. An unknown kind is a 404.
 */
export const POST: RequestHandler = async (event) => {
	requireImporter(event, event.params.kind);
	const body = await parseJson(event, importCommitSchema);
	if (!body.ok) return body.response;
	return importProgressStream(event, event.params.kind, body.data);
};
