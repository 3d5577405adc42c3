import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { db } from '../db';
import { units, type Role } from '../db/schema';
import type { SessionUser } from './session';
import { authenticateDevice, authenticateIntegration } from './credentials';
import { pathInScope, scopePaths } from '../scope';

// the scope helpers live in ../scope (no SvelteKit there); routes keep importing them from here
export { pathInScope, scopeCondition, scopePaths, type Scope } from '../scope';

/**
 * The one place authorisation is decided. Every load, action and +server.ts handler calls one
 * of these; layouts are never the check. Scope is a unit subtree: a grant at unit U covers U
 * and every unit whose path starts with U's path.
 */

const isApi = (event: RequestEvent) => event.url.pathname.startsWith('/api/');

export function requireUser(event: RequestEvent): SessionUser {
	const user = event.locals.user;
	if (user) return user;
	if (isApi(event)) error(401, 'Cần đăng nhập / Sign-in required');
	const next = event.url.pathname + event.url.search;
	redirect(303, `/login?next=${encodeURIComponent(next)}`);
}

export function hasRole(user: SessionUser, ...roles: Role[]): boolean {
	return user.roles.some((g) => g.role === 'admin' || roles.includes(g.role));
}

/** The user holds at least one of the roles somewhere (admin always passes). */
export function requireRole(event: RequestEvent, ...roles: Role[]): SessionUser {
	const user = requireUser(event);
	if (!hasRole(user, ...roles)) error(403, 'Không có quyền / Not permitted');
	return user;
}

/**
 * The user holds one of the roles in a subtree containing the unit. Unknown units and units
 * out of scope both answer 404, so ids outside one's scope cannot be probed.
 */
export async function requireUnitAccess(event: RequestEvent, unitId: number, ...roles: Role[]) {
	const user = requireRole(event, ...roles);
	const [unit] = Number.isSafeInteger(unitId)
		? await db.select({ id: units.id, path: units.path }).from(units).where(eq(units.id, unitId))
		: [];
	if (!unit || !pathInScope(unit.path, scopePaths(user, ...roles))) error(404, 'Không tìm thấy / Not found');
	return { user, unit };
}

/** Parses a route id parameter; anything but a positive integer is a 404. */
export function idParam(value: string | undefined): number {
	const n = Number(value);
	if (!value || !/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(n)) error(404, 'Không tìm thấy / Not found');
	return n;
}

/** Counter tablets: a bearer device credential, never a cookie. */
export async function requireDevice(event: RequestEvent) {
	const device = await authenticateDevice(event.request.headers.get('authorization'));
	if (!device) error(401, { error: 'unauthorised', message: 'Thiết bị chưa được ghép nối hoặc đã bị thu hồi / Device not paired or revoked' });
	return device;
}

/** The one-stop software: a bearer integration token scoped to one unit subtree. */
export async function requireIntegration(event: RequestEvent) {
	const token = await authenticateIntegration(event.request.headers.get('authorization'));
	if (!token) error(401, { error: 'unauthorised', message: 'Mã tích hợp không hợp lệ hoặc đã bị thu hồi / Integration token invalid or revoked' });
	return token;
}

export function requireAdmin(event: RequestEvent): SessionUser {
	return requireRole(event);
}
