import type { APIRequestContext } from '@playwright/test';

/** What a request by a role came to: let through, sent to sign in, or refused (403 / 404). */
export type Outcome = 'allow' | 'login' | 'deny';

export const BASE = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

/**
 * One request with the context's cookies through fetch, which resolves at the headers: the
 * body is cancelled, so an event stream cannot hang the test. A form action gets a form that
 * names no real field (`probe=1`): the guard runs before the form is read, so a refused role is
 * refused and an allowed one meets a validation failure, not a change.
 */
export async function probe(ctx: APIRequestContext, method: string, url: string, kind: 'page' | 'action' | 'api' | string) {
	const cookies = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	const headers: Record<string, string> = { origin: BASE, accept: 'text/html', cookie: cookies };
	let body: string | undefined;
	if (method !== 'GET') {
		headers['content-type'] = kind === 'api' ? 'text/plain' : 'application/x-www-form-urlencoded';
		body = kind === 'api' ? 'x' : 'probe=1';
	}
	const res = await fetch(new URL(url, BASE), { method, headers, body, redirect: 'manual' });
	await res.body?.cancel();
	return { status: res.status, location: res.headers.get('location') ?? undefined };
}

export function classify(status: number, location: string | undefined): Outcome {
	if (status === 401 || (status >= 300 && status < 400 && location?.startsWith('/login'))) return 'login';
	if (status === 403 || status === 404) return 'deny';
	if (status < 400 || [400, 409, 415, 422, 429].includes(status)) return 'allow';
	throw new Error(`unexpected status ${status}`);
}
