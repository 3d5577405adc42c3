import { db } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import { handleBoxApi } from '$lib/server/serial/box-api';
import type { RequestHandler } from './$types';

/** Bridges (scripts/bridge.ts) post here with their bearer token; see box-api.ts. */
export const POST: RequestHandler = (event) => handleBoxApi('hello', event.request, { db }, clientIp(event));
