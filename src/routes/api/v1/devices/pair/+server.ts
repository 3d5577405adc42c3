import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { eq } from 'drizzle-orm';
import { db } from '$lib/server/db';
import { counters, serviceCentres } from '$lib/server/db/schema';
import { audit } from '$lib/server/audit';
import { apiError, parseJson } from '$lib/server/api';
import { PairRequest } from '$lib/kiosk/contract';
import { pairTablet } from '$lib/server/auth/credentials';
import { pairAnswer } from '$lib/server/kiosk/answers';
import { Throttler } from '$lib/server/auth/throttle';
import { clientIp } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Wrong codes slow the address down: 40-bit codes valid 10 minutes cannot be guessed. */
const wrongCodes = new Throttler([0, 0, 1, 2, 4, 8, 16, 30, 60]);


export const POST: RequestHandler = async (event) => {
	const ip = clientIp(event);
	const wait = wrongCodes.waitMs(ip);
	if (wait > 0) return apiError(429, 'throttled', `Thử lại sau ${Math.ceil(wait / 1000)} giây / Retry later`, { retryAfter: String(Math.ceil(wait / 1000)) });
	const body = await parseJson(event, PairRequest);
	if (!body.ok) return body.response;
	const result = await pairTablet(body.data.code, body.data.label ?? null);
	if (!result.ok) {
		wrongCodes.recordFailure(ip);
		return apiError(result.reason === 'invalid' ? 404 : 410, result.reason, {
			invalid: 'Mã không đúng / Wrong code',
			expired: 'Mã đã hết hạn / Code expired',
			used: 'Mã đã được sử dụng / Code already used'
		}[result.reason]);
	}
	wrongCodes.reset(ip);
	const [counter] = await db
		.select({ id: counters.id, nameVi: counters.nameVi, nameEn: counters.nameEn, centreVi: serviceCentres.nameVi })
		.from(counters)
		.innerJoin(serviceCentres, eq(serviceCentres.id, counters.centreId))
		.where(eq(counters.id, result.counterId));
	await audit({ deviceId: result.deviceId, ip }, 'device.paired', { type: 'device', id: result.deviceId }, { counterId: result.counterId });
	return json({ deviceId: result.deviceId, credential: result.credential, counter } satisfies z.input<typeof pairAnswer>, { status: 201 });
};
