import { en, vi, type MessageKey } from './catalogue';
import { fill, type Locale } from './format';

export type { MessageKey } from './catalogue';
export * from './format';

const catalogues: Record<Locale, Record<MessageKey, string>> = { vi, en };

/** Looks a message up and fills {placeholders}. Usable on the server and in components. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
	return fill(catalogues[locale][key] ?? vi[key], params);
}
