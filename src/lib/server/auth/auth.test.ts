import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { sessions, userRoles, users } from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { hashPassword } from './password';
import { createSession, invalidateUserSessions, validateSessionToken } from './session';
import { attemptSignIn, deviceCookieFor, resetThrottling } from './sign-in';
import { createAdmin, createFirstAdmin } from '../users/create-admin';
import { issueSetupToken } from '../users/setup-token';

const T = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

describe.each(testDatabaseKinds)('sessions and sign-in on %s', (kind) => {
	let h: DatabaseHandle;
	let userId: number;
	const t0 = new Date('2026-11-23T01:00:00Z');

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const passwordHash = await hashPassword('đúng-mật-khẩu');
		const inserted = await h.db
			.insert(users)
			.values([
				{ username: 'lanhdao', displayName: 'Lê Thị Hồng Nhung', passwordHash },
				{ username: 'thanhtra', displayName: 'Phạm Quốc Việt', passwordHash }
			])
			.returning({ id: users.id });
		userId = inserted[0].id;
	});
	afterAll(async () => h?.close());
	beforeEach(() => resetThrottling());

	it('stores no usable token: only a hash of the secret', async () => {
		const { token } = await createSession(userId, {}, t0);
		const [id, secret] = token.split('.');
		expect(secret.length).toBeGreaterThanOrEqual(32); // 160 bits in base32
		const rows = await h.rows<Record<string, unknown>>(sql`select * from sessions where id = ${id}`);
		const dump = JSON.stringify(rows);
		expect(dump).not.toContain(secret);
		const stored = rows[0].secret_hash as string;
		// Someone holding the dump can only present id + hash, which is refused.
		expect(await validateSessionToken(`${id}.${stored}`, t0, T)).toBeNull();
		expect(await validateSessionToken(token, t0, T)).not.toBeNull();
		// One character changed (never to itself: a secret ending in "x" made this check flaky).
		const changed = secret.endsWith('x') ? 'y' : 'x';
		expect(await validateSessionToken(`${id}.${secret.slice(0, -1)}${changed}`, t0, T)).toBeNull();
		expect(await validateSessionToken('garbage', t0, T)).toBeNull();
	});

	it('expires after the idle timeout, slides with activity, and ends at the absolute timeout', async () => {
		const { token } = await createSession(userId, {}, t0);
		const at = (ms: number) => new Date(t0.getTime() + ms);
		// used every 25 minutes: stays alive past the first idle window
		for (let m = 25; m <= 11 * 60; m += 25) {
			expect(await validateSessionToken(token, at(m * 60_000), T), `minute ${m}`).not.toBeNull();
		}
		// but not past the absolute limit, however active
		expect(await validateSessionToken(token, at(T.absoluteMs + 1000), T)).toBeNull();

		const idle = await createSession(userId, {}, t0);
		expect(await validateSessionToken(idle.token, at(T.idleMs + 1000), T)).toBeNull();
		// an expired session is deleted, not just refused
		const [left] = await h.db.select().from(sessions).where(eq(sessions.id, idle.token.split('.')[0]));
		expect(left).toBeUndefined();
	});

	it('dies when the user is disabled or their sessions are revoked', async () => {
		const a = await createSession(userId, {}, t0);
		const b = await createSession(userId, {}, t0);
		await invalidateUserSessions(userId, a.session.id);
		expect(await validateSessionToken(b.token, t0, T)).toBeNull();
		expect(await validateSessionToken(a.token, t0, T)).not.toBeNull();
		await h.db.update(users).set({ disabledAt: t0 }).where(eq(users.id, userId));
		expect(await validateSessionToken(a.token, t0, T)).toBeNull();
		await h.db.update(users).set({ disabledAt: null }).where(eq(users.id, userId));
	});

	it('throttles one account and one address without locking out others or a known browser', async () => {
		const now = Date.parse('2026-11-23T02:00:00Z');
		const wrong = { username: 'lanhdao', password: 'sai-mat-khau', ip: '10.0.0.66', now };
		expect((await attemptSignIn(wrong)).ok).toBe(false);
		expect((await attemptSignIn(wrong)).ok).toBe(false);
		const third = await attemptSignIn(wrong);
		expect(third).toMatchObject({ ok: false, reason: 'throttled' });
		// even the right password waits while the address is throttled
		expect(await attemptSignIn({ ...wrong, password: 'đúng-mật-khẩu' })).toMatchObject({ reason: 'throttled' });
		// the same account from another address is slowed too (the account key)…
		expect(await attemptSignIn({ ...wrong, ip: '10.0.0.7', password: 'đúng-mật-khẩu' })).toMatchObject({
			reason: 'throttled'
		});
		// …unless the browser has signed in to it before (device cookie): no lock-out of the real user
		const cookie = await deviceCookieFor('lanhdao');
		expect(
			await attemptSignIn({ ...wrong, ip: '10.0.0.7', password: 'đúng-mật-khẩu', deviceCookie: cookie })
		).toMatchObject({ ok: true });
		// another account from another address signs in normally
		expect(await attemptSignIn({ username: 'thanhtra', password: 'đúng-mật-khẩu', ip: '10.0.0.8', now })).toMatchObject({
			ok: true
		});
		// after the delay passes the address may try again
		expect(await attemptSignIn({ ...wrong, now: now + 60_000, password: 'đúng-mật-khẩu' })).toMatchObject({ ok: true });
	});

	it('evaluates only the attempts the schedule allows when guesses arrive at once', async () => {
		const now = Date.parse('2026-11-23T03:00:00Z');
		const before = await h.rows<{ n: number | string }>(sql`select count(*) as n from audit_log where action = 'sign_in.failure'`);
		const guesses = Array.from({ length: 40 }, (_, i) =>
			attemptSignIn({ username: i % 2 ? 'lanhdao' : `doan-${i}`, password: `sai-${i}`, ip: '10.2.0.1', now })
		);
		const results = await Promise.all(guesses);
		// the schedule's first two steps are 0 s: two guesses, then a wait
		expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(2);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(38);
		const after = await h.rows<{ n: number | string }>(sql`select count(*) as n from audit_log where action = 'sign_in.failure'`);
		expect(Number(after[0].n) - Number(before[0].n)).toBe(2);
		// the right password still gets in once the wait has passed, and clears the address
		expect(await attemptSignIn({ username: 'lanhdao', password: 'đúng-mật-khẩu', ip: '10.2.0.1', now: now + 1000 })).toMatchObject({ ok: true });
		expect(await attemptSignIn({ username: 'lanhdao', password: 'sai', ip: '10.2.0.1', now: now + 1000 })).toMatchObject({ reason: 'invalid' });
	});

	it('answers the same for an unknown account as for a wrong password', async () => {
		const a = await attemptSignIn({ username: 'khong-ton-tai', password: 'x'.repeat(10), ip: '10.1.0.1' });
		const b = await attemptSignIn({ username: 'thanhtra', password: 'x'.repeat(10), ip: '10.1.0.2' });
		expect(a).toEqual(b);
		const audit = await h.rows<{ n: number | string }>(sql`select count(*) as n from audit_log where action = 'sign_in.failure'`);
		expect(Number(audit[0].n)).toBeGreaterThan(0);
	});

	it('creates the first administrator once; the set-up path then refuses', async () => {
		const token = (await issueSetupToken(h.db))!;
		const first = await createFirstAdmin({ username: 'quantri', displayName: 'Quản trị', password: 'một mật khẩu dài' }, token);
		expect(first.ok).toBe(true);
		const second = await createFirstAdmin({ username: 'quantri2', displayName: 'Khác', password: 'một mật khẩu dài' }, token);
		expect(second).toEqual({ ok: false, problem: 'setup.tokenInvalid' });
		const weak = await createAdmin({ username: 'quantri3', displayName: 'Khác', password: '12345678' });
		expect(weak).toEqual({ ok: false, problem: 'password.too_common' });
		const roles = await h.db.select().from(userRoles).where(eq(userRoles.role, 'admin'));
		expect(roles).toHaveLength(1);
	});
});
