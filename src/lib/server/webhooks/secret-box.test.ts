import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { DEVELOPMENT_KEY, isSealed, openSecret, parseSecretKey, sealSecret, SecretUnreadableError } from './secret-box';
import { readWebhookSettings } from './settings';
import { newSecret } from './signature';

describe('webhook secrets sealed at rest', () => {
	const key = randomBytes(32);

	it('opens what it sealed, and the sealed form never holds the secret', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 200 }), (secret) => {
				const sealed = sealSecret(secret, key);
				expect(isSealed(sealed)).toBe(true);
				expect(openSecret(sealed, key)).toBe(secret);
			})
		);
		const secret = newSecret();
		const a = sealSecret(secret, key);
		const b = sealSecret(secret, key);
		expect(a).not.toBe(b); // a fresh IV each time
		for (const sealed of [a, b]) {
			expect(sealed).not.toContain(secret);
			expect(sealed).not.toContain(secret.slice(-20));
		}
	});

	it('refuses another key, a changed row and a clear value, loudly', () => {
		const sealed = sealSecret('whsec_test', key);
		expect(() => openSecret(sealed, randomBytes(32))).toThrow(SecretUnreadableError);
		const [v, iv, body, tag] = sealed.split('.');
		const flipped = body[0] === 'A' ? 'B' + body.slice(1) : 'A' + body.slice(1);
		expect(() => openSecret([v, iv, flipped, tag].join('.'), key)).toThrow(SecretUnreadableError);
		expect(() => openSecret('whsec_test', key)).toThrow(SecretUnreadableError);
	});

	it('takes WEBHOOK_SECRET_KEY as 32 bytes of base64, base64url or hex, and nothing else', () => {
		const bytes = randomBytes(32);
		expect(parseSecretKey(bytes.toString('base64'))).toEqual(bytes);
		expect(parseSecretKey(bytes.toString('base64url'))).toEqual(bytes);
		expect(parseSecretKey(bytes.toString('hex'))).toEqual(bytes);
		expect(parseSecretKey(randomBytes(16).toString('base64'))).toBeNull();
		expect(parseSecretKey('correct horse battery staple')).toBeNull();
	});

	it('requires the key in production, refuses a malformed one, and warns when the development key is used', () => {
		expect(() => readWebhookSettings({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRET_KEY: required in production/);
		expect(() => readWebhookSettings({ WEBHOOK_SECRET_KEY: 'short' })).toThrow(/WEBHOOK_SECRET_KEY: 32 random bytes/);
		const bytes = randomBytes(32);
		expect(readWebhookSettings({ NODE_ENV: 'production', WEBHOOK_SECRET_KEY: bytes.toString('base64') })).toMatchObject({ secretKey: bytes, secretKeyIsDevelopment: false });
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const dev = readWebhookSettings({});
			expect(dev).toMatchObject({ secretKey: DEVELOPMENT_KEY, secretKeyIsDevelopment: true });
			expect(warn).toHaveBeenCalledWith(expect.stringMatching(/WEBHOOK_SECRET_KEY is not set/));
		} finally {
			warn.mockRestore();
		}
	});
});
