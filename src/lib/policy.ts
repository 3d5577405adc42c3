import type { Role } from './server/db/schema/people';

/**
 * Who may do what, listed once. Administrators pass every check (auth/guard.ts `hasRole`); the
 * roles below are the others allowed, each within the unit subtree of their grant (../scope).
 * Shared by the server guards, the navigation and the access-matrix test (tests/access-matrix.spec.ts).
 */

/** The leaders: they read the figures of their subtree (overview, units, officers, live, indices, flags, complaints). */
export const LEADER_ROLES = ['reform', 'unit_head', 'inspector'] as const satisfies readonly Role[];

export const POLICY = {
	/** Dashboards, unit and officer pages, live view, indices and late dossiers, flags. */
	readFigures: LEADER_ROLES,
	/** Acknowledge a manipulation flag. */
	acknowledgeFlags: ['unit_head', 'reform'],
	/** Self-score (unit heads) or verify (reform office) a unit's TT 01 unit-level score. */
	scoreUnits: ['reform', 'unit_head'],
	/** Read complaints. */
	viewComplaints: LEADER_ROLES,
	/** Work a case: assign, transitions, call back, erasure, reclassify, accept. */
	actOnComplaints: ['inspector'],
	/** Record a hotline or in-person complaint. */
	recordComplaints: ['inspector', 'unit_head'],
	/** Record an apology slip for a late dossier. */
	recordLateNotices: ['unit_head']
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof POLICY;

/** The roles a signed-in user holds (names only), e.g. for the navigation. */
export function allows(roles: readonly string[], what: Permission): boolean {
	return roles.includes('admin') || roles.some((r) => (POLICY[what] as readonly string[]).includes(r));
}
