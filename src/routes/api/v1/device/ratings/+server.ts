import { json } from '@sveltejs/kit';
import { rateFromTablet } from '$lib/server/kiosk/tablet-rating';
import type { RequestHandler } from './$types';

/**
 * A tablet posts one rating (see tablet-rating.ts). The production server (scripts/serve.js)
 * answers this route on its fast path before SvelteKit; this route answers under `vite dev`.
 */
export const POST: RequestHandler = async ({ request }) => {
	const type = request.headers.get('content-type');
	const text = (type ?? '').toLowerCase().startsWith('application/json') ? await request.text() : '';
	const reply = await rateFromTablet(request.headers.get('authorization'), type, text);
	return json(reply.body, { status: reply.status });
};
