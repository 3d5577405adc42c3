import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { userRoles, users } from '../db/schema';

/**
 * The set of administrators changes only under one lock. Every change that can remove the last
 * active administrator (revoking a role, disabling an account) or create the first one (/setup)
 * takes it before reading the administrators, so concurrent changes run one after another and
 * each reads what the one before it committed (READ COMMITTED: every statement takes a fresh
 * snapshot). SHARE ROW EXCLUSIVE conflicts with itself and with writes to user_roles, not with
 * plain reads: signing in and checking sessions go on meanwhile.
 */
export async function lockAdministrators(tx: Db): Promise<void> {
	await tx.execute(sql`lock table user_roles in share row exclusive mode`);
}

/**
 * Active administrators: an admin role not revoked, held by an account not disabled. `except`
 * leaves out one role row or one account, to ask "who would be left".
 */
export async function activeAdministrators(q: Db, except: { roleId?: number; userId?: number } = {}): Promise<number> {
	const [row] = await q
		.select({ n: sql<number>`count(*)::int` })
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.where(
			and(
				eq(userRoles.role, 'admin'),
				isNull(userRoles.revokedAt),
				isNull(users.disabledAt),
				except.roleId === undefined ? undefined : ne(userRoles.id, except.roleId),
				except.userId === undefined ? undefined : ne(users.id, except.userId)
			)
		);
	return Number(row.n);
}
