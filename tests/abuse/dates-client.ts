import http from 'node:http';
import type { ProductionServer } from './production-server';

/**
 * A client of the production server as a script would be: it signs in through the sign-in form,
 * keeps the session cookie, and posts forms to named actions the way `use:enhance` does (the
 * answer is SvelteKit's JSON action result). Every request gives up after REQUEST_TIMEOUT_MS, so
 * a server that stopped answering fails the test instead of hanging it.
 */
export const REQUEST_TIMEOUT_MS = 15_000;

export type ActionResult = { status: number; type: string; text: string; data: unknown };

/**
 * devalue's flat form (how SvelteKit sends an action's data) read back: enough for the plain
 * objects, arrays, strings, numbers and booleans our actions return.
 */
function unflatten(flat: unknown[], at = 0): unknown {
	if (at < 0) return at === -1 ? undefined : null;
	const value = flat[at];
	if (Array.isArray(value)) return value.map((i: number) => unflatten(flat, i));
	if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, i]) => [k, unflatten(flat, i as number)]));
	return value;
}

export class Client {
	private cookies = new Map<string, string>();

	constructor(readonly server: ProductionServer) {}

	request(path: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		if (init.method && init.method !== 'GET') headers.set('origin', this.server.base);
		return fetch(this.server.base + path, { redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), ...init, headers }).then((res) => {
			for (const line of res.headers.getSetCookie()) {
				const [pair] = line.split(';');
				const eq = pair.indexOf('=');
				this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
			}
			return res;
		});
	}

	async signIn(username: string): Promise<this> {
		// as a browser without JavaScript posts it: answered with a redirect
		const body = new URLSearchParams({ username, password: this.server.password });
		const res = await this.request('/login', { method: 'POST', body, headers: { accept: 'text/html' } });
		if (res.status !== 303) throw new Error(`sign-in as ${username} answered ${res.status}`);
		return this;
	}

	async page(path: string): Promise<string> {
		const res = await this.request(path);
		if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
		return res.text();
	}

	/**
	 * A form post to a named action (`?/name`, or the page itself for `default`) as use:enhance
	 * sends it; `text` is the whole JSON answer, `data` the action's data read back.
	 */
	async action(path: string, action: string, body: FormData | URLSearchParams): Promise<ActionResult> {
		const target = action === 'default' ? path : `${path}?/${action}`;
		const res = await this.request(target, { method: 'POST', body, headers: { accept: 'application/json', 'x-sveltekit-action': 'true' } });
		const text = await res.text();
		const parsed = JSON.parse(text) as { type: string; status?: number; data?: string };
		return { status: parsed.status ?? res.status, type: parsed.type, text, data: parsed.data ? unflatten(JSON.parse(parsed.data) as unknown[]) : undefined };
	}
}

/** An integration token for the province (its top unit), created through Quản trị → Mã tích hợp. */
export async function integrationToken(server: ProductionServer): Promise<string> {
	const admin = await new Client(server).signIn('admin');
	const html = await admin.page('/app/admin/tokens');
	const unitId = /name="unitId"[\s\S]*?<option value="(\d+)"/.exec(html)?.[1];
	if (!unitId) throw new Error('no unit on the tokens page');
	const created = await admin.action('/app/admin/tokens', 'create', new URLSearchParams({ unitId, name: 'abuse suite' }));
	const token = (created.data as { token?: string } | undefined)?.token;
	if (!token) throw new Error(`no token in ${created.text.slice(0, 200)}`);
	return token;
}

/** What the server printed from now on: for checking what a request made it log. */
export function logFrom(server: ProductionServer): () => string {
	const start = server.output().length;
	return () => server.output().slice(start);
}

/**
 * One POST on a connection of its own, closed after the answer: for a body of megabytes, which
 * must not be written to a kept-alive connection the server may be closing at that moment.
 */
export function postOnNewConnection(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST', agent: false, headers: { ...headers, connection: 'close', 'content-length': String(Buffer.byteLength(body)) }, timeout: REQUEST_TIMEOUT_MS }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${REQUEST_TIMEOUT_MS} ms`)));
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * The answer to a POST's headers alone: a body of `length` bytes is declared and never sent, and
 * the connection is dropped once the answer has come. For a server that refuses a body by its
 * declared length: writing the megabytes would race the server closing the connection.
 */
export function answerToDeclaredBody(url: string, headers: Record<string, string>, length: number): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(length) }, timeout: REQUEST_TIMEOUT_MS }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
				req.destroy();
			});
		});
		req.on('timeout', () => req.destroy(new Error(`no answer from ${url} to the headers alone in ${REQUEST_TIMEOUT_MS} ms`)));
		req.on('error', reject);
		req.flushHeaders();
	});
}
