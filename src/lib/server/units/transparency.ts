import { sql } from 'drizzle-orm';
import { database } from '../db';
import { localDate, localTime } from '../calendar';

/** The last full calendar month in Vietnam time: [first day 00:00, next month's first day 00:00). */
export function lastFullMonth(now = new Date()): { from: Date; to: Date; label: string } {
	const [y, m] = localDate(now).split('-').map(Number); // m: current month, 1-based
	const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
	const first = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;
	return { from: localTime(first(py, pm), 0), to: localTime(first(y, m), 0), label: `${String(pm).padStart(2, '0')}/${py}` };
}

/**
 * Per unit (its own figures, not its subtree): counted ratings, share satisfied, dossiers
 * completed and share completed on or before the due date. Aggregates only: no officer, no
 * citizen, no dossier appears.
 */
export async function transparencyFigures(from: Date, to: Date) {
	const f = from.toISOString();
	const t = to.toISOString();
	const rows = await database.rows<Record<string, unknown>>(sql`
		with r as (
			select r.unit_id, count(*) as ratings, count(*) filter (where l.class = 'satisfied') as satisfied
			from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level
			where r.counted and r.pressed_at >= ${f}::timestamptz and r.pressed_at < ${t}::timestamptz
				and not exists (select 1 from rating_exclusions x where x.rating_id = r.id and x.revoked_at is null)
			group by r.unit_id
		), d as (
			select unit_id, count(*) as completed, count(*) filter (where completed_at <= due_at) as on_time
			from dossiers where completed_at >= ${f}::timestamptz and completed_at < ${t}::timestamptz
			group by unit_id
		)
		select u.id, u.name_vi, u.name_en, u.path, coalesce(r.ratings, 0) as ratings, coalesce(r.satisfied, 0) as satisfied,
			coalesce(d.completed, 0) as completed, coalesce(d.on_time, 0) as on_time
		from units u left join r on r.unit_id = u.id left join d on d.unit_id = u.id
		where u.dissolved_at is null and (r.ratings is not null or d.completed is not null)
		order by u.path`);
	return rows.map((r) => {
		const ratings = Number(r.ratings);
		const completed = Number(r.completed);
		return {
			id: Number(r.id),
			nameVi: String(r.name_vi),
			nameEn: r.name_en as string | null,
			depth: String(r.path).split('/').length - 3,
			ratings,
			satisfaction: ratings ? Number(r.satisfied) / ratings : null,
			completed,
			onTime: completed ? Number(r.on_time) / completed : null
		};
	});
}
