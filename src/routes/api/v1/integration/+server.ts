import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { requireIntegration } from '$lib/server/auth/guard';
import type { integrationSelfAnswer } from '$lib/server/auth/credentials';
import type { RequestHandler } from './$types';

/** Lets the one-stop software check its token and see the unit it may write for. */
export const GET: RequestHandler = async (event) => {
	const token = await requireIntegration(event);
	const [unit] = await db.select({ id: units.id, code: units.code, nameVi: units.nameVi }).from(units).where(eq(units.id, token.unitId));
	return json({ tokenId: token.tokenId, unit } satisfies z.input<typeof integrationSelfAnswer>);
};
