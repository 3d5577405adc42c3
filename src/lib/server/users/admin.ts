import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { db } from '../db';
import { officers, userRoles, units, users, type Role } from '../db/schema';
import { hashPassword, passwordProblem, type PasswordProblem } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';
import { USERNAME_PATTERN } from './create-admin';
import { activeAdministrators, lockAdministrators } from './administrators';

/** Account administration. Every change that narrows access signs the user out everywhere. */

export async function listUsers() {
	const rows = await db
		.select({
			id: users.id,
			username: users.username,
			displayName: users.displayName,
			disabledAt: users.disabledAt,
			officerId: users.officerId,
			officerName: officers.fullName,
			roleId: userRoles.id,
			role: userRoles.role,
			unitId: userRoles.unitId,
			unitNameVi: units.nameVi,
			unitNameEn: units.nameEn
		})
		.from(users)
		.leftJoin(officers, eq(officers.id, users.officerId))
		.leftJoin(userRoles, and(eq(userRoles.userId, users.id), isNull(userRoles.revokedAt)))
		.leftJoin(units, eq(units.id, userRoles.unitId))
		.orderBy(asc(users.username), asc(userRoles.id));
	const byId = new Map<number, {
		id: number; username: string; displayName: string; disabled: boolean; officerName: string | null;
		roles: { id: number; role: Role; unitId: number | null; unitNameVi: string | null; unitNameEn: string | null }[];
	}>();
	for (const r of rows) {
		let u = byId.get(r.id);
		if (!u) {
			u = { id: r.id, username: r.username, displayName: r.displayName, disabled: r.disabledAt !== null, officerName: r.officerName, roles: [] };
			byId.set(r.id, u);
		}
		if (r.roleId !== null && r.role !== null) {
			u.roles.push({ id: r.roleId, role: r.role, unitId: r.unitId, unitNameVi: r.unitNameVi, unitNameEn: r.unitNameEn });
		}
	}
	return [...byId.values()];
}

export type CreateUserResult = { ok: true; userId: number } | { ok: false; problem: PasswordProblem | 'username.invalid' | 'username.taken' };

export async function createUser(input: { username: string; displayName: string; password: string }): Promise<CreateUserResult> {
	if (!USERNAME_PATTERN.test(input.username)) return { ok: false, problem: 'username.invalid' };
	const problem = passwordProblem(input.password);
	if (problem) return { ok: false, problem };
	const [taken] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = ${input.username.toLowerCase()}`);
	if (taken) return { ok: false, problem: 'username.taken' };
	const [row] = await db
		.insert(users)
		.values({ username: input.username, displayName: input.displayName.normalize('NFC'), passwordHash: await hashPassword(input.password) })
		.returning({ id: users.id });
	return { ok: true, userId: row.id };
}

export async function grantRole(userId: number, role: Role, unitId: number | null, by: number): Promise<boolean> {
	if (role !== 'admin' && unitId === null) return false;
	const rows = await db
		.insert(userRoles)
		.values({ userId, role, unitId: role === 'admin' ? null : unitId, grantedBy: by })
		.onConflictDoNothing()
		.returning({ id: userRoles.id });
	return rows.length > 0;
}

export type RoleChange = { ok: true; userId: number; role: Role; unitId: number | null } | { ok: false; reason: 'not_found' | 'last_admin' };

/**
 * Revokes the role row `roleId`. What is revoked, and whether it is the last active
 * administrator's, is read from the database under the administrators' lock: never from the
 * form. Removing a role ends every session of the user: the old cookie must not keep the old access.
 */
export async function revokeRole(roleId: number, by: number, now = new Date()): Promise<RoleChange> {
	const result = await db.transaction(async (tx): Promise<RoleChange> => {
		await lockAdministrators(tx);
		const [row] = await tx
			.select({ userId: userRoles.userId, role: userRoles.role, unitId: userRoles.unitId })
			.from(userRoles)
			.where(and(eq(userRoles.id, roleId), isNull(userRoles.revokedAt)));
		if (!row) return { ok: false, reason: 'not_found' };
		if (row.role === 'admin' && (await activeAdministrators(tx, { roleId })) === 0) return { ok: false, reason: 'last_admin' };
		await tx.update(userRoles).set({ revokedAt: now, revokedBy: by }).where(eq(userRoles.id, roleId));
		return { ok: true, ...row };
	});
	if (result.ok) await invalidateUserSessions(result.userId);
	return result;
}

/** Disabling ends the user's sessions; the last active administrator cannot be disabled (checked under the lock). */
export async function setDisabled(userId: number, disabled: boolean, now = new Date()): Promise<{ ok: true } | { ok: false; reason: 'not_found' | 'last_admin' }> {
	const result = await db.transaction(async (tx) => {
		if (disabled) {
			await lockAdministrators(tx);
			// nobody else would be left, and somebody (so: this user) is an administrator now
			if ((await activeAdministrators(tx, { userId })) === 0 && (await activeAdministrators(tx)) > 0)
				return { ok: false, reason: 'last_admin' } as const;
		}
		const changed = await tx
			.update(users)
			.set({ disabledAt: disabled ? now : null })
			.where(eq(users.id, userId))
			.returning({ id: users.id });
		return changed.length ? ({ ok: true } as const) : ({ ok: false, reason: 'not_found' } as const);
	});
	if (result.ok && disabled) await invalidateUserSessions(userId);
	return result;
}

export async function resetPassword(userId: number, password: string): Promise<PasswordProblem | null> {
	const problem = passwordProblem(password);
	if (problem) return problem;
	await db.update(users).set({ passwordHash: await hashPassword(password), passwordChangedAt: new Date() }).where(eq(users.id, userId));
	await invalidateUserSessions(userId);
	return null;
}
