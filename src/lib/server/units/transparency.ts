import { sql } from 'drizzle-orm';
import { reader } from '../db/replicas';
import { num, type DbNumber } from '../db/decode';
import { localDate } from '../calendar';
import { lastFullMonth as lastFullMonthPeriod } from '../period';

/** The last full calendar month in Vietnam time: [first day 00:00, next month's first day 00:00). */
export function lastFullMonth(now = new Date()): { from: Date; to: Date; label: string } {
	const { key, from, to } = lastFullMonthPeriod(now);
	const [y, m] = key.split('-');
	return { from, to, label: `${m}/${y}` };
}

/**
 * Per unit (its own figures, not its subtree): counted ratings, share satisfied, dossiers
 * completed and share completed on or before the due date. Aggregates only: no officer, no
 * citizen, no dossier appears.
 */
export async function transparencyFigures(from: Date, to: Date) {
	// From the per-unit daily rollup (kept by triggers, checked against the raw rows by its
	// property test), so the public page costs the same at ten million ratings as at ten.
	const rows = await reader().rows<{
		id: DbNumber;
		name_vi: string;
		name_en: string | null;
		path: string;
		ratings: DbNumber;
		satisfied: DbNumber;
		completed: DbNumber;
		on_time: DbNumber;
	}>(sql`
		with d as (
			select unit_id, sum(ratings) as ratings, sum(satisfied) as satisfied, sum(completed) as completed, sum(on_time) as on_time
			from rollup_unit_day
			where day >= ${localDate(from)}::date and day < ${localDate(to)}::date
			group by unit_id
		)
		select u.id, u.name_vi, u.name_en, u.path, d.ratings, d.satisfied, d.completed, d.on_time
		from units u join d on d.unit_id = u.id
		where u.dissolved_at is null and (d.ratings <> 0 or d.completed <> 0)
		order by u.path`);
	return rows.map((r) => {
		const ratings = num(r.ratings);
		const completed = num(r.completed);
		return {
			id: num(r.id),
			nameVi: r.name_vi,
			nameEn: r.name_en,
			depth: r.path.split('/').length - 3,
			ratings,
			satisfaction: ratings ? num(r.satisfied) / ratings : null,
			completed,
			onTime: completed ? num(r.on_time) / completed : null
		};
	});
}
