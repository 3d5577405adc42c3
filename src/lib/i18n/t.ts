import { formatDate, formatNumber, formatPercent, translate, type MessageKey } from './index';
import { locale, localName } from './locale';

/**
 * Component-side helpers: they read the locale the server chose for this request from
 * page.data, so they are reactive and safe during SSR (no module-level locale).
 */
export { locale, localName };

export const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale(), key, params);
export const fmtDate = (d: Date | string, withTime = false) => formatDate(locale(), d, withTime);
export const fmtNumber = (n: number, digits = 0) => formatNumber(locale(), n, digits);
export const fmtPercent = (r: number | null) => formatPercent(locale(), r);
