import { parseDayText } from '$lib/date-text';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { localTime } from '../calendar';
import { UNIT_LEVELS, type UnitLevel } from '../db/schema';
import { described } from '../dossiers/schema';

/**
 * One unit as the official-list import, the agencies import, the integration API and the admin
 * form all describe it, checked by one schema so the four refuse the same things with the same
 * messages. Upserts are keyed by `code`; an absent optional field keeps what is stored (a list
 * without English names must not erase the ones typed by hand).
 */
export type UnitItem = {
	code: string;
	nameVi: string;
	nameEn?: string;
	level: UnitLevel;
	category?: string;
	/** The parent's code: none for a province, required for every other unit. */
	parentCode?: string;
	/**
	 * The official list names a commune's province (`Tỉnh / Thành Phố`): a province missing from the
	 * file and the database is created from it.
	 */
	parentName?: string;
	/** Vietnam local date (YYYY-MM-DD) the unit began. */
	validFrom?: string;
};

export const MAX_UNIT_BATCH = 1000;
export const UNIT_CODE = /^[A-Za-z0-9._-]{1,32}$/;

/**
 * Official codes (Bảng danh mục và mã số các đơn vị hành chính Việt Nam, kept by the statistics
 * office): a province has 2 digits (56 Khánh Hòa), a commune-level unit 5 (22366). A new province or
 * commune, or a unit becoming one, must have such a code; units stored before keep theirs.
 */
export const OFFICIAL_CODE_DIGITS: Partial<Record<UnitLevel, number>> = { province: 2, commune: 5 };

export function officialCodeProblem(level: UnitLevel, code: string): { key: MessageKey; params: Record<string, string | number> } | null {
	const digits = OFFICIAL_CODE_DIGITS[level];
	if (digits === undefined || new RegExp(`^[0-9]{${digits}}$`).test(code)) return null;
	return { key: 'units.error.officialCode', params: { digits, value: code } };
}

/**
 * The leading zeros a spreadsheet drops: the official list's codes are text ("01234"), but a cell
 * Excel turned into the number 1234 reaches us as "1234". An all-digit code shorter than its
 * level's length gets its zeros back; anything else is left for the check to refuse.
 */
export function restoreLeadingZeros(code: string, level: UnitLevel | undefined): string {
	const digits = level ? OFFICIAL_CODE_DIGITS[level] : undefined;
	return digits !== undefined && /^[0-9]+$/.test(code) && code.length < digits ? code.padStart(digits, '0') : code;
}

function hint(ctx: z.RefinementCtx, key: MessageKey, params: Record<string, string | number> = {}, path?: string[]) {
	ctx.addIssue({ code: 'custom', message: key, params: { hint: key, ...params }, ...(path ? { path } : {}) });
}

/*
 * Each field's parser carries the JSON Schema of what it takes from a JSON client (`described`,
 * dossiers/schema.ts): the OpenAPI document's UnitItem is generated from unitItemSchema.
 */

/** Trimmed, NFC (Vietnamese typed on different keyboards compares equal), 1…max characters. */
const text = (max: number) =>
	described(
		z.unknown().transform((v, ctx): string => {
			if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
				hint(ctx, 'dossiers.error.required');
				return z.NEVER;
			}
			if (typeof v !== 'string') {
				hint(ctx, 'dossiers.error.invalid');
				return z.NEVER;
			}
			const s = v.trim().normalize('NFC');
			if (s.length > max) {
				hint(ctx, 'dossiers.error.tooLong', { max });
				return z.NEVER;
			}
			return s;
		}),
		{ type: 'string', maxLength: max }
	);

const optional = <T>(schema: z.ZodType<T>) =>
	z.preprocess((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v), schema.optional());

const code = described(
	z.unknown().transform((v, ctx): string => {
		if (v === undefined || v === null || v === '') {
			hint(ctx, 'dossiers.error.required');
			return z.NEVER;
		}
		if (typeof v !== 'string' || !UNIT_CODE.test(v.trim())) {
			hint(ctx, 'units.error.codeFormat');
			return z.NEVER;
		}
		return v.trim();
	}),
	{ type: 'string', pattern: UNIT_CODE.source }
);

const level = described(
	z.unknown().transform((v, ctx): UnitLevel => {
		if (typeof v === 'string' && (UNIT_LEVELS as readonly string[]).includes(v)) return v as UnitLevel;
		hint(ctx, v === undefined || v === null || v === '' ? 'dossiers.error.required' : 'dossiers.error.oneOf', { values: UNIT_LEVELS.join(', ') });
		return z.NEVER;
	}),
	{ type: 'string', enum: [...UNIT_LEVELS] }
);

/** A calendar date that exists: YYYY-MM-DD, or DD/MM/YYYY as a Vietnamese list writes it (parseDay). */
const day = described(
	z.unknown().transform((v, ctx): string => {
		const parsed = typeof v === 'string' ? parseDay(v) : undefined;
		if (parsed) return parsed;
		hint(ctx, 'units.error.date');
		return z.NEVER;
	}),
	{ type: 'string', description: 'YYYY-MM-DD (DD/MM/YYYY also read, as in the officers API).', examples: ['2025-07-01', '01/07/2025'] }
);

export const unitItemSchema = z
	.strictObject({
		code: code.describe('Official code (56, 22366) or the agency’s own code.'),
		nameVi: text(200),
		nameEn: optional(text(200)),
		level: level.describe('commune for xã, phường and đặc khu; department for sở, ban, ngành and branches of central agencies.'),
		category: optional(text(80)).describe('As the official list writes it (Tỉnh, Thành phố Trung ương, Xã, Phường, Đặc khu) or the agency’s kind (Sở, Ban, Chi cục…).'),
		parentCode: optional(code).describe('The parent’s code: absent for a province, required otherwise; a unit cannot move to another province.'),
		parentName: optional(text(200)).describe(
			'The official list’s province name, used by the import to create a province not stored yet; an integration token cannot create provinces, so through the API a parent must exist.'
		),
		validFrom: optional(day).describe('When the unit began (Vietnam local date).')
	})
	.superRefine((item, ctx) => {
		if (item.level === 'province' && item.parentCode !== undefined) hint(ctx, 'units.error.provinceHasParent', {}, ['parentCode']);
		if (item.level !== 'province' && item.parentCode === undefined) hint(ctx, 'units.error.parentRequired', {}, ['parentCode']);
		if (item.parentCode !== undefined && item.parentCode === item.code) hint(ctx, 'units.error.ownParent', {}, ['parentCode']);
	})
	.meta({
		description:
			'One unit, keyed by code. Absent optional fields keep what is stored (nameEn, category, validFrom); nothing is ever deleted. The same checks as the official-list import: a new province has a 2-digit official code, a new commune-level unit a 5-digit one (leading zeros kept).',
		examples: [{ code: '22366', nameVi: 'Phường Nha Trang', nameEn: 'Nha Trang Ward', level: 'commune', category: 'Phường', parentCode: '56', validFrom: '2025-07-01' }]
	}) as unknown as z.ZodType<UnitItem>;

/** The instant a unit's start date or a merge's date stands for: local midnight in Vietnam. */
export const dayStart = (day: string) => localTime(day, 0);

/** "01/07/2025", "1/7/2025" or "2025-07-01" → "2025-07-01" (date-text.ts); undefined when it is neither, not a real day or outside 1945–2100. */
export function parseDay(value: string): string | undefined {
	const day = parseDayText(value);
	return day !== null && day >= '1945-01-01' && day <= '2100-12-31' ? day : undefined;
}
