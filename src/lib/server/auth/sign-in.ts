import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { db } from '../db';
import { settings, signInAttempts, users } from '../db/schema';
import { audit } from '../audit';
import { hashPassword, verifyPassword } from './password';
import { DatabaseAttemptStore } from './throttle-store';

/**
 * Sign-in with throttling that slows guessing without letting an attacker lock a real user
 * out (OWASP "device cookies"): failures slow the client address and the account, but a
 * browser that has signed in to this account before presents a signed device cookie and is
 * exempt from the account's delay (never from its own address's).
 */
export const DEVICE_COOKIE = 'known_device';

// in the database: every app process counts the same guesses (issue 18)
const attempts = new DatabaseAttemptStore();
const addressKey = (ip: string) => `address:${ip}`;
const accountKey = (account: string) => `account:${account}`;

let secret: Buffer | undefined;
let dummyHash: string | undefined;

async function serverSecret(): Promise<Buffer> {
	if (secret) return secret;
	const fresh = randomBytes(32).toString('base64');
	await db.insert(settings).values({ key: 'auth.secret', value: fresh }).onConflictDoNothing();
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'auth.secret'));
	secret = Buffer.from(String(row.value), 'base64');
	return secret;
}

const normalise = (username: string) => username.trim().toLowerCase();

export async function deviceCookieFor(username: string): Promise<string> {
	const mac = createHmac('sha256', await serverSecret()).update('device:' + normalise(username)).digest('base64url');
	return `${normalise(username)}.${mac}`;
}

async function deviceCookieValid(username: string, cookie: string | undefined): Promise<boolean> {
	if (!cookie) return false;
	const expected = Buffer.from(await deviceCookieFor(username));
	const given = Buffer.from(cookie);
	return expected.length === given.length && timingSafeEqual(expected, given);
}

export type SignInResult =
	| { ok: true; userId: number; username: string }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; waitSeconds: number };

export async function attemptSignIn(input: {
	username: string;
	password: string;
	ip: string;
	deviceCookie?: string;
	now?: number;
}): Promise<SignInResult> {
	const now = input.now ?? Date.now();
	const account = normalise(input.username);
	const trusted = await deviceCookieValid(account, input.deviceCookie);
	// the attempt is taken before the database and argon2 are awaited: concurrent guesses queue
	// behind the schedule instead of all passing one check
	const keys = trusted ? [addressKey(input.ip)] : [addressKey(input.ip), accountKey(account)];
	const wait = await attempts.reserve(keys, now);
	if (wait > 0) return { ok: false, reason: 'throttled', waitSeconds: Math.ceil(wait / 1000) };

	const [user] = await db
		.select({ id: users.id, username: users.username, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
		.from(users)
		.where(sql`lower(${users.username}) = ${account}`);
	// Verify against a dummy hash when there is no such user, so timing does not tell.
	dummyHash ??= await hashPassword(randomBytes(16).toString('hex'));
	const good = await verifyPassword(user?.passwordHash ?? dummyHash, input.password);

	if (!user || !good || user.disabledAt) {
		await audit({ ip: input.ip, userId: user?.id }, 'sign_in.failure', undefined, {
			username: account.slice(0, 64),
			known: Boolean(user)
		});
		return { ok: false, reason: 'invalid' };
	}
	await attempts.reset([addressKey(input.ip), accountKey(account)]);
	await audit({ ip: input.ip, userId: user.id }, 'sign_in.success');
	return { ok: true, userId: user.id, username: user.username };
}

/** For tests: forget all throttling state. */
export async function resetThrottling(): Promise<void> {
	await db.delete(signInAttempts);
}
