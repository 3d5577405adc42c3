import { requireIntegration } from '$lib/server/auth/guard';
import { handleProcedurePush, listProceduresForApi } from '$lib/server/procedures/api';
import type { RequestHandler } from './$types';

/** The province's procedure catalogue, read by any integration token. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return listProceduresForApi(event.url, token);
};

/** Upserts procedures by code (one or a batch of up to 1000); a token of the province only. */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleProcedurePush(event, token);
};
