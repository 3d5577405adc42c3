import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db';
import { boxBridgeCounters, boxBridges } from '../db/schema';

/**
 * Bridge tokens, "brg_<id>.<secret>": issued by an administrator on the boxes page, shown once,
 * stored as SHA-256 of the secret (like sessions and device credentials), compared in constant
 * time, revocable. A bridge token only lets its holder post box presses and status, and its
 * presses count only for boxes bound to the counters an administrator assigned it.
 */
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export async function createBridgeToken(db: Db, name: string, userId: number | null): Promise<{ id: number; token: string }> {
	const secret = randomBytes(20).toString('base64url');
	const [row] = await db
		.insert(boxBridges)
		.values({ name: name.slice(0, 80), secretHash: hash(secret), createdBy: userId })
		.returning({ id: boxBridges.id });
	return { id: row.id, token: `brg_${row.id}.${secret}` };
}

export async function revokeBridge(db: Db, id: number, userId: number | null, now = new Date()): Promise<boolean> {
	const rows = await db
		.update(boxBridges)
		.set({ revokedAt: now, revokedBy: userId })
		.where(and(eq(boxBridges.id, id), isNull(boxBridges.revokedAt)))
		.returning({ id: boxBridges.id });
	return rows.length > 0;
}

export async function authenticateBridge(db: Db, authorization: string | null, ip: string | null = null, now = new Date()): Promise<{ bridgeId: number } | null> {
	const m = /^Bearer\s+brg_([0-9]{1,10})\.([A-Za-z0-9_-]{20,64})$/.exec(authorization ?? '');
	if (!m) return null;
	const [row] = await db
		.select({ id: boxBridges.id, secretHash: boxBridges.secretHash, revokedAt: boxBridges.revokedAt, lastUsedAt: boxBridges.lastUsedAt })
		.from(boxBridges)
		.where(eq(boxBridges.id, Number(m[1])));
	if (!row || row.revokedAt) return null;
	const a = Buffer.from(row.secretHash);
	const b = Buffer.from(hash(m[2]));
	if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 30_000) {
		await db.update(boxBridges).set({ lastUsedAt: now, lastIp: ip }).where(eq(boxBridges.id, row.id));
	}
	return { bridgeId: row.id };
}

/** The counters a bridge's presses may count at (box_bridge_counters); none until an administrator assigns some. */
export async function bridgeCounterIds(db: Db, bridgeId: number): Promise<number[]> {
	const rows = await db.select({ id: boxBridgeCounters.counterId }).from(boxBridgeCounters).where(eq(boxBridgeCounters.bridgeId, bridgeId));
	return rows.map((r) => r.id);
}
