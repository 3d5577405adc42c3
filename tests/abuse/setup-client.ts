import { expect } from 'vitest';

/**
 * A small HTTP client for the empty-install tests: keeps cookies, sends the Origin header
 * SvelteKit's CSRF check wants, posts form actions, and creates the first administrator the way
 * a new user does (the set-up link the start-up banner prints, else /setup).
 */
export class FormClient {
	private readonly cookies = new Map<string, string>();
	constructor(readonly base: string) {}

	async request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		headers.set('origin', this.base);
		if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const eq = pair.indexOf('=');
			const value = pair.slice(eq + 1);
			if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(pair.slice(0, eq));
			else this.cookies.set(pair.slice(0, eq), value);
		}
		return res;
	}

	/** A form action as a browser without JavaScript posts it (a repeated name for each value of a list). */
	post(path: string, fields: Record<string, string | string[]>): Promise<Response> {
		const body = new URLSearchParams();
		for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
		return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' } });
	}

	async signIn(username: string, password: string): Promise<void> {
		const res = await this.post('/login', { username, password });
		expect(res.status, `sign in as ${username}`).toBe(303);
	}
}

/**
 * Where a new user creates the administrator: the one-time link the start-up banner prints
 * (`…/setup?token=…`) when there is one, else /setup.
 */
export function setupPath(serverOutput: string): string {
	const token = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(serverOutput)?.[1];
	return token ? `/setup?token=${token}` : '/setup';
}

export const FIRST_ADMIN = { username: 'quantri', displayName: 'Quản trị tỉnh', password: 'một câu mật khẩu dài' };

/** Opens the set-up page and submits it with every field it shows (a set-up code included). */
export async function createFirstAdmin(client: FormClient, serverOutput: string): Promise<void> {
	const path = setupPath(serverOutput);
	const page = await client.request(path);
	expect(page.status, 'the set-up page is open on an empty install').toBe(200);
	const html = await page.text();
	const hidden = Object.fromEntries([...html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
	const token = /\btoken=([A-Za-z0-9_-]+)/.exec(path)?.[1];
	const res = await client.post(path, {
		...hidden,
		...(token ? { token } : {}),
		username: FIRST_ADMIN.username,
		displayName: FIRST_ADMIN.displayName,
		password: FIRST_ADMIN.password,
		passwordAgain: FIRST_ADMIN.password
	});
	expect(res.status, 'the administrator is created').toBe(303);
}
