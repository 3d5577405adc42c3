import { error, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { hasRole, idParam, requireRole } from '../auth/guard';
import { pathInScope, scopePaths } from '../scope';
import type { SessionUser } from '../auth/session';
import { db } from '../db';
import { complaints, units, type Role } from '../db/schema';
import { POLICY } from '$lib/policy';

/**
 * Who may do what with complaints. Reading: inspectors, unit heads and the reform office, each
 * in their unit subtree. Acting on a case (assign, transitions, call back, erasure): inspectors
 * in their subtree. Recording a hotline or in-person complaint: inspectors and unit heads.
 * Administrators pass everywhere.
 */
export const VIEW_ROLES: Role[] = [...POLICY.viewComplaints];
export const ACT_ROLES: Role[] = [...POLICY.actOnComplaints];
export const RECORD_ROLES: Role[] = [...POLICY.recordComplaints];

export const isAdmin = (user: SessionUser) => user.roles.some((g) => g.role === 'admin');
export const canAct = (user: SessionUser) => hasRole(user, ...ACT_ROLES);

/**
 * The case, if the user may see it (mode 'view') or act on it (mode 'act'); 404 otherwise. The
 * id may be the raw route parameter: it is parsed after sign-in is checked, so an anonymous
 * visitor is sent to sign in whatever the URL.
 */
export async function requireCase(event: RequestEvent, rawId: number | string | undefined, mode: 'view' | 'act') {
	const roles = mode === 'view' ? VIEW_ROLES : ACT_ROLES;
	const user = requireRole(event, ...roles);
	const id = typeof rawId === 'number' ? rawId : idParam(rawId);
	const [c] = await db
		.select({ id: complaints.id, unitId: complaints.unitId, path: units.path, assigneeId: complaints.assigneeId })
		.from(complaints)
		.innerJoin(units, eq(units.id, complaints.unitId))
		.where(eq(complaints.id, id));
	if (!c || !pathInScope(c.path, scopePaths(user, ...roles))) error(404, 'Không tìm thấy / Not found');
	return { user, complaint: c };
}

export function viewScope(user: SessionUser) {
	return scopePaths(user, ...VIEW_ROLES);
}
