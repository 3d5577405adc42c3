import { json } from '@sveltejs/kit';
import { requireIntegration } from '$lib/server/auth/guard';
import { handleUnitPush, listUnits } from '$lib/server/units/api';
import type { RequestHandler } from './$types';

/** HR and one-stop software read the units of the token's subtree. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return json(await listUnits(token.unitPath));
};

/** …and keep them in sync: one unit or a batch of up to 1000, idempotent by code. */
export const POST: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	return handleUnitPush(event, token);
};
