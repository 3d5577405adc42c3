import { timingSafeEqual } from 'node:crypto';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may read /metrics: with a token set, whoever presents it as a bearer token; without one,
 * a request from this machine that no proxy forwarded (a proxy on the same machine would
 * otherwise make every outside request look local).
 */
export function metricsAllowed(r: {
	token: string | undefined;
	authorization: string | null;
	address: string;
	forwarded: boolean;
}): boolean {
	if (r.token) {
		const given = Buffer.from(r.authorization?.replace(/^Bearer\s+/i, '') ?? '');
		const expected = Buffer.from(r.token);
		return given.length === expected.length && timingSafeEqual(given, expected);
	}
	return !r.forwarded && LOOPBACK.has(r.address);
}
