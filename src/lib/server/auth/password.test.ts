import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password';

describe('passwords', () => {
	it('refuses short and common passwords and accepts long ones', () => {
		expect(passwordProblem('short')).toBe('password.too_short');
		expect(passwordProblem('12345678')).toBe('password.too_common');
		expect(passwordProblem('MatKhau123')).toBe('password.too_common');
		expect(passwordProblem('Bình minh trên sông Hàn')).toBeNull();
		expect(passwordProblem('x'.repeat(64))).toBeNull();
		expect(passwordProblem('x'.repeat(257))).toBe('password.too_long');
	});

	it('hashes with Argon2id at OWASP parameters and verifies Vietnamese passwords in any normal form', async () => {
		const hash = await hashPassword('Mật khẩu của tôi');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(await verifyPassword(hash, 'Mật khẩu của tôi')).toBe(true);
		expect(await verifyPassword(hash, 'Mật khẩu của tôi'.normalize('NFD'))).toBe(true);
		expect(await verifyPassword(hash, 'Mat khau cua toi')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});
