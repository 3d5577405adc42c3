/**
 * The facts of a procedure as the national procedure database (Cơ sở dữ liệu quốc gia về thủ tục
 * hành chính) and a province's own lists write them, read into values. Pure functions; each
 * returns `undefined` for text it cannot read, so the caller names the field.
 */

/** Text compared without case, accents, đ or extra spaces: "Cấp  Tỉnh" = "cap tinh". */
import { foldText as fold } from '$lib/vietnamese-fold';
export { fold };

// ---- codes ---------------------------------------------------------------------------------

/**
 * Mã TTHC: the short form is the procedure's number in the national database (1.004227); the full
 * form adds three groups of zeros and the publishing agency (1.004227.000.00.00.H56, H56 = Khánh
 * Hòa). The OpenAPI document shows this pattern (procedures/schema.ts).
 */
const PROCEDURE_CODE = /^([0-9]\.[0-9]{6})(\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})?$/;
/** The same, as a JSON Schema pattern string. */
export const PROCEDURE_CODE_PATTERN = PROCEDURE_CODE.source;

/**
 * A national procedure code, kept as given; `shortCode` is derived from a full code (NULL for a
 * short one). Anything else is refused: a code Excel turned into a number (1.00422) is caught here.
 */
export function parseProcedureCode(value: string): { code: string; shortCode: string | null } | undefined {
	const code = value.trim().toUpperCase();
	const m = PROCEDURE_CODE.exec(code);
	if (!m) return undefined;
	return { code, shortCode: m[2] ? m[1] : null };
}

// ---- handling time -------------------------------------------------------------------------

/**
 * Hours in a working day, for a time the law sets in working hours: the 40-hour, five-day week
 * of state agencies (Quyết định 188/1999/QĐ-TTg, Điều 1) and the 8-hour normal working day
 * (Bộ luật Lao động 2019, Điều 105 khoản 1).
 */
export const WORKING_HOURS_PER_DAY = 8;
export const MAX_HANDLING_DAYS = 365;
export const MAX_HANDLING_HOURS = MAX_HANDLING_DAYS * WORKING_HOURS_PER_DAY;

export type HandlingTime = { days: number; hours: number | null };

/**
 * A time set in working hours, as days for the due-date calendar: rounded up to whole working
 * days (4 working hours → 1 day, 12 → 2). Our rule, not one found written in the national
 * database's documentation (unconfirmed): rounding up never makes a dossier late that met the
 * legal time in hours.
 */
export function fromHours(hours: number): HandlingTime {
	return { days: Math.ceil(hours / WORKING_HOURS_PER_DAY), hours };
}

/**
 * "Thời hạn giải quyết" as the national database writes it: "05 ngày làm việc", "04 giờ làm
 * việc", "0,5 ngày làm việc" (= 4 working hours), "Trong ngày làm việc" (= 0 days, the same day).
 * Plain "ngày" (calendar days?) and anything else are not read: a wrong time would make every
 * due date wrong.
 */
export function parseHandlingTime(text: string): HandlingTime | undefined {
	const t = fold(text).replace(/[.;]+$/, '');
	if (/^trong (ngay|ngay lam viec)$/.test(t)) return { days: 0, hours: null };
	const m = /^([0-9]+(?:[.,][0-9]+)?) ?(ngay lam viec|gio lam viec)$/.exec(t);
	if (!m) return undefined;
	const amount = Number(m[1].replace(',', '.'));
	const hours = m[2] === 'gio lam viec' ? amount : amount * WORKING_HOURS_PER_DAY;
	if (!Number.isInteger(hours)) return undefined;
	if (m[2] === 'ngay lam viec' && Number.isInteger(amount)) return amount <= MAX_HANDLING_DAYS ? { days: amount, hours: null } : undefined;
	return hours >= 1 && hours <= MAX_HANDLING_HOURS ? fromHours(hours) : undefined;
}

/** How a handling time reads back: "5 ngày làm việc", "4 giờ làm việc", "Trong ngày". */
export function handlingTimeText(t: HandlingTime, locale: 'vi' | 'en' = 'vi'): string {
	if (t.hours !== null) return locale === 'vi' ? `${t.hours} giờ làm việc` : `${t.hours} working hours`;
	if (t.days === 0) return locale === 'vi' ? 'Trong ngày' : 'Same day';
	return locale === 'vi' ? `${t.days} ngày làm việc` : `${t.days} working days`;
}

// ---- level ---------------------------------------------------------------------------------

/** "Cấp thực hiện" as the national database names the levels (Cấp Huyện: before 1 July 2025). */
export const PROCEDURE_LEVELS = ['Cấp Bộ', 'Cấp Tỉnh', 'Cấp Huyện', 'Cấp Xã', 'Cơ quan khác'] as const;
const LEVEL_BY_FOLDED = new Map<string, string>(
	PROCEDURE_LEVELS.flatMap((l) => [
		[fold(l), l],
		[fold(l).replace(/^cap /, ''), l]
	])
);

/** One level or several ("Cấp Tỉnh, Cấp Xã"), in the list's order; an unknown level refuses the whole text. */
export function parseLevel(text: string): string | undefined {
	const parts = text
		.split(/[,;\n]/)
		.map((p) => fold(p))
		.filter(Boolean);
	if (parts.length === 0) return undefined;
	const found = new Set<string>();
	for (const p of parts) {
		const level = LEVEL_BY_FOLDED.get(p);
		if (!level) return undefined;
		found.add(level);
	}
	return PROCEDURE_LEVELS.filter((l) => found.has(l)).join(', ');
}

// ---- online availability, yes / no / unknown ----------------------------------------------

export type OnlineLevel = 0 | 1 | 2;

/**
 * Online availability: 2 = dịch vụ công trực tuyến toàn trình, 1 = một phần (Nghị định
 * 42/2022/NĐ-CP, Điều 11), or the older levels of Nghị định 43/2011/NĐ-CP, Điều 3 (mức độ 4 →
 * 2, mức độ 3 → 1, mức độ 1–2 → 0: information and forms only). "Không" → 0. "Chưa rõ" → null
 * (not known); undefined = not readable.
 */
export function parseOnlineLevel(text: string): OnlineLevel | null | undefined {
	const t = fold(text);
	if (/^[012]$/.test(t)) return Number(t) as OnlineLevel;
	if (UNKNOWN.has(t)) return null;
	if (t.includes('toan trinh') || /^muc do 4$/.test(t)) return 2;
	if (t.includes('mot phan') || /^muc do 3$/.test(t)) return 1;
	if (/^muc do [12]$/.test(t) || NO.has(t) || t === 'dich vu cung cap thong tin truc tuyen') return 0;
	return undefined;
}

const YES = new Set(['co', 'x', 'da', 'yes', 'true']);
const NO = new Set(['khong', 'chua', 'no', 'false']);
const UNKNOWN = new Set(['chua ro', 'khong ro', 'unknown']);

/** Có / Không / Chưa rõ (and yes, no, unknown, x): true, false, null; undefined = not readable. */
export function parseYesNoUnknown(text: string): boolean | null | undefined {
	const t = fold(text);
	if (YES.has(t) || t === '1') return true;
	if (NO.has(t) || t === '0') return false;
	if (UNKNOWN.has(t)) return null;
	return undefined;
}

export const PROCEDURE_MODE_TEXT = { one_stop: 'Một cửa', inter_linked: 'Một cửa liên thông' } as const;

/** Cơ chế: "Một cửa" / "Một cửa liên thông" (or "Liên thông"), the API's one_stop / inter_linked, or Có/Không under a "Liên thông" header. */
export function parseMode(text: string): 'one_stop' | 'inter_linked' | undefined {
	const t = fold(text).replace(/ /g, '_');
	if (t === 'one_stop' || t === 'mot_cua' || t === 'khong') return 'one_stop';
	if (t === 'inter_linked' || t === 'mot_cua_lien_thong' || t === 'lien_thong' || t === 'co') return 'inter_linked';
	return undefined;
}
