import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newSecret, sign, verify } from './signature';

describe('webhook signature', () => {
	// A fixed vector a subscriber can check its own code against (docs/integration.md: "Signature").
	// HMAC-SHA256 with key "whsec_test" over the text `1767225600.{"id":"e1"}`.
	const secret = 'whsec_test';
	const body = '{"id":"e1"}';
	const timestamp = 1767225600; // 2026-01-01T00:00:00Z
	const expected = 'sha256=' + createHmac('sha256', secret).update('1767225600.{"id":"e1"}').digest('hex');

	it('is sha256= and the hex HMAC-SHA256 of timestamp "." body', () => {
		expect(sign(secret, timestamp, body)).toBe(expected);
		expect(sign(secret, timestamp, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
	});

	it('verifies a fresh delivery and refuses a changed body, another secret, a stale or missing timestamp', () => {
		const at = new Date(timestamp * 1000 + 60_000); // one minute later
		const headers = { timestamp: String(timestamp), signature: expected };
		expect(verify(secret, headers, body, at)).toEqual({ ok: true });
		expect(verify(secret, headers, '{"id":"e2"}', at)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verify('whsec_other', headers, body, at)).toEqual({ ok: false, reason: 'mismatch' });
		// the same signature with another timestamp: the timestamp is part of what is signed
		expect(verify(secret, { ...headers, timestamp: String(timestamp + 1) }, body, at)).toEqual({ ok: false, reason: 'mismatch' });
		// replayed six minutes later: outside the five-minute tolerance
		expect(verify(secret, headers, body, new Date(timestamp * 1000 + 360_000))).toEqual({ ok: false, reason: 'stale' });
		expect(verify(secret, { timestamp: null, signature: expected }, body, at)).toEqual({ ok: false, reason: 'missing' });
		expect(verify(secret, { timestamp: '12a', signature: expected }, body, at)).toEqual({ ok: false, reason: 'missing' });
		expect(verify(secret, { ...headers, signature: 'sha256=00' }, body, at)).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('round-trips any body and secret, including Vietnamese text', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1 }), fc.string(), fc.integer({ min: 0, max: 4_000_000_000 }), (key, text, ts) => {
				expect(verify(key, { timestamp: String(ts), signature: sign(key, ts, text) }, text, new Date(ts * 1000)).ok).toBe(true);
			})
		);
		const vi = JSON.stringify({ unit: 'Phường Nha Trang' });
		expect(verify(secret, { timestamp: '1', signature: sign(secret, 1, vi) }, vi, new Date(1000)).ok).toBe(true);
	});

	it('makes distinct secrets of 32 random bytes', () => {
		const a = newSecret();
		expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
		expect(newSecret()).not.toBe(a);
	});
});
