import { locale, localName } from './locale';
import { en, vi } from './parts/kiosk';
import { smallCatalogue } from './small';

/**
 * The kiosk's own message lookup: only the kiosk's strings, in both languages, so the tablet
 * does not download the whole staff catalogue (the kiosk route's JavaScript stays small).
 */
export type KioskKey = keyof typeof vi;
export const kt = smallCatalogue<KioskKey>(vi, en);
export { locale, localName };
