import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { mayHoldUnsafeJson, unsafeJsonPath } from './bad-input';
import { bilingual, unknownFieldProblems } from './dossiers/errors';

/**
 * The one error body of the JSON endpoints: a code, a message in both languages so an
 * integrator's log is readable either way, and one message per bad field. The integration and
 * device guards' refusals (auth/guard.ts) raise the same shape through SvelteKit's `error()`.
 */
export const apiErrorBody = z
	.object({
		error: z.string().describe('validation, forbidden, conflict, invalid_json, unsupported_media_type, unauthorised, not_found…'),
		message: z.string().describe('Vietnamese / English.'),
		fields: z.record(z.string(), z.string()).optional().describe('One message per bad field, keyed like items[3].dueAt.')
	})
	.describe('The one error shape of the API.');
export type ApiErrorBody = z.input<typeof apiErrorBody>;

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
	return json(errorReply(status, code, message, fields).body, { status });
}

/** A JSON answer before it is written: the rating fast path (fast-path.ts) writes it itself. */
export type Reply = { status: number; body: unknown };

export function errorReply(status: number, code: string, message: string, fields?: Record<string, string>): Reply {
	return { status, body: { error: code, message, ...(fields ? { fields } : {}) } satisfies ApiErrorBody };
}

/** A time as the answers write it (Date.toISOString(), hl_iso() in SQL): UTC, to the millisecond. */
export const isoInstant = () => z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/).meta({ format: 'date-time' });

/** The catalogue's list answers (centres, procedures): a page of items with its total. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ total: z.int().min(0), limit: z.int().min(1), offset: z.int().min(0), items: z.array(item) });

/** A JSON body by its Content-Type (parameters such as charset allowed). */
export const isJson = (contentType: string | null | undefined) => (contentType ?? '').toLowerCase().startsWith('application/json');

/** A request's body text when it is JSON, '' otherwise: a body of another type is refused unread. */
export const jsonText = (request: Request) => (isJson(request.headers.get('content-type')) ? request.text() : Promise.resolve(''));

export type Parsed<T> = { ok: true; data: T } | { ok: false; reply: Reply };

/**
 * Checks the media type and parses a body's text against a schema: a 415 for anything but
 * JSON, a 400 for text that is not JSON or holds NUL or a lone surrogate (text-input.ts), a 400
 * naming each bad field.
 */
export function parseJsonText<T extends z.core.$ZodType>(contentType: string | null, text: string, schema: T): Parsed<z.infer<T>> {
	if (!isJson(contentType)) {
		return { ok: false, reply: errorReply(415, 'unsupported_media_type', 'Gửi JSON (Content-Type: application/json) / Send JSON') };
	}
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return { ok: false, reply: errorReply(400, 'invalid_json', 'Nội dung không phải JSON hợp lệ / Body is not valid JSON') };
	}
	const unsafe = mayHoldUnsafeJson(text) ? unsafeJsonPath(body) : null;
	if (unsafe !== null) {
		const message = 'Có ký tự không được phép (NUL hoặc nửa cặp UTF-16) / Holds a character that is not allowed (NUL or a lone UTF-16 surrogate)';
		return { ok: false, reply: errorReply(400, 'invalid_text', `${message}: ${unsafe}`, { [unsafe]: message }) };
	}
	const parsed = z.safeParse(schema, body);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) {
			// an unknown field is named, as the integration API names it (strict schemas: the import commits)
			if (issue.code === 'unrecognized_keys') for (const p of unknownFieldProblems(issue)) fields[p.field] ??= bilingual(p);
			else fields[issue.path.join('.') || '(body)'] ??= issue.message;
		}
		return { ok: false, reply: errorReply(400, 'validation', `Dữ liệu không hợp lệ / Invalid fields: ${Object.keys(fields).join(', ')}`, fields) };
	}
	return { ok: true, data: parsed.data };
}

/** parseJsonText on a request: a bad body answers with its Response. */
export async function parseJson<T extends z.core.$ZodType>(
	event: RequestEvent,
	schema: T
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
	const parsed = parseJsonText(event.request.headers.get('content-type'), await jsonText(event.request), schema);
	return parsed.ok ? parsed : { ok: false, response: json(parsed.reply.body, { status: parsed.reply.status }) };
}
