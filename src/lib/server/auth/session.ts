import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { db } from '../db';
import { sessions, units, userRoles, users, type Role } from '../db/schema';
import { config } from '../config';
import { cookiesSecure } from '../security-headers';

/**
 * Sessions as in lucia-auth.com's current guide: the token is "<id>.<secret>", both 160 random
 * bits; the database keeps only SHA-256(secret), compared in constant time, so a dump of the
 * sessions table holds no usable token.
 */
export const SESSION_COOKIE = 'session';

/** Sliding renewal writes last_verified_at at most this often, not on every request. */
const ACTIVITY_WRITE_INTERVAL_MS = 60_000;

export type RoleGrant = { role: Role; unitId: number | null; unitPath: string | null };
export type SessionUser = {
	id: number;
	username: string;
	displayName: string;
	locale: 'vi' | 'en';
	officerId: number | null;
	roles: RoleGrant[];
};
export type SessionInfo = { id: string; createdAt: Date; lastVerifiedAt: Date; expiresAt: Date };

function randomString(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

function hashSecret(secret: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

export type Timeouts = { idleMs: number; absoluteMs: number };
const timeouts = (): Timeouts => ({ idleMs: config().sessionIdleMs, absoluteMs: config().sessionAbsoluteMs });

function expiry(createdAt: Date, lastVerifiedAt: Date, t: Timeouts): Date {
	return new Date(Math.min(lastVerifiedAt.getTime() + t.idleMs, createdAt.getTime() + t.absoluteMs));
}

/** A fresh session (a new token at every sign-in: no fixation). Returns the cookie token. */
export async function createSession(
	userId: number,
	meta: { ip?: string | null; userAgent?: string | null } = {},
	now = new Date()
): Promise<{ token: string; session: SessionInfo }> {
	const id = randomString();
	const secret = randomString();
	await db.insert(sessions).values({
		id,
		secretHash: hashSecret(secret),
		userId,
		createdAt: now,
		lastVerifiedAt: now,
		ip: meta.ip ?? null,
		userAgent: meta.userAgent?.slice(0, 300) ?? null
	});
	return { token: `${id}.${secret}`, session: { id, createdAt: now, lastVerifiedAt: now, expiresAt: expiry(now, now, timeouts()) } };
}

export async function loadRoles(userId: number): Promise<RoleGrant[]> {
	const rows = await db
		.select({ role: userRoles.role, unitId: userRoles.unitId, unitPath: units.path })
		.from(userRoles)
		.leftJoin(units, eq(units.id, userRoles.unitId))
		.where(and(eq(userRoles.userId, userId), isNull(userRoles.revokedAt)));
	return rows;
}

/**
 * Checks a cookie token. Invalid, expired (idle or absolute) or disabled-user sessions return
 * null (and expired ones are deleted). A valid one slides its idle window forward.
 */
export async function validateSessionToken(
	token: string,
	now = new Date(),
	t: Timeouts = timeouts()
): Promise<{ session: SessionInfo; user: SessionUser } | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || !parts[0] || !parts[1] || token.length > 100) return null;
	const [id, secret] = parts;
	const [row] = await db
		.select({
			id: sessions.id,
			secretHash: sessions.secretHash,
			createdAt: sessions.createdAt,
			lastVerifiedAt: sessions.lastVerifiedAt,
			userId: users.id,
			username: users.username,
			displayName: users.displayName,
			locale: users.locale,
			officerId: users.officerId,
			disabledAt: users.disabledAt
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, id));
	if (!row) return null;
	const given = new TextEncoder().encode(hashSecret(secret));
	const stored = new TextEncoder().encode(row.secretHash);
	if (given.length !== stored.length || !constantTimeEqual(given, stored)) return null;
	if (row.disabledAt || expiry(row.createdAt, row.lastVerifiedAt, t) <= now) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	let lastVerifiedAt = row.lastVerifiedAt;
	if (now.getTime() - lastVerifiedAt.getTime() >= ACTIVITY_WRITE_INTERVAL_MS) {
		lastVerifiedAt = now;
		await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, id));
	}
	return {
		session: { id, createdAt: row.createdAt, lastVerifiedAt, expiresAt: expiry(row.createdAt, lastVerifiedAt, t) },
		user: {
			id: row.userId,
			username: row.username,
			displayName: row.displayName,
			locale: row.locale === 'en' ? 'en' : 'vi',
			officerId: row.officerId,
			roles: await loadRoles(row.userId)
		}
	};
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Signs a user out everywhere: on disable, password change and role removal. */
export async function invalidateUserSessions(userId: number, exceptSessionId?: string): Promise<void> {
	await db
		.delete(sessions)
		.where(
			exceptSessionId
				? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptSessionId}`)
				: eq(sessions.userId, userId)
		);
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: cookiesSecure(),
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookiesSecure() });
}
