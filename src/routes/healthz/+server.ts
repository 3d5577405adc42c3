import type { RequestHandler } from './$types';

/** Liveness: the process answers (ops/health.ts). No database, no session. */
export const GET: RequestHandler = () =>
	new Response('ok\n', {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
