import { db } from '$lib/server/db';
import { clientIp } from '$lib/server/http';
import { handleBoxApi } from '$lib/server/serial/box-api';
import type { RequestHandler } from './$types';

/** What each box's LED should show now (bridges poll this); see box-api.ts. */
export const GET: RequestHandler = (event) => handleBoxApi('led', event.request, { db }, clientIp(event));
