import fs from 'node:fs';
import http from 'node:http';

/**
 * Clients for the body-limit, throttling and transport abuse tests: a raw HTTP post that stops
 * sending when the server answers (as a browser does), the server's memory from /proc, and form
 * posts and sign-in with the SvelteKit conventions (an Origin header, no redirect following).
 */

export type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string; bytesSent: number };

/**
 * POSTs `total` bytes (repeating `pattern`) in 64 KB chunks, declaring Content-Length unless
 * `chunked`, and stops sending as soon as the answer's headers arrive. With `sendAtMost` it
 * sends only that much and waits: an answer then proves the server did not wait for the rest.
 */
export function rawPost(
	url: string,
	options: { headers: Record<string, string>; total: number; pattern: string; chunked?: boolean; sendAtMost?: number }
): Promise<RawAnswer> {
	const chunk = Buffer.from(options.pattern.repeat(Math.ceil(65536 / options.pattern.length)).slice(0, 65536));
	return new Promise((resolve, reject) => {
		let answered = false;
		let bytesSent = 0;
		const headers = { ...options.headers, ...(options.chunked ? {} : { 'content-length': String(options.total) }) };
		const req = http.request(url, { method: 'POST', headers }, (res) => {
			answered = true;
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d: string) => (body += d));
			res.on('end', () => {
				resolve({ status: res.statusCode!, headers: res.headers, body, bytesSent });
				req.destroy(); // the rest of the body is not sent
			});
			res.on('error', () => resolve({ status: res.statusCode!, headers: res.headers, body, bytesSent }));
		});
		// once the server has answered and closed, a write fails: that is the point, not an error
		req.on('error', (e) => (answered ? undefined : reject(e)));
		const limit = Math.min(options.total, options.sendAtMost ?? options.total);
		const pump = () => {
			while (!answered && bytesSent < limit) {
				const piece = chunk.subarray(0, Math.min(chunk.length, limit - bytesSent));
				bytesSent += piece.length;
				if (!req.write(piece)) return void req.once('drain', pump);
			}
			if (!answered && bytesSent >= options.total) req.end();
		};
		pump();
	});
}

/** Resident memory of a process, in MB (Linux). */
export function residentMb(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /VmRSS:\s+(\d+) kB/.exec(status);
	if (!kb) throw new Error(`no VmRSS for ${pid}`);
	return Number(kb[1]) / 1024;
}

export type Answer = { status: number; location: string | null; cookies: string[]; headers: Headers; text: string };

/** A form post as a browser without JavaScript sends it (urlencoded body, Origin header). */
export async function postForm(
	base: string,
	path: string,
	body: string | URLSearchParams,
	options: { origin?: string; cookie?: string; address?: string; accept?: string } = {}
): Promise<Answer> {
	const res = await fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: options.origin ?? base,
			accept: options.accept ?? 'text/html',
			...(options.cookie ? { cookie: options.cookie } : {}),
			...(options.address ? { 'x-forwarded-for': options.address } : {})
		},
		body: String(body)
	});
	return { status: res.status, location: res.headers.get('location'), cookies: res.headers.getSetCookie(), headers: res.headers, text: await res.text() };
}

/**
 * A form action as `use:enhance` posts it: answered as JSON (no page is rendered), the action's
 * own status inside ('success', or 'failure' with the status passed to fail()).
 */
export async function postAction(base: string, path: string, body: URLSearchParams, options: { address?: string } = {}): Promise<number> {
	const res = await fetch(base + path, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			...(options.address ? { 'x-forwarded-for': options.address } : {})
		},
		body: String(body)
	});
	const answer = (await res.json()) as { type: string; status?: number };
	return answer.type === 'success' ? 200 : answer.type === 'redirect' ? 303 : (answer.status ?? res.status);
}

/** The `name=value` pairs of Set-Cookie lines, ready for a Cookie header. */
export const cookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]).join('; ');

/** Signs in and answers the Set-Cookie lines (session and device cookie). */
export async function signIn(base: string, username: string, password: string, options: { origin?: string; address?: string } = {}) {
	const res = await postForm(base, '/login', new URLSearchParams({ username, password }), options);
	if (res.status !== 303) throw new Error(`sign-in as ${username} answered ${res.status}`);
	return res.cookies;
}
