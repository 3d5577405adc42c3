import { sql } from 'drizzle-orm';
import { database } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guard';
import { config } from '$lib/server/config';
import { qrSvg } from '$lib/server/qr/svg';
import { qrToken } from '$lib/server/qr/tokens';
import type { PageServerLoad } from './$types';
import { byVietnamese } from '$lib/vietnamese-order';

/** Printable QR cards, one per counter: citizens scan to rate the service open there. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const base = config().origin ?? event.url.origin;
	const counters = await database.rows<Record<string, unknown>>(sql`
		select k.id, k.name_vi, k.name_en, c.name_vi as centre_vi, c.name_en as centre_en
		from counters k join service_centres c on c.id = k.centre_id where k.active and c.active order by c.name_vi, k.code`);
	return {
		cards: await Promise.all(
			byVietnamese(counters, (k) => [String(k.centre_vi)]).map(async (k) => {
				const url = `${base}/q/${await qrToken('counter', Number(k.id))}`;
				return {
					id: Number(k.id),
					nameVi: String(k.name_vi),
					nameEn: k.name_en as string | null,
					centreVi: String(k.centre_vi),
					centreEn: k.centre_en as string | null,
					url,
					svg: await qrSvg(url)
				};
			})
		)
	};
};
