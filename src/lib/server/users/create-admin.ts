import { eq, sql } from 'drizzle-orm';
import { db } from '../db';
import { userRoles, users } from '../db/schema';
import { hashPassword, passwordProblem, type PasswordProblem } from '../auth/password';
import { activeAdministrators, lockAdministrators } from './administrators';
import { forgetSetupToken, setupTokenMatches } from './setup-token';

export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;

export type NewAdmin = { username: string; displayName: string; password: string };
export type CreateAdminResult =
	| { ok: true; userId: number }
	| { ok: false; problem: PasswordProblem | 'username.invalid' | 'username.taken' | 'admin_exists' | 'setup.tokenInvalid' };

/** Whether an active administrator exists (an admin role not revoked, on an account not disabled): /setup is closed then. */
export async function adminExists(): Promise<boolean> {
	return (await activeAdministrators(db)) > 0;
}

/** An administrator, from the command line (`npm run admin:create`): whoever runs it holds the server. */
export function createAdmin(input: NewAdmin): Promise<CreateAdminResult> {
	return insertAdmin(input, null);
}

/**
 * The first administrator, from the one-time set-up page: refused once an active administrator
 * exists, and unless `setupToken` is the code printed at start-up (spent on success only: a
 * refused form leaves it usable). The check, the code and the insert are one transaction under
 * the administrators' lock.
 */
export function createFirstAdmin(input: NewAdmin, setupToken: string): Promise<CreateAdminResult> {
	return insertAdmin(input, setupToken);
}

async function insertAdmin(input: NewAdmin, setupToken: string | null): Promise<CreateAdminResult> {
	// without the code nothing else is answered, and no password is hashed (checked again under the lock below)
	if (setupToken !== null && !(await setupTokenMatches(db, setupToken))) return { ok: false, problem: 'setup.tokenInvalid' };
	if (!USERNAME_PATTERN.test(input.username)) return { ok: false, problem: 'username.invalid' };
	const problem = passwordProblem(input.password);
	if (problem) return { ok: false, problem };
	const passwordHash = await hashPassword(input.password);
	return db.transaction(async (tx) => {
		if (setupToken !== null) {
			await lockAdministrators(tx);
			if ((await activeAdministrators(tx)) > 0) return { ok: false, problem: 'admin_exists' } as const;
			if (!(await setupTokenMatches(tx, setupToken))) return { ok: false, problem: 'setup.tokenInvalid' } as const;
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
		await forgetSetupToken(tx);
		return { ok: true, userId: user.id } as const;
	});
}
