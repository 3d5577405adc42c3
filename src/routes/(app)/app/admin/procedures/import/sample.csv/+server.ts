import { requireAdmin } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { sampleProcedureCsv } from '$lib/server/procedures/sample';
import type { RequestHandler } from './$types';

/** A sample in the national database's layout, naming one of the province's own units, so it imports as it is. */
export const GET: RequestHandler = async (event) => {
	requireAdmin(event);
	return new Response(await sampleProcedureCsv(db), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="mau-nhap-thu-tuc.csv"',
			'cache-control': 'no-store'
		}
	});
};
