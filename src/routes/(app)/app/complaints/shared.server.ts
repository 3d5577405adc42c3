import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { scopeCondition } from '$lib/server/auth/guard';
import { database } from '$lib/server/db';
import { QUEUE_SORTS } from '$lib/server/complaints/queries';
import { COMPLAINT_CHANNELS, COMPLAINT_KINDS, REASON_CODES } from '$lib/server/db/schema';
import { byPersonName } from '$lib/vietnamese-order';

/** Units in the user's scope, for filters and the staff form (the tree order of their paths). */
export async function unitsInScope(scope: readonly string[] | null) {
	const rows = await database.rows<{ id: number; name_vi: string; depth: number }>(sql`
		select u.id, u.name_vi, array_length(string_to_array(trim(both '/' from u.path), '/'), 1) as depth
		from units u where ${scopeCondition(sql`u.path`, scope)} order by u.path limit 1000`);
	return rows.map((r) => ({ id: Number(r.id), name: `${'— '.repeat(Math.max(0, Number(r.depth) - 1))}${r.name_vi}` }));
}

/** Inspectors whose subtree overlaps the scope: the people a case here may go to. */
export async function inspectorsFor(scope: readonly string[] | null) {
	const rows = await database.rows<{ id: number; display_name: string }>(sql`
		select distinct u.id, u.display_name from users u
		join user_roles g on g.user_id = u.id and g.revoked_at is null and g.role = 'inspector'
		join units gu on gu.id = g.unit_id
		where u.disabled_at is null and (${scopeCondition(sql`gu.path`, scope)}
			or exists (select 1 from units s where ${scopeCondition(sql`s.path`, scope)} and s.path like gu.path || '%'))
		order by u.display_name`);
	return byPersonName(rows, (r) => r.display_name).map((r) => ({ id: Number(r.id), name: r.display_name }));
}

const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().positive().optional());
export const filterSchema = z.object({
	unit: optionalId,
	officer: optionalId,
	reason: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(REASON_CODES).optional()),
	channel: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(COMPLAINT_CHANNELS).optional()),
	kind: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.enum(COMPLAINT_KINDS).optional()),
	/** A case code or a dossier code, exactly (spaces around it dropped). */
	code: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().max(100).optional()),
	/** The open tabs' order; absent = by priority. */
	sort: z.preprocess((v) => (v === '' || v === null || v === 'priority' ? undefined : v), z.enum(QUEUE_SORTS).optional())
});
