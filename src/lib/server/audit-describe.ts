import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { vi } from '$lib/i18n/catalogue';

/**
 * One audit entry as a sentence a person reads ("Tải bảng “Cán bộ” dạng CSV (12 dòng)") and what
 * it acted on ("Đơn vị 12"). An action with no sentence of its own is named by its first word
 * ("Nhập dữ liệu từ tệp"), never by its code. The recorded data stays available, folded away, for
 * technical checks.
 */
export type AuditLine = { sentence: string; target: string | null };

type Detail = Record<string, unknown> | null;

function has(key: string): key is MessageKey {
	return Object.hasOwn(vi, key);
}

function params(detail: Detail): Record<string, string | number> {
	const out: Record<string, string | number> = {};
	for (const [k, v] of Object.entries(detail ?? {})) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
	return out;
}

export function describeAudit(locale: Locale, action: string, targetType: string | null, targetId: string | null, detail: Detail): AuditLine {
	const exact = `audit.sentence.${action}`;
	const object = `audit.object.${action.split('.')[0]}`;
	let sentence = has(exact) ? translate(locale, exact, params(detail)) : has(object) ? translate(locale, object) : translate(locale, 'audit.object.other');
	// a placeholder the entry did not record is left out rather than shown as "{rows}"
	sentence = sentence.replace(/\s*\(\{\w+\}[^)]*\)|“\{\w+\}”\s*/g, '').trim();
	if (!targetType) return { sentence, target: null };
	const word = `audit.target.${targetType}`;
	const label = has(word) ? translate(locale, word) : translate(locale, 'audit.target.other');
	// a number names the row; other ids are internal keys (a setting's key, 'built-in'): the word alone says enough
	return { sentence, target: targetId && /^\d+$/.test(targetId) ? `${label} ${targetId}` : label };
}
