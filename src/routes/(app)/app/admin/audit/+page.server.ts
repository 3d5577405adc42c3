import { sql } from 'drizzle-orm';
import { translate, type MessageKey } from '$lib/i18n';
import { database } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guard';
import { AUDIT_GROUPS, isAuditGroup } from '$lib/server/audit-actions';
import { describeAudit } from '$lib/server/audit-describe';
import { iso, num, textOrNull, type DbNumber, type DbTime } from '$lib/server/db/decode';
import type { PageServerLoad } from './$types';

type AuditRow = {
	id: DbNumber;
	at: DbTime;
	action: string;
	target_type: string | null;
	target_id: string | null;
	detail: Record<string, unknown> | null;
	ip: string | null;
	username: string | null;
};

/** The 200 newest entries, of one kind of action ('counter': counter.create, counter.deactivate, …) when asked. */
export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const locale = event.locals.locale;
	const wanted = event.url.searchParams.get('action') ?? '';
	const group = isAuditGroup(wanted) ? wanted : null;
	const rows = await database.rows<AuditRow>(sql`
		select a.id, a.at, a.action, a.target_type, a.target_id, a.detail, a.ip, u.username
		from audit_log a left join users u on u.id = a.actor_user_id
		where ${group ? sql`(a.action = ${group} or a.action like ${group + '.%'})` : sql`true`}
		order by a.id desc limit 200`);
	return {
		group,
		groups: AUDIT_GROUPS.map((g) => ({ value: g, label: translate(locale, `audit.group.${g}` as MessageKey) })),
		entries: rows.map((r) => ({
			id: num(r.id),
			at: iso(r.at),
			action: r.action,
			...describeAudit(locale, r.action, r.target_type, r.target_id, r.detail),
			detail: r.detail ? JSON.stringify(r.detail, null, 1) : null,
			ip: textOrNull(r.ip),
			username: textOrNull(r.username)
		}))
	};
};
