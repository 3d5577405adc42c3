import { createHash } from 'node:crypto';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { counters, deviceBindings, devices, integrationTokens, pairingCodes, serviceCentres, units } from '../db/schema';

/**
 * Bearer credentials for machines: counter tablets ("dev_<id>.<secret>") and the one-stop
 * software's integration tokens ("itg_<id>.<secret>"). Like sessions, only SHA-256 of the secret
 * is stored and compared in constant time; the full credential is shown once.
 */

export const PAIRING_TTL_MS = 10 * 60_000;
/** No 0/O, 1/I/L: a code read aloud or typed on a tablet is not mistaken. */
const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const hash = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));
function secret(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}
function sameHash(a: string, b: string): boolean {
	const x = new TextEncoder().encode(a);
	const y = new TextEncoder().encode(b);
	return x.length === y.length && constantTimeEqual(x, y);
}

function parseBearer(value: string | null | undefined, prefix: 'dev' | 'itg'): { id: number; secret: string } | null {
	const m = /^Bearer\s+([a-z]{3})_([0-9]{1,10})\.([a-z2-7]{20,64})$/.exec(value ?? '');
	if (!m || m[1] !== prefix) return null;
	return { id: Number(m[2]), secret: m[3] };
}

/** Normalises what a person typed: case, spaces and dashes do not matter. */
export function normalisePairingCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

/** A counter that may take a device: it and its centre in service (a retired counter is never paired). */
export async function counterInService(q: Pick<typeof db, 'select'>, counterId: number): Promise<boolean> {
	const [row] = await q
		.select({ id: counters.id })
		.from(counters)
		.innerJoin(serviceCentres, eq(serviceCentres.id, counters.centreId))
		.where(and(eq(counters.id, counterId), eq(counters.active, true), eq(serviceCentres.active, true)));
	return row !== undefined;
}

export class CounterNotInServiceError extends Error {
	constructor(counterId: number) {
		super(`counter ${counterId} is unknown or retired`);
	}
}

/** A one-time code for pairing a tablet to the counter; throws CounterNotInServiceError for an unknown or retired one. */
export async function createPairingCode(counterId: number, userId: number, now = new Date()) {
	if (!(await counterInService(db, counterId))) throw new CounterNotInServiceError(counterId);
	const bytes = new Uint8Array(8);
	crypto.getRandomValues(bytes);
	const code = [...bytes].map((b) => PAIRING_ALPHABET[b % PAIRING_ALPHABET.length]).join('');
	const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS);
	await db.insert(pairingCodes).values({ codeHash: hash(code), counterId, createdBy: userId, createdAt: now, expiresAt });
	return { code: `${code.slice(0, 4)}-${code.slice(4)}`, expiresAt };
}

export type PairResult =
	| { ok: true; deviceId: number; credential: string; counterId: number }
	| { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** Exchanges a pairing code for a tablet credential bound to the code's counter. */
export async function pairTablet(codeInput: string, label: string | null, now = new Date()): Promise<PairResult> {
	const code = normalisePairingCode(codeInput);
	if (!/^[A-Z0-9]{8}$/.test(code)) return { ok: false, reason: 'invalid' };
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(pairingCodes)
			.where(eq(pairingCodes.codeHash, hash(code)))
			.for('update');
		if (!row) return { ok: false, reason: 'invalid' } as const;
		if (row.usedAt) return { ok: false, reason: 'used' } as const;
		if (row.expiresAt <= now) return { ok: false, reason: 'expired' } as const;
		// retired after the code was made: the code is no longer good
		if (!(await counterInService(tx, row.counterId))) return { ok: false, reason: 'invalid' } as const;
		const s = secret();
		const [device] = await tx
			.insert(devices)
			.values({
				uid: 'TAB-' + secret().slice(0, 12).toUpperCase(),
				kind: 'tablet',
				label: label?.slice(0, 80) || null,
				credentialHash: hash(s),
				lastSeenAt: now
			})
			.returning({ id: devices.id });
		await tx.insert(deviceBindings).values({ deviceId: device.id, counterId: row.counterId, boundAt: now, boundBy: row.createdBy });
		await tx.update(pairingCodes).set({ usedAt: now, deviceId: device.id }).where(eq(pairingCodes.id, row.id));
		return { ok: true, deviceId: device.id, credential: `dev_${device.id}.${s}`, counterId: row.counterId } as const;
	});
}

export type AuthenticatedDevice = { deviceId: number; uid: string; counterId: number | null; unitId: number | null };

/**
 * Verified device credentials, kept a few seconds so a busy tablet does not cost a query per
 * request. Revocation and re-binding clear the entry at once (one app process per deployment).
 */
const DEVICE_CACHE_MS = 5_000;
const deviceCache = new Map<string, { device: AuthenticatedDevice; until: number }>();

export function forgetDevice(deviceId: number): void {
	for (const [key, entry] of deviceCache) if (entry.device.deviceId === deviceId) deviceCache.delete(key);
}

export async function authenticateDevice(authorization: string | null, now = new Date()): Promise<AuthenticatedDevice | null> {
	const parsed = parseBearer(authorization, 'dev');
	if (!parsed) return null;
	// node's native SHA-256: this runs on every tablet request
	const cacheKey = createHash('sha256').update(authorization!).digest('hex');
	const cached = deviceCache.get(cacheKey);
	if (cached && cached.until > now.getTime()) return cached.device;
	const device = await lookUpDevice(parsed, now);
	if (device) {
		if (deviceCache.size > 10_000) deviceCache.clear();
		deviceCache.set(cacheKey, { device, until: now.getTime() + DEVICE_CACHE_MS });
	}
	return device;
}

async function lookUpDevice(parsed: { id: number; secret: string }, now: Date): Promise<AuthenticatedDevice | null> {
	const [row] = await db
		.select({
			id: devices.id,
			uid: devices.uid,
			credentialHash: devices.credentialHash,
			revokedAt: devices.revokedAt,
			lastSeenAt: devices.lastSeenAt,
			counterId: deviceBindings.counterId,
			unitId: serviceCentres.unitId
		})
		.from(devices)
		.leftJoin(deviceBindings, and(eq(deviceBindings.deviceId, devices.id), isNull(deviceBindings.unboundAt)))
		.leftJoin(counters, eq(counters.id, deviceBindings.counterId))
		.leftJoin(serviceCentres, eq(serviceCentres.id, counters.centreId))
		.where(eq(devices.id, parsed.id));
	if (!row?.credentialHash || row.revokedAt || !sameHash(row.credentialHash, hash(parsed.secret))) return null;
	if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > 30_000) {
		await db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, row.id));
	}
	return { deviceId: row.id, uid: row.uid, counterId: row.counterId, unitId: row.unitId };
}

export async function revokeDevice(deviceId: number, now = new Date()): Promise<boolean> {
	forgetDevice(deviceId);
	const rows = await db
		.update(devices)
		.set({ revokedAt: now })
		.where(and(eq(devices.id, deviceId), isNull(devices.revokedAt)))
		.returning({ id: devices.id });
	await db.update(deviceBindings).set({ unboundAt: now }).where(and(eq(deviceBindings.deviceId, deviceId), isNull(deviceBindings.unboundAt)));
	return rows.length > 0;
}

export async function createIntegrationToken(unitId: number, name: string, userId: number) {
	const s = secret();
	const [row] = await db
		.insert(integrationTokens)
		.values({ unitId, name: name.slice(0, 120), secretHash: hash(s), createdBy: userId })
		.returning({ id: integrationTokens.id });
	return { id: row.id, token: `itg_${row.id}.${s}` };
}

export type AuthenticatedIntegration = { tokenId: number; unitId: number; unitPath: string };

/** GET /api/v1/integration: a token checks itself and sees its unit. */
export const integrationSelfAnswer = z.object({ tokenId: z.int(), unit: z.object({ id: z.int(), code: z.string(), nameVi: z.string() }) });

export async function authenticateIntegration(authorization: string | null, now = new Date()): Promise<AuthenticatedIntegration | null> {
	const parsed = parseBearer(authorization, 'itg');
	if (!parsed) return null;
	const [row] = await db
		.select({
			id: integrationTokens.id,
			secretHash: integrationTokens.secretHash,
			revokedAt: integrationTokens.revokedAt,
			lastUsedAt: integrationTokens.lastUsedAt,
			unitId: integrationTokens.unitId,
			unitPath: units.path
		})
		.from(integrationTokens)
		.innerJoin(units, eq(units.id, integrationTokens.unitId))
		.where(eq(integrationTokens.id, parsed.id));
	if (!row || row.revokedAt || !sameHash(row.secretHash, hash(parsed.secret))) return null;
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 30_000) {
		await db.update(integrationTokens).set({ lastUsedAt: now }).where(eq(integrationTokens.id, row.id));
	}
	return { tokenId: row.id, unitId: row.unitId, unitPath: row.unitPath };
}

export async function revokeIntegrationToken(tokenId: number, userId: number, now = new Date()): Promise<boolean> {
	const rows = await db
		.update(integrationTokens)
		.set({ revokedAt: now, revokedBy: userId })
		.where(and(eq(integrationTokens.id, tokenId), sql`${integrationTokens.revokedAt} is null`))
		.returning({ id: integrationTokens.id });
	return rows.length > 0;
}
