/**
 * A browser without JavaScript, for the abuse suite: it keeps its session cookie and posts
 * forms to SvelteKit actions (`/path?/action`, urlencoded, same-origin `Origin`), reading the
 * answer as HTML, as a page without JavaScript would.
 */
export type Fields = Record<string, string> | [string, string][];
export type Answer = { status: number; location: string | null; text: string };

export class FormClient {
	private cookies = new Map<string, string>();

	constructor(readonly base: string) {}

	async get(path: string): Promise<Answer> {
		return this.send(path, { method: 'GET' });
	}

	async post(path: string, fields: Fields): Promise<Answer> {
		const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields)).toString();
		return this.send(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
	}

	/** A multipart form with one file, as a file input posts it. */
	async postFile(path: string, fields: Record<string, string>, file: { field: string; name: string; type: string; bytes: Uint8Array }): Promise<Answer> {
		const form = new FormData();
		for (const [k, v] of Object.entries(fields)) form.append(k, v);
		form.append(file.field, new Blob([file.bytes.slice()], { type: file.type }), file.name);
		return this.send(path, { method: 'POST', body: form });
	}

	/** A JSON POST with the session cookie, as the pages' scripts send it (an import's progress stream). */
	async postJson(path: string, body: unknown): Promise<Answer> {
		return this.send(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
	}

	/** Signs in through the sign-in form; throws unless the server answers with the redirect. */
	async signIn(username: string, password: string): Promise<this> {
		const r = await this.post('/login', { username, password });
		if (r.status !== 303) throw new Error(`sign-in as ${username}: ${r.status}`);
		return this;
	}

	private async send(path: string, init: RequestInit): Promise<Answer> {
		const headers = new Headers(init.headers);
		headers.set('origin', this.base);
		headers.set('accept', 'text/html');
		if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		const res = await fetch(this.base + path, { ...init, headers, redirect: 'manual' });
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const at = pair.indexOf('=');
			const name = pair.slice(0, at).trim();
			const value = pair.slice(at + 1).trim();
			if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return { status: res.status, location: res.headers.get('location'), text: await res.text() };
	}
}

/** One user's row of the administrator's users page (empty when the user is not listed). */
function rowOf(usersPage: string, username: string): string {
	return usersPage.split('<tr').find((row) => row.includes(`<span class="muted">${username}</span>`)) ?? '';
}

/** The active roles listed for one user on the administrator's users page. */
export function rolesOf(usersPage: string, username: string): { id: number; role: string }[] {
	return [...rowOf(usersPage, username).matchAll(/name="roleId" value="(\d+)"[\s\S]*?aria-label="[^"]*: [^ ]+ ([a-z_]+)"/g)].map((m) => ({
		id: Number(m[1]),
		role: m[2]
	}));
}

/** The user's id on the administrator's users page. */
export function userIdOf(usersPage: string, username: string): number {
	const m = /name="userId" value="(\d+)"/.exec(rowOf(usersPage, username));
	if (!m) throw new Error(`${username} is not on the users page`);
	return Number(m[1]);
}

/** Whether the users page shows the account disabled (its button offers to enable it). */
export function isDisabled(usersPage: string, username: string): boolean {
	return /name="disabled" value="0"/.test(rowOf(usersPage, username));
}
