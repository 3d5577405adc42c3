import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db } from '../db';
import { settings } from '../db/schema';

/**
 * QR tokens: "s<id36>.<mac>" for one service (printed on the slip the officer who gave it
 * prints), "k<id36>.<mac>" for a counter (a card on the desk). The MAC (96 bits of HMAC-SHA256
 * with a server secret) makes codes impossible to guess or to derive from an id. "d<id36>.<mac>"
 * named a dossier: slips printed before services were signed still verify, but only to show the
 * dossier's status (the old slip endpoint signed any dossier code, so they prove nothing).
 */
let secret: Buffer | undefined;

async function qrSecret(): Promise<Buffer> {
	if (secret) return secret;
	await db.insert(settings).values({ key: 'qr.secret', value: randomBytes(32).toString('base64') }).onConflictDoNothing();
	const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, 'qr.secret'));
	secret = Buffer.from(String(row.value), 'base64');
	return secret;
}

export type QrKind = 'service' | 'counter' | 'dossier';
const PREFIX: Record<QrKind, string> = { service: 's', counter: 'k', dossier: 'd' };

async function mac(kind: QrKind, id: number): Promise<string> {
	return createHmac('sha256', await qrSecret()).update(`${kind}:${id}`).digest('base64url').slice(0, 16);
}

/** Dossier tokens are no longer issued: a slip names the service it was printed for. */
export async function qrToken(kind: Exclude<QrKind, 'dossier'>, id: number): Promise<string> {
	return `${PREFIX[kind]}${id.toString(36)}.${await mac(kind, id)}`;
}

export async function verifyQrToken(token: string, kind: QrKind): Promise<number | null> {
	const m = /^([skd])([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})$/.exec(token);
	if (!m || m[1] !== PREFIX[kind]) return null;
	const id = parseInt(m[2], 36);
	if (!Number.isSafeInteger(id) || id <= 0) return null;
	const expected = Buffer.from(await mac(kind, id));
	const given = Buffer.from(m[3]);
	return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
