import { eq, sql } from 'drizzle-orm';
import { db } from '../db';
import { userRoles, users } from '../db/schema';
import { hashPassword, passwordProblem, type PasswordProblem } from '../auth/password';

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

export type CreateAdminResult =
	| { ok: true; userId: number }
	| { ok: false; problem: PasswordProblem | 'username.invalid' | 'username.taken' | 'admin_exists' };

export async function adminExists(): Promise<boolean> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(userRoles)
		.where(sql`${userRoles.role} = 'admin' and ${userRoles.revokedAt} is null`);
	return Number(row.n) > 0;
}

/**
 * Creates an administrator. With `onlyIfNone` (the one-time set-up page) it refuses once any
 * administrator exists; the check and insert run in one transaction.
 */
export async function createAdmin(input: {
	username: string;
	displayName: string;
	password: string;
	onlyIfNone: boolean;
}): Promise<CreateAdminResult> {
	if (!USERNAME_PATTERN.test(input.username)) return { ok: false, problem: 'username.invalid' };
	const problem = passwordProblem(input.password);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		if (input.onlyIfNone) {
			// Serialise concurrent set-up attempts on this one row.
			await tx.execute(sql`lock table user_roles in share row exclusive mode`);
			const [row] = await tx
				.select({ n: sql<number>`count(*)::int` })
				.from(userRoles)
				.where(sql`${userRoles.role} = 'admin' and ${userRoles.revokedAt} is null`);
			if (Number(row.n) > 0) return { ok: false, problem: 'admin_exists' } as const;
		}
		const [taken] = await tx
			.select({ id: users.id })
			.from(users)
			.where(eq(sql`lower(${users.username})`, input.username.toLowerCase()));
		if (taken) return { ok: false, problem: 'username.taken' } as const;
		const [user] = await tx
			.insert(users)
			.values({ username: input.username, displayName: input.displayName.normalize('NFC'), passwordHash })
			.returning({ id: users.id });
		await tx.insert(userRoles).values({ userId: user.id, role: 'admin', unitId: null });
		return { ok: true, userId: user.id } as const;
	});
}
