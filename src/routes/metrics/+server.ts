import { error } from '@sveltejs/kit';
import { metricsAllowed } from '$lib/server/ops/metrics-access';
import { registry } from '$lib/server/ops/metrics';
import { config } from '$lib/server/config';
import type { RequestHandler } from './$types';

/**
 * Prometheus metrics (ops/metrics.ts). With METRICS_TOKEN set, a scraper sends
 * `Authorization: Bearer <token>`; without it, only a request made on this machine and not
 * forwarded by a proxy is answered (ops/metrics-access.ts).
 */
export const GET: RequestHandler = async (event) => {
	const allowed = metricsAllowed({
		token: config().metricsToken,
		authorization: event.request.headers.get('authorization'),
		address: event.getClientAddress(),
		forwarded:
			event.request.headers.has('x-forwarded-for') || event.request.headers.has('forwarded')
	});
	if (!allowed)
		error(
			403,
			'Không được phép: đặt METRICS_TOKEN và gửi nó làm bearer token, hoặc đọc từ chính máy này / Not allowed: set METRICS_TOKEN and send it as a bearer token, or scrape from this machine'
		);
	return new Response(await registry.metrics(), {
		headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }
	});
};
