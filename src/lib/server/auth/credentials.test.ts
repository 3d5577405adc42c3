import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import {
	authenticateDevice,
	authenticateIntegration,
	createIntegrationToken,
	createPairingCode,
	pairTablet,
	revokeDevice,
	revokeIntegrationToken
} from './credentials';
import { createSession, validateSessionToken } from './session';
import { grantRole, revokeRole, setDisabled } from '../users/admin';

describe.each(testDatabaseKinds)('device and integration credentials on %s', (kind) => {
	let h: DatabaseHandle;
	let adminId: number;
	let counterId: number;
	let unitId: number;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		const [unit] = await h.db.insert(s.units).values({ code: 'PX', nameVi: 'Phường Xương Huân', level: 'commune', path: '/0/' }).returning();
		await h.db.update(s.units).set({ path: `/${unit.id}/` }).where(eq(s.units.id, unit.id));
		unitId = unit.id;
		const [centre] = await h.db.insert(s.serviceCentres).values({ unitId, code: 'C1', nameVi: 'Bộ phận Một cửa phường' }).returning();
		const [counter] = await h.db.insert(s.counters).values({ centreId: centre.id, code: 'Q1', nameVi: 'Quầy 1' }).returning();
		counterId = counter.id;
		const [admin] = await h.db.insert(s.users).values({ username: 'admin', displayName: 'Quản trị', passwordHash: 'x' }).returning();
		adminId = admin.id;
	});
	afterAll(async () => h?.close());

	it('pairs a tablet once with a fresh code, and refuses expired, used and wrong codes', async () => {
		const t0 = new Date('2026-11-23T02:00:00Z');
		const { code, expiresAt } = await createPairingCode(counterId, adminId, t0);
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(expiresAt.getTime() - t0.getTime()).toBe(10 * 60_000);
		expect(await pairTablet('ZZZZ-ZZZZ', null, t0)).toEqual({ ok: false, reason: 'invalid' });
		expect(await pairTablet(code, null, new Date(t0.getTime() + 11 * 60_000))).toEqual({ ok: false, reason: 'expired' });
		// typed in lower case without the dash still works
		const paired = await pairTablet(code.toLowerCase().replace('-', ''), 'Máy quầy 1', t0);
		expect(paired).toMatchObject({ ok: true, counterId });
		expect(await pairTablet(code, null, t0)).toEqual({ ok: false, reason: 'used' });
		if (!paired.ok) throw new Error('unreachable');

		const device = await authenticateDevice(`Bearer ${paired.credential}`);
		expect(device).toMatchObject({ deviceId: paired.deviceId, counterId, unitId });
		// the stored hash is useless as a credential, and the secret is nowhere in the table
		const [row] = await h.rows<Record<string, unknown>>(sql`select * from devices where id = ${paired.deviceId}`);
		expect(JSON.stringify(row)).not.toContain(paired.credential.split('.')[1]);
		expect(await authenticateDevice(`Bearer dev_${paired.deviceId}.${row.credential_hash}`)).toBeNull();
		expect(await authenticateDevice(paired.credential)).toBeNull(); // not a bearer header
		expect(await authenticateDevice(`Bearer itg_${paired.deviceId}.${paired.credential.split('.')[1]}`)).toBeNull();

		expect(await revokeDevice(paired.deviceId)).toBe(true);
		expect(await authenticateDevice(`Bearer ${paired.credential}`)).toBeNull();
	});

	it('scopes an integration token to its unit and stops it on revocation', async () => {
		const { id, token } = await createIntegrationToken(unitId, 'Phần mềm một cửa', adminId);
		expect(await authenticateIntegration(`Bearer ${token}`)).toMatchObject({ tokenId: id, unitId, unitPath: `/${unitId}/` });
		expect(await authenticateIntegration(`Bearer ${token}x`)).toBeNull();
		expect(await revokeIntegrationToken(id, adminId)).toBe(true);
		expect(await authenticateIntegration(`Bearer ${token}`)).toBeNull();
	});

	it('ends a user’s sessions when a role is removed or the account is disabled', async () => {
		const [user] = await h.db.insert(s.users).values({ username: 'lanhdao', displayName: 'Lãnh đạo', passwordHash: 'x' }).returning();
		await grantRole(user.id, 'unit_head', unitId, adminId);
		const [role] = await h.db.select().from(s.userRoles).where(eq(s.userRoles.userId, user.id));
		const first = await createSession(user.id);
		expect((await validateSessionToken(first.token))?.user.roles).toEqual([{ role: 'unit_head', unitId, unitPath: `/${unitId}/` }]);
		await revokeRole(role.id, adminId);
		expect(await validateSessionToken(first.token)).toBeNull();

		const second = await createSession(user.id);
		await setDisabled(user.id, true);
		expect(await validateSessionToken(second.token)).toBeNull();
		// the role row is kept as history, marked revoked
		const [kept] = await h.db.select().from(s.userRoles).where(eq(s.userRoles.id, role.id));
		expect(kept.revokedAt).not.toBeNull();
	});
});
