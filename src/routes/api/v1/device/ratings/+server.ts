import { json } from '@sveltejs/kit';
import { jsonText } from '$lib/server/api';
import { rateFromTablet } from '$lib/server/kiosk/tablet-rating';
import type { RequestHandler } from './$types';

/**
 * A tablet posts one rating (see tablet-rating.ts). The production server (scripts/serve.js)
 * answers this route on its fast path before SvelteKit; this route answers under `vite dev`.
 */
export const POST: RequestHandler = async ({ request }) => {
	const reply = await rateFromTablet(request.headers.get('authorization'), request.headers.get('content-type'), await jsonText(request));
	return json(reply.body, { status: reply.status });
};
