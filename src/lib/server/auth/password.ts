import { hash, verify } from '@node-rs/argon2';

/** OWASP's Argon2id parameters: 19 MiB, 2 iterations, parallelism 1 (timed in docs/benchmarks.md, "Figures behind code decisions"). */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** A short list of passwords every guesser tries first, Vietnamese favourites included. */
const COMMON = new Set([
	'12345678', '123456789', '1234567890', '123123123', '11111111', '00000000', '88888888', '66666666',
	'password', 'password1', 'password123', 'passw0rd', 'qwerty123', 'qwertyui', 'abc12345', 'abcd1234',
	'iloveyou', 'admin123', 'administrator', 'welcome1', 'letmein1', 'matkhau', 'matkhau123', 'matkhau1',
	'anhyeuem', 'emyeuanh', 'vietnam1', 'vietnam123', 'hanoi123', 'saigon123', 'motcua123', 'admin@123',
	'12341234', '987654321', '147258369', '1q2w3e4r', 'zaq12wsx', 'changeme', 'trustno1', 'sunshine'
]);

/** Values are message keys, so a form can show the problem in the reader's language. */
export type PasswordProblem = 'password.too_short' | 'password.too_long' | 'password.too_common';

/** Checks a new password; returns the problem, or null when it is acceptable. */
export function passwordProblem(password: string): PasswordProblem | null {
	if ([...password].length < PASSWORD_MIN) return 'password.too_short';
	if (password.length > PASSWORD_MAX) return 'password.too_long';
	if (COMMON.has(password.toLowerCase())) return 'password.too_common';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFC'), ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	try {
		return await verify(stored, password.normalize('NFC'));
	} catch {
		return false;
	}
}
