import { fill } from './format';
import { locale } from './locale';

/**
 * A lookup over one small message part, for screens that must not download the whole staff
 * catalogue (the kiosk, the root error page).
 */
export function smallCatalogue<K extends string>(vi: Record<K, string>, en: Record<K, string>) {
	return (key: K, params?: Record<string, string | number>) => fill((locale() === 'en' ? en : vi)[key], params);
}
