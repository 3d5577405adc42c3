import { json } from '@sveltejs/kit';
import { readiness } from '$lib/server/ops/health';
import type { RequestHandler } from './$types';

/**
 * Readiness for the load balancer: 200 when every check passes (database answers, migrations
 * applied, and what other modules add), else 503; the body names each check. Nothing secret.
 */
export const GET: RequestHandler = async () => {
	const r = await readiness();
	return json(r, { status: r.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
