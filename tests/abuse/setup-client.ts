import { expect } from 'vitest';
import type { FormClient } from './guards-client';

/**
 * Creating the first administrator the way a new user does, for the empty-install tests: the
 * one-time set-up link the start-up banner prints (`…/setup?token=…`), else /setup.
 */
export function setupPath(serverOutput: string): string {
	const token = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(serverOutput)?.[1];
	return token ? `/setup?token=${token}` : '/setup';
}

export const FIRST_ADMIN = { username: 'quantri', displayName: 'Quản trị tỉnh', password: 'một câu mật khẩu dài' };

/** Opens the set-up page and submits it with the set-up code from the link, if there is one. */
export async function createFirstAdmin(client: FormClient, serverOutput: string): Promise<void> {
	const path = setupPath(serverOutput);
	expect((await client.get(path)).status, 'the set-up page is open on an empty install').toBe(200);
	const token = /\btoken=([A-Za-z0-9_-]+)/.exec(path)?.[1];
	const res = await client.post('/setup', {
		...(token ? { token } : {}),
		username: FIRST_ADMIN.username,
		displayName: FIRST_ADMIN.displayName,
		password: FIRST_ADMIN.password,
		passwordAgain: FIRST_ADMIN.password
	});
	expect(res.status, 'the administrator is created').toBe(303);
}
