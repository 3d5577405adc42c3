import { sql } from 'drizzle-orm';
import { database } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guard';
import { describeAudit } from '$lib/server/audit-describe';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const action = (event.url.searchParams.get('action') ?? '').slice(0, 64);
	const rows = await database.rows<Record<string, unknown>>(sql`
		select a.id, a.at, a.action, a.target_type, a.target_id, a.detail, a.ip, u.username
		from audit_log a left join users u on u.id = a.actor_user_id
		where ${action ? sql`a.action like ${action.replace(/[%_\\]/g, '\\$&') + '%'}` : sql`true`}
		order by a.id desc limit 200`);
	return {
		action,
		entries: rows.map((r) => ({
			id: Number(r.id),
			at: new Date(r.at as string).toISOString(),
			action: String(r.action),
			...describeAudit(event.locals.locale, String(r.action), r.target_type as string | null, r.target_id as string | null, r.detail as Record<string, unknown> | null),
			detail: r.detail ? JSON.stringify(r.detail, null, 1) : null,
			ip: r.ip as string | null,
			username: r.username as string | null
		}))
	};
};
