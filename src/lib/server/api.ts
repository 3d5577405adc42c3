import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';

/**
 * JSON endpoints share one error shape: { error: code, message, fields? }, with messages in
 * both languages so an integrator's log is readable either way.
 */
export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
	return json({ error: code, message, ...(fields ? { fields } : {}) }, { status });
}

/** Parses a JSON body against a schema; a bad body is a 400 naming each bad field. */
export async function parseJson<T extends z.ZodType>(
	event: RequestEvent,
	schema: T
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
	const type = event.request.headers.get('content-type')?.toLowerCase() ?? '';
	if (!type.startsWith('application/json')) {
		return { ok: false, response: apiError(415, 'unsupported_media_type', 'Gửi JSON (Content-Type: application/json) / Send JSON') };
	}
	let body: unknown;
	try {
		body = await event.request.json();
	} catch {
		return { ok: false, response: apiError(400, 'invalid_json', 'Nội dung không phải JSON hợp lệ / Body is not valid JSON') };
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const fields: Record<string, string> = {};
		for (const issue of parsed.error.issues) fields[issue.path.join('.') || '(body)'] ??= issue.message;
		return {
			ok: false,
			response: apiError(400, 'validation', `Dữ liệu không hợp lệ / Invalid fields: ${Object.keys(fields).join(', ')}`, fields)
		};
	}
	return { ok: true, data: parsed.data };
}
