import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { settings, userRoles, users } from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { activeAdministrators } from './administrators';
import { revokeRole, setDisabled } from './admin';
import { adminExists, createAdmin, createFirstAdmin } from './create-admin';
import { issueSetupToken, SETUP_TOKEN_KEY, SETUP_TOKEN_TTL_MS } from './setup-token';

/** Issue 19 finding 6: the administrators are changed under one lock, from what the database says. */
describe.each(testDatabaseKinds)('administrators on %s', (kind) => {
	let h: DatabaseHandle;
	let n = 0;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
	});
	afterAll(async () => h?.close());
	// every test starts with no administrator at all
	beforeEach(async () => {
		await h.db.update(userRoles).set({ revokedAt: new Date() }).where(and(eq(userRoles.role, 'admin'), isNull(userRoles.revokedAt)));
		await h.db.delete(settings).where(eq(settings.key, SETUP_TOKEN_KEY));
	});

	const user = async (role: 'admin' | 'officer' = 'admin') => {
		const [u] = await h.db.insert(users).values({ username: `nguoi${kind}${++n}`, displayName: 'Người dùng', passwordHash: 'x' }).returning();
		const [r] = await h.db.insert(userRoles).values({ userId: u.id, role, unitId: null }).returning();
		return { userId: u.id, roleId: r.id };
	};
	const officerRole = async (userId: number) => {
		const [unit] = await h.rows<{ id: number }>(sql`insert into units (code, name_vi, level, path) values (${`DV${++n}`}, 'Đơn vị', 'commune', '/0/') returning id`);
		const [r] = await h.db.insert(userRoles).values({ userId, role: 'officer', unitId: Number(unit.id) }).returning();
		return r.id;
	};

	it('never revokes or disables the last active administrator, and reads the role from its row', async () => {
		const a = await user();
		expect(await revokeRole(a.roleId, a.userId)).toEqual({ ok: false, reason: 'last_admin' });
		expect(await setDisabled(a.userId, true)).toEqual({ ok: false, reason: 'last_admin' });
		expect(await activeAdministrators(h.db)).toBe(1);
		// the same user's other role goes as asked
		const other = await officerRole(a.userId);
		expect(await revokeRole(other, a.userId)).toMatchObject({ ok: true, userId: a.userId, role: 'officer' });
		expect(await revokeRole(other, a.userId)).toEqual({ ok: false, reason: 'not_found' });

		// with a second administrator either may go, and a disabled one does not count
		const b = await user();
		expect(await setDisabled(b.userId, true)).toEqual({ ok: true });
		expect(await revokeRole(a.roleId, b.userId)).toEqual({ ok: false, reason: 'last_admin' });
		expect(await setDisabled(b.userId, false)).toEqual({ ok: true });
		expect(await revokeRole(a.roleId, b.userId)).toMatchObject({ ok: true, role: 'admin' });
		expect(await revokeRole(b.roleId, b.userId)).toEqual({ ok: false, reason: 'last_admin' });
		expect(await activeAdministrators(h.db)).toBe(1);
	});

	it('leaves one administrator when two revoke or disable each other at the same moment', async () => {
		for (let round = 0; round < 10; round++) {
			const a = await user();
			const b = await user();
			// round by round: both revoke, both disable, one of each
			const moves = [
				[() => revokeRole(b.roleId, a.userId), () => revokeRole(a.roleId, b.userId)],
				[() => setDisabled(b.userId, true), () => setDisabled(a.userId, true)],
				[() => setDisabled(b.userId, true), () => revokeRole(a.roleId, b.userId)]
			][round % 3];
			const results = await Promise.all(moves.map((move) => move()));
			expect(results.filter((r) => r.ok), `round ${round}`).toHaveLength(1);
			expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'last_admin' }]);
			expect(await activeAdministrators(h.db), `round ${round}`).toBe(1);
			await h.db.update(userRoles).set({ revokedAt: new Date() }).where(and(eq(userRoles.role, 'admin'), isNull(userRoles.revokedAt)));
		}
	});

	it('opens /setup only with the code issued at start-up, stored as a hash, once', async () => {
		expect(await adminExists()).toBe(false);
		const token = (await issueSetupToken(h.db))!;
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const [row] = await h.db.select().from(settings).where(eq(settings.key, SETUP_TOKEN_KEY));
		expect(JSON.stringify(row.value)).not.toContain(token);

		const input = { username: `quantri${kind}`, displayName: 'Quản trị', password: 'một câu mật khẩu dài' };
		expect(await createFirstAdmin(input, '')).toEqual({ ok: false, problem: 'setup.tokenInvalid' });
		expect(await createFirstAdmin(input, 'a'.repeat(32))).toEqual({ ok: false, problem: 'setup.tokenInvalid' });
		// a refused form leaves the code usable
		expect(await createFirstAdmin({ ...input, password: '12345678' }, token)).toEqual({ ok: false, problem: 'password.too_common' });
		// two set-ups at once with the right code: one administrator
		const both = await Promise.all([createFirstAdmin(input, token), createFirstAdmin({ ...input, username: `${input.username}2` }, token)]);
		expect(both.filter((r) => r.ok)).toHaveLength(1);
		expect(both.find((r) => !r.ok)).toMatchObject({ ok: false, problem: expect.stringMatching(/^(admin_exists|setup\.tokenInvalid)$/) });
		expect(await activeAdministrators(h.db)).toBe(1);
		expect(await h.db.select().from(settings).where(eq(settings.key, SETUP_TOKEN_KEY))).toEqual([]);
		// once an administrator exists no code is issued, and the command line still works
		expect(await issueSetupToken(h.db)).toBeNull();
		expect(await createAdmin({ ...input, username: `${input.username}cli` })).toMatchObject({ ok: true });
	});

	it('makes a new code at each start, refusing the one before and an expired one', async () => {
		const first = (await issueSetupToken(h.db))!;
		const second = (await issueSetupToken(h.db))!;
		expect(second).not.toBe(first);
		const input = { username: `dau${kind}`, displayName: 'Quản trị', password: 'một câu mật khẩu dài' };
		expect(await createFirstAdmin(input, first)).toEqual({ ok: false, problem: 'setup.tokenInvalid' });
		const stale = (await issueSetupToken(h.db, new Date(Date.now() - SETUP_TOKEN_TTL_MS - 1000)))!;
		expect(await createFirstAdmin(input, stale)).toEqual({ ok: false, problem: 'setup.tokenInvalid' });
		const fresh = (await issueSetupToken(h.db))!;
		expect(await createFirstAdmin(input, fresh)).toMatchObject({ ok: true });
	});
});
