import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { counters, serviceCentres } from '$lib/server/db/schema';
import { requireDevice } from '$lib/server/auth/guard';
import { deviceSelfAnswer } from '$lib/server/kiosk/answers';
import type { RequestHandler } from './$types';

/** A paired tablet asks who it is and which counter it serves (also its heartbeat). */
export const GET: RequestHandler = async (event) => {
	const device = await requireDevice(event);
	const [counter] = device.counterId
		? await db
				.select({ id: counters.id, nameVi: counters.nameVi, nameEn: counters.nameEn, centreVi: serviceCentres.nameVi, centreEn: serviceCentres.nameEn })
				.from(counters)
				.innerJoin(serviceCentres, eq(serviceCentres.id, counters.centreId))
				.where(eq(counters.id, device.counterId))
		: [];
	return json({ deviceId: device.deviceId, uid: device.uid, counter: counter ?? null } satisfies z.input<typeof deviceSelfAnswer>);
};
