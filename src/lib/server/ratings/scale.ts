import { sql } from 'drizzle-orm';
import { database } from '../db';

/** The active scale's levels, most satisfied first, as the kiosk, QR pages and boxes show them. */
export async function activeScaleLevels() {
	const rows = await database.rows<Record<string, unknown>>(sql`
		select l.level, l.label_vi, l.label_en, l.class from rating_scales s
		join rating_scale_levels l on l.scale_id = s.id where s.active order by l.level`);
	return rows.map((l) => ({
		level: Number(l.level),
		labelVi: String(l.label_vi),
		labelEn: String(l.label_en),
		class: String(l.class) as 'satisfied' | 'neutral' | 'dissatisfied'
	}));
}
