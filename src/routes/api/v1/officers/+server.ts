import { requireIntegration } from '$lib/server/auth/guard';
import { handleOfficerPush, handleOfficerRead } from '$lib/server/officers/api';
import type { RequestHandler } from './$types';

/** The HR software reads officers with their postings in the token's scope, a page at a time. */
export const GET: RequestHandler = async (event) => handleOfficerRead(event, await requireIntegration(event));

/** …and upserts one officer or a batch of up to 1000, idempotent by staff number. */
export const POST: RequestHandler = async (event) => handleOfficerPush(event, await requireIntegration(event));
