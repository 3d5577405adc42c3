import type { z } from 'zod';
import { translate, type Locale, type MessageKey } from '$lib/i18n';

/**
 * A problem with one field of one item. `key` is a message key so the same problem reads in
 * the integrator's log (both languages) and on the import page (the reader's language).
 */
export type FieldProblem = {
	field: string;
	key: MessageKey;
	params?: Record<string, string | number>;
	/** Refusals for scope answer 403 rather than 400 when they are the only problems. */
	forbidden?: boolean;
};

export type ItemProblem = FieldProblem & { index: number };

export function problem(field: string, key: MessageKey, params?: Record<string, string | number>): FieldProblem {
	return { field, key, ...(params ? { params } : {}) };
}

export function forbidden(field: string, key: MessageKey, value: string): FieldProblem {
	return { field, key, params: { value }, forbidden: true };
}

/** "Vietnamese / English", as the rest of the JSON API answers. */
export function bilingual(p: Pick<FieldProblem, 'key' | 'params'>): string {
	return `${translate('vi', p.key, p.params)} / ${translate('en', p.key, p.params)}`;
}

export function localised(locale: Locale, p: Pick<FieldProblem, 'key' | 'params'>): string {
	return translate(locale, p.key, p.params);
}

/** `items[3].dueAt` from ['items', 3, 'dueAt']. */
export function fieldPath(path: readonly PropertyKey[]): string {
	return path.reduce<string>((out, part) => {
		if (typeof part === 'number') return `${out}[${part}]`;
		return out ? `${out}.${String(part)}` : String(part);
	}, '');
}

/** Unknown fields named one by one, up to this many per object; the rest are counted. */
export const LISTED_UNKNOWN_FIELDS = 20;

/** Zod issues as field problems with messages an integrator can act on. */
export function zodProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
	const out: FieldProblem[] = [];
	for (const issue of error.issues) {
		if (issue.code === 'unrecognized_keys') out.push(...unknownFieldProblems(issue, prefix));
		else out.push({ ...issueProblem(issue), field: join(prefix, fieldPath(issue.path)) || '(body)' });
	}
	return out;
}

/** Each unknown field named, up to LISTED_UNKNOWN_FIELDS of them; the rest counted. */
export function unknownFieldProblems(issue: z.core.$ZodIssueUnrecognizedKeys, prefix = ''): FieldProblem[] {
	const out = issue.keys.slice(0, LISTED_UNKNOWN_FIELDS).map((key) => problem(join(prefix, fieldPath([...issue.path, key.slice(0, 64)])), 'dossiers.error.unknownField'));
	const more = issue.keys.length - LISTED_UNKNOWN_FIELDS;
	if (more > 0) out.push(problem(join(prefix, fieldPath(issue.path)) || '(body)', 'dossiers.error.moreUnknownFields', { n: more }));
	return out;
}

function join(prefix: string, field: string): string {
	if (!prefix) return field;
	if (!field) return prefix;
	return field.startsWith('[') ? prefix + field : `${prefix}.${field}`;
}

function issueProblem(issue: z.core.$ZodIssue): Omit<FieldProblem, 'field'> {
	const custom = (issue as { params?: { hint?: MessageKey } & Record<string, string | number> }).params;
	if (custom?.hint) {
		const { hint, ...params } = custom;
		return { key: hint, ...(Object.keys(params).length ? { params } : {}) };
	}
	switch (issue.code) {
		case 'invalid_type':
			return { key: issue.input === undefined || issue.input === null ? 'dossiers.error.required' : 'dossiers.error.invalid' };
		case 'invalid_value':
			return { key: 'dossiers.error.oneOf', params: { values: issue.values.map(String).join(', ') } };
		case 'too_big':
			if (issue.origin === 'string') return { key: 'dossiers.error.tooLong', params: { max: Number(issue.maximum) } };
			return { key: 'dossiers.error.invalid' };
		case 'too_small':
			if (issue.origin === 'string') return { key: 'dossiers.error.required' };
			return { key: 'dossiers.error.invalid' };
		default:
			return { key: 'dossiers.error.invalid' };
	}
}
