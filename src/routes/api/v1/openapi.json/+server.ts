import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/dossiers/openapi';
import type { RequestHandler } from './$types';

/** Public on purpose: the contract holds no data, and integrators read it before they have a token. */
export const GET: RequestHandler = async (event) => json(openApiDocument(event.url.origin));
