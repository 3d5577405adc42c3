import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Role } from './db/schema';

/**
 * A user's reach: unit-subtree paths (a grant at unit U covers U and every unit whose path starts
 * with U's path), or null for everything (an administrator). Query modules take a Scope and turn
 * it into SQL here; the request guards (auth/guard.ts) compute it from the signed-in user.
 */
export type Scope = readonly string[] | null;

/** The roles a user holds, each at a unit subtree (or none, for a role without one). */
export type Grants = { roles: readonly { role: Role; unitPath: string | null }[] };

/** Unit-subtree paths the user may see under these roles; null means everything (admin). */
export function scopePaths(user: Grants, ...roles: Role[]): string[] | null {
	if (user.roles.some((g) => g.role === 'admin')) return null;
	return user.roles.filter((g) => roles.includes(g.role) && g.unitPath).map((g) => g.unitPath!);
}

export function pathInScope(path: string, scope: Scope): boolean {
	return scope === null || scope.some((p) => path.startsWith(p));
}

/** A SQL condition restricting a units.path column to the scope. */
export function scopeCondition(pathColumn: AnyColumn | SQL, scope: Scope): SQL {
	if (scope === null) return sql`true`;
	if (scope.length === 0) return sql`false`;
	return sql`(${sql.join(
		scope.map((p) => sql`${pathColumn} like ${p.replace(/[%_\\]/g, '\\$&') + '%'}`),
		sql` or `
	)})`;
}
