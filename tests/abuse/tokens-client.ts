/**
 * A client of the production server as a browser without JavaScript would be: it keeps its
 * cookies, sends the Origin a browser sends with a form post, and reads the HTML it gets back.
 */
export class WebClient {
	private readonly cookies = new Map<string, string>();
	constructor(readonly base: string) {}

	async request(path: string, init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string; location: string | null }> {
		// A browser's Accept: without text/html SvelteKit answers a form action in JSON.
		const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
		if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
		if (init.method === 'POST') headers.origin = this.base;
		const res = await fetch(this.base + path, { method: init.method ?? 'GET', body: init.body, headers, redirect: 'manual' });
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const i = pair.indexOf('=');
			const value = pair.slice(i + 1);
			if (value) this.cookies.set(pair.slice(0, i), value);
			else this.cookies.delete(pair.slice(0, i));
		}
		return { status: res.status, text: await res.text(), location: res.headers.get('location') };
	}

	get(path: string) {
		return this.request(path);
	}

	/** A SvelteKit form action posted as a plain form (fields may repeat); `null` for a page's default action. */
	action(path: string, action: string | null, fields: Record<string, string | number | (string | number)[]>) {
		const body = new URLSearchParams();
		for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, String(one));
		return this.request(action ? `${path}?/${action}` : path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
	}

	async signIn(username: string, password: string): Promise<this> {
		const r = await this.action('/login', null, { username, password });
		if (r.status !== 303) throw new Error(`sign-in of ${username}: ${r.status} ${/class="alert[^"]*"[^>]*>([^<]*)/.exec(r.text)?.[1] ?? ''}`);
		return this;
	}
}

/** The first capture of `re` in `text`, or a failure naming what was looked for. */
export function pick(text: string, re: RegExp, what: string): string {
	const m = re.exec(text);
	if (!m) throw new Error(`${what} not found`);
	return m[1];
}

/**
 * An officer takes a counter (the first offered, or the first not in `avoid`) and opens a
 * service for a new dossier created on the spot; returns the counter's id.
 */
export async function takeCounter(officer: WebClient, avoid: number[] = []): Promise<number> {
	await officer.action('/app/counter', 'leave', {});
	const page = await officer.get('/app/counter');
	const offered = [...page.text.matchAll(/name="counterId" value="(\d+)"/g)].map((m) => Number(m[1]));
	const counterId = offered.find((id) => !avoid.includes(id));
	if (counterId === undefined) throw new Error('no counter offered');
	const taken = await officer.action('/app/counter', 'take', { counterId, force: 1 });
	if (taken.status !== 200) throw new Error(`take counter: ${taken.status}`);
	return counterId;
}

/** Serves a new dossier with this code at the officer's counter (created on the spot with the first procedure offered). */
export async function serveNewDossier(officer: WebClient, code: string): Promise<void> {
	const unknown = await officer.action('/app/counter', 'serve', { code, stage: 'receiving' });
	if (unknown.status !== 404) throw new Error(`serve ${code}: ${unknown.status}`);
	const procedureId = pick(unknown.text, /name="procedureId"[\s\S]*?<option value="(\d+)"/, 'a procedure');
	const created = await officer.action('/app/counter', 'create', { code, procedureId });
	if (created.status !== 200) throw new Error(`create ${code}: ${created.status}`);
}
