import { isIP } from 'node:net';

/**
 * Which addresses a subscriber may have. HTTPS anywhere; plain HTTP only when the deployment
 * allows it (WEBHOOK_ALLOW_PRIVATE_HTTP=1) and only to this machine or a private network, named
 * by IP address or as localhost: a body sent in the clear must not cross the internet, and a
 * host name could resolve elsewhere tomorrow. Other schemes, and addresses holding a user name
 * or password (it would be shown on the admin page), are refused.
 */
export type UrlProblem = 'invalid' | 'scheme' | 'credentials' | 'http_disabled' | 'http_public' | 'too_long';
export type UrlCheck = { ok: true; url: string } | { ok: false; problem: UrlProblem };

export const MAX_URL_LENGTH = 2000;

function privateV4(ip: string): boolean {
	const [a, b] = ip.split('.').map(Number);
	return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

function privateV6(ip: string): boolean {
	const v = ip.toLowerCase();
	if (v === '::1') return true;
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
	if (mapped) return privateV4(mapped[1]);
	return /^f[cd][0-9a-f]{0,2}:/.test(v); // fc00::/7, unique local
}

/** A loopback or private-network host, given literally (no DNS look-up). */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '');
	if (host.toLowerCase() === 'localhost') return true;
	const kind = isIP(host);
	if (kind === 4) return privateV4(host);
	if (kind === 6) return privateV6(host);
	return false;
}

export function checkSubscriberUrl(raw: string, allowPrivateHttp: boolean): UrlCheck {
	const text = raw.trim();
	if (text.length > MAX_URL_LENGTH) return { ok: false, problem: 'too_long' };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, problem: 'invalid' };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'scheme' };
	if (url.username || url.password) return { ok: false, problem: 'credentials' };
	if (url.protocol === 'http:') {
		if (!allowPrivateHttp) return { ok: false, problem: 'http_disabled' };
		if (!isPrivateHost(url.hostname)) return { ok: false, problem: 'http_public' };
	}
	url.hash = '';
	return { ok: true, url: url.toString() };
}
