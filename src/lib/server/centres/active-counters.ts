import { sql } from 'drizzle-orm';
import { database } from '../db';
import { num, type DbNumber } from '../db/decode';
import { byVietnamese } from '$lib/vietnamese-order';

/** A counter open for service (it and its centre active), named with its centre. */
export type ActiveCounter = {
	id: number;
	nameVi: string;
	nameEn: string | null;
	centreVi: string;
	centreEn: string | null;
};

type ActiveCounterRow = {
	id: DbNumber;
	name_vi: string;
	name_en: string | null;
	centre_vi: string;
	centre_en: string | null;
};

/** Every active counter of an active centre: centres in Vietnamese order, a centre's counters in their code order. */
export async function activeCounters(): Promise<ActiveCounter[]> {
	const rows = await database.rows<ActiveCounterRow>(sql`
		select k.id, k.name_vi, k.name_en, c.name_vi as centre_vi, c.name_en as centre_en
		from counters k join service_centres c on c.id = k.centre_id where k.active and c.active order by c.name_vi, k.code`);
	return byVietnamese(rows, (k) => [k.centre_vi]).map((k) => ({
		id: num(k.id),
		nameVi: k.name_vi,
		nameEn: k.name_en,
		centreVi: k.centre_vi,
		centreEn: k.centre_en
	}));
}
