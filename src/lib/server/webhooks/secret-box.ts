import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Subscribers' signing secrets at rest: signing needs the secret itself (it cannot be hashed like
 * a token), so it is sealed with AES-256-GCM under WEBHOOK_SECRET_KEY (32 bytes, from the
 * environment, never in the database). A copy of the database alone, a backup or a dump, then
 * signs nothing. Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url); the tag makes a changed
 * key or a tampered row fail loudly instead of signing with garbage.
 */

const PREFIX = 'v1';
/** Binds a sealed value to its use: the same key may seal other things later without mix-ups. */
const AAD = Buffer.from('hai-long/webhook-subscriber-secret');

export function isSealed(stored: string): boolean {
	return stored.startsWith(`${PREFIX}.`) && stored.split('.').length === 4;
}

export function sealSecret(secret: string, key: Buffer): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	cipher.setAAD(AAD);
	const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
	return [
		PREFIX,
		iv.toString('base64url'),
		body.toString('base64url'),
		cipher.getAuthTag().toString('base64url')
	].join('.');
}

export class SecretUnreadableError extends Error {
	constructor() {
		super('the stored webhook secret does not open with WEBHOOK_SECRET_KEY (was the key changed?)');
	}
}

export function openSecret(stored: string, key: Buffer): string {
	if (!isSealed(stored)) throw new SecretUnreadableError();
	const [, iv, body, tag] = stored.split('.');
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
		decipher.setAAD(AAD);
		decipher.setAuthTag(Buffer.from(tag, 'base64url'));
		return Buffer.concat([
			decipher.update(Buffer.from(body, 'base64url')),
			decipher.final()
		]).toString('utf8');
	} catch {
		throw new SecretUnreadableError();
	}
}

/** WEBHOOK_SECRET_KEY as given: 32 bytes in base64/base64url (44 or 43 characters) or hex (64). */
export function parseSecretKey(value: string): Buffer | null {
	const bytes = /^[0-9a-f]{64}$/i.test(value)
		? Buffer.from(value, 'hex')
		: /^[A-Za-z0-9+/_-]{43}=?$/.test(value)
			? Buffer.from(value, 'base64url')
			: null;
	return bytes?.length === 32 ? bytes : null;
}

/**
 * The key of a trial or development install without WEBHOOK_SECRET_KEY: fixed and public (this
 * source), so it protects nothing; settings.ts warns when it is used and refuses it in production.
 */
export const DEVELOPMENT_KEY = createHash('sha256')
	.update('hai-long development webhook key: not a secret')
	.digest();
