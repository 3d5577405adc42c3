import type { RequestEvent } from '@sveltejs/kit';

/** The client's address as adapter-node sees it (set ADDRESS_HEADER behind a proxy). */
export function clientIp(event: RequestEvent): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/** A `next` parameter is followed only when it is a path on this site: never an open redirect. */
export function safeNext(value: string | null | undefined, fallback = '/app'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
	return value;
}
