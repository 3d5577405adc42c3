import { error } from '@sveltejs/kit';
import { translate, type MessageKey } from '$lib/i18n';

/**
 * Bad input answered with a 4xx and a message, never a 500: text no field may hold, bodies that
 * are not forms, and the messages for what SvelteKit refuses itself (hooks.server.ts handleError).
 *
 * Text from outside that no field may hold: NUL, which PostgreSQL refuses in text (the request
 * then failed deep inside with a 500), and a lone UTF-16 surrogate, which is no character at all
 * and is silently replaced on the way to the database. Bodies and forms are checked once, where
 * they are read (api.ts parseJsonText, hooks.server.ts for forms), and refused with a 400 naming
 * the field.
 */
export const hasUnsafeText = (s: string) => s.includes('\0') || !s.isWellFormed();

/** A field name fit to repeat in an answer: the unsafe characters replaced, the length capped. */
const shown = (name: string) => name.replace(/\0/g, '?').toWellFormed().slice(0, 200);

/**
 * The path (`items[3].code`) of the first key or string in a parsed JSON value that holds unsafe
 * text, or null. Walked with a stack of its own: a deeply nested body cannot overflow the call stack.
 */
export function unsafeJsonPath(value: unknown): string | null {
	const pending: [unknown, string][] = [[value, '']];
	while (pending.length > 0) {
		const [v, path] = pending.pop()!;
		if (typeof v === 'string') {
			if (hasUnsafeText(v)) return shown(path) || '(body)';
		} else if (Array.isArray(v)) {
			v.forEach((item, i) => pending.push([item, `${path}[${i}]`]));
		} else if (typeof v === 'object' && v !== null) {
			for (const [key, item] of Object.entries(v)) {
				const at = path ? `${path}.${key}` : key;
				if (hasUnsafeText(key)) return shown(at);
				pending.push([item, at]);
			}
		}
	}
	return null;
}

/**
 * Whether parsed JSON text can hold unsafe text at all: a decoded body never contains a lone
 * surrogate, and JSON.parse refuses a raw NUL, so both can only come from a \u escape.
 */
export const mayHoldUnsafeJson = (text: string) => text.includes('\\u');

/** The name of the first form field (name or text value) holding unsafe text, or null. Files are their parsers' business. */
export function unsafeFormField(form: FormData): string | null {
	for (const [name, value] of form) {
		if (hasUnsafeText(name) || (typeof value === 'string' && hasUnsafeText(value))) return shown(name);
	}
	return null;
}

const FORM_TYPE = /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i;

/** "Vietnamese / English", as the JSON API answers: a refused form may come from a script as well as a page. */
export const bilingual = (key: MessageKey, params?: Record<string, string | number>) => `${translate('vi', key, params)} / ${translate('en', key, params)}`;

/**
 * Makes `request.formData()` refuse what no action can use: a body that is not a form (415), a
 * form that cannot be parsed (400), a field holding unsafe text (400, naming the field). Errors
 * of the body itself (SvelteKit's 413 when it is over the size limit) pass through unchanged.
 * The check runs when the action reads its form, so whatever the action does before (a rate
 * limit) still comes first.
 */
export function checkFormReads(request: Request): void {
	const read = request.formData.bind(request);
	request.formData = async () => {
		let form: FormData;
		try {
			form = await read();
		} catch (e) {
			if (!(e instanceof TypeError)) throw e;
			const isForm = FORM_TYPE.test(request.headers.get('content-type') ?? '');
			error(isForm ? 400 : 415, bilingual(isForm ? 'input.badForm' : 'input.notAForm'));
		}
		const field = unsafeFormField(form);
		if (field !== null) error(400, bilingual('input.unsafeText', { field }));
		return form;
	};
}

/** A query string or path holding NUL: refused before any route reads it (route parameters reach SQL). */
export function unsafeUrl(url: URL): boolean {
	if (/%00/.test(url.pathname)) return true;
	for (const [name, value] of url.searchParams) if (hasUnsafeText(name) || hasUnsafeText(value)) return true;
	return false;
}

export const unsafeUrlMessage = () => bilingual('input.unsafeText', { field: 'URL' });

/** The message for a client error SvelteKit raised (a body over the size limit, an action that does not exist…). */
export function clientErrorMessage(status: number): string {
	const key: MessageKey =
		status === 404 ? 'input.notFound' : status === 405 ? 'input.methodNotAllowed' : status === 413 ? 'input.tooLarge' : status === 415 ? 'input.unsupportedType' : 'input.badRequest';
	return bilingual(key);
}
