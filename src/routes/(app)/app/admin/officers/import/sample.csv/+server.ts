import { requireOfficerManager } from '$lib/server/officers/access';
import { postingUnits } from '$lib/server/officers/admin';
import { officerSampleCsv } from '$lib/server/officers/importer';
import type { RequestHandler } from './$types';

/** A sample HR list with one of the user's own unit codes, so it imports as it is. */
export const GET: RequestHandler = async (event) => {
	const { scope } = requireOfficerManager(event);
	const [unit] = await postingUnits(scope);
	return new Response(officerSampleCsv(unit?.code ?? 'MA-DON-VI'), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="mau-danh-sach-can-bo.csv"',
			'cache-control': 'no-store'
		}
	});
};
