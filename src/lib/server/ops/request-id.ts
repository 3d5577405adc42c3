import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
/** What a proxy's id may look like to be kept (nginx's $request_id, a UUID, a trace id). */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id: the one the proxy sent in x-request-id when it looks like an id, else a fresh one. */
export function requestIdFrom(given: string | string[] | null | undefined): string {
	const value = Array.isArray(given) ? given[0] : given;
	return value && ACCEPTABLE.test(value) ? value : randomUUID();
}
