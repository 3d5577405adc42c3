import { error, type RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { database } from '../db';
import { requireRole } from '../auth/guard';
import { pathInScope, scopePaths } from '../scope';
import type { SessionUser } from '../auth/session';
import { LEADER_ROLES } from '$lib/policy';

/**
 * Who may see and who may change an officer. An officer is seen where their open posting is
 * (the rule of their own page, /app/officers/[id]); an officer is managed — details, photo,
 * postings — by administrators, and by unit heads where the officer belongs: the unit of the
 * open posting, else of the latest one (so a head can still correct a posting just ended).
 * Out of scope answers 404, so ids cannot be probed.
 */

export type OfficerPlace = { id: number; currentPath: string | null; homePath: string | null };

export async function officerPlace(officerId: number): Promise<OfficerPlace | null> {
	const [row] = await database.rows<{ id: number; current_path: string | null; home_path: string | null }>(sql`
		select o.id,
			(select u.path from officer_assignments a join units u on u.id = a.unit_id
				where a.officer_id = o.id and a.ended_at is null) as current_path,
			(select u.path from officer_assignments a join units u on u.id = a.unit_id
				where a.officer_id = o.id order by a.ended_at is null desc, a.started_at desc limit 1) as home_path
		from officers o where o.id = ${officerId}`);
	return row ? { id: Number(row.id), currentPath: row.current_path, homePath: row.home_path } : null;
}

export function canViewOfficer(user: SessionUser, place: OfficerPlace): boolean {
	if (user.officerId === place.id) return true;
	return place.currentPath !== null && pathInScope(place.currentPath, scopePaths(user, ...LEADER_ROLES));
}

export function canManageOfficer(user: SessionUser, place: OfficerPlace): boolean {
	const scope = scopePaths(user, 'unit_head');
	if (scope === null) return true;
	return place.homePath !== null && pathInScope(place.homePath, scope);
}

/** The unit-subtree paths the user manages officers in; null: everywhere (administrators). */
export function requireOfficerManager(event: RequestEvent): { user: SessionUser; scope: string[] | null } {
	const user = requireRole(event, 'unit_head');
	return { user, scope: scopePaths(user, 'unit_head') };
}

/** An officer the user manages, or 404. */
export async function requireManagedOfficer(event: RequestEvent, officerId: number) {
	const { user, scope } = requireOfficerManager(event);
	const place = await officerPlace(officerId);
	if (!place || !canManageOfficer(user, place)) error(404, 'Không tìm thấy / Not found');
	return { user, scope, place };
}
