import { requireRole, scopePaths } from '$lib/server/auth/guard';
import { sampleCsv } from '$lib/server/dossiers/sample';
import type { RequestHandler } from './$types';

/** A sample file with real codes from the user's own units, so it imports as it is. */
export const GET: RequestHandler = async (event) => {
	const user = requireRole(event, 'unit_head');
	const body = await sampleCsv(scopePaths(user, 'unit_head'));
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="mau-nhap-ho-so.csv"',
			'cache-control': 'no-store'
		}
	});
};
