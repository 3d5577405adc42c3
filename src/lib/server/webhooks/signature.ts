import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How a delivery is signed, and how a subscriber checks it. The signed text is the timestamp
 * header's value, a full stop, and the body exactly as sent:
 *
 *   X-HaiLong-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>
 *
 * The timestamp (Unix seconds) is signed with the body so a captured delivery cannot be replayed
 * later: a subscriber refuses a timestamp further than its tolerance from its own clock (five
 * minutes is usual), and de-duplicates on X-HaiLong-Event-Id.
 */

export const HEADERS = {
	eventId: 'X-HaiLong-Event-Id',
	eventType: 'X-HaiLong-Event-Type',
	timestamp: 'X-HaiLong-Timestamp',
	signature: 'X-HaiLong-Signature',
	attempt: 'X-HaiLong-Delivery-Attempt'
} as const;

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new subscriber secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newSecret(): string {
	return 'whsec_' + randomBytes(32).toString('base64url');
}

/** The X-HaiLong-Signature value for this body at this timestamp (Unix seconds). */
export function sign(secret: string, timestamp: number | string, body: string): string {
	return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

export type Verdict = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/**
 * What a subscriber runs on each delivery (docs/integration.md has the same in a few lines): the
 * timestamp must be near `now`, and the signature must match, compared in constant time.
 */
export function verify(
	secret: string,
	headers: { timestamp: string | null | undefined; signature: string | null | undefined },
	body: string,
	now: Date = new Date(),
	toleranceSeconds = DEFAULT_TOLERANCE_SECONDS
): Verdict {
	const { timestamp, signature } = headers;
	if (!timestamp || !signature || !/^[0-9]{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing' };
	if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'stale' };
	const expected = Buffer.from(sign(secret, timestamp, body));
	const given = Buffer.from(signature);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
	return { ok: true };
}
