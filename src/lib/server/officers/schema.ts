import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { USERNAME_PATTERN } from '../users/create-admin';
import { parseDay } from './dates';

/**
 * One officer as the HR software (the integration API) or an HR list (the import, after its
 * column mapping) describes them. The one schema both go through, so both refuse the same things
 * with the same messages. Absent optional fields leave what is stored; null clears it (JSON only:
 * an empty cell in a file is "not stated").
 */

export const MAX_OFFICER_BATCH = 1000;
export const MAX_POSTINGS_PER_OFFICER = 50;
/** Officers per page of GET /api/v1/officers. */
export const MAX_READ = 1000;
export const STAFF_NUMBER = /^[\p{L}\p{N}._/-]{1,32}$/u;
const NAME_MAX = 120;

type Parser<T> = (value: unknown) => T | undefined;

function addProblem(ctx: z.RefinementCtx, hint: MessageKey, params: Record<string, string | number> = {}) {
	ctx.addIssue({ code: 'custom', message: hint, params: { hint, ...params } });
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function required<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	return z.unknown().transform((value, ctx): T => {
		if (blank(value)) {
			addProblem(ctx, 'dossiers.error.required');
			return z.NEVER;
		}
		const out = parse(value);
		if (out === undefined) {
			addProblem(ctx, hint, params);
			return z.NEVER;
		}
		return out;
	});
}

/** undefined (absent, or an empty cell): keep what is stored; null: clear it. */
function keepOrClear<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	return z
		.unknown()
		.transform((value, ctx): T | null | undefined => {
			if (value === null) return null;
			if (blank(value)) return undefined;
			const out = parse(value);
			if (out === undefined) {
				addProblem(ctx, hint, params);
				return z.NEVER;
			}
			return out;
		})
		.optional();
}

/** Absent, null or an empty cell: keep what is stored. */
function optional<T>(parse: Parser<T>, hint: MessageKey) {
	return z
		.unknown()
		.transform((value, ctx): T | undefined => {
			if (blank(value)) return undefined;
			const out = parse(value);
			if (out === undefined) {
				addProblem(ctx, hint);
				return z.NEVER;
			}
			return out;
		})
		.optional();
}

/** Text as typed, in NFC so "Nguyễn" typed on any keyboard is one string. */
const text =
	(max: number): Parser<string> =>
	(v) => {
		if (typeof v !== 'string') return undefined;
		const s = v.normalize('NFC').trim().replace(/\s+/g, ' ');
		return s.length > 0 && s.length <= max && !/\p{Cc}/u.test(s) ? s : undefined;
	};

const staffNumber: Parser<string> = (v) => (typeof v === 'string' && STAFF_NUMBER.test(v.trim()) ? v.trim() : undefined);
const day: Parser<string> = (v) => (typeof v === 'string' ? parseDay(v) : undefined);
const username: Parser<string> = (v) => (typeof v === 'string' && USERNAME_PATTERN.test(v.trim()) ? v.trim() : undefined);

const YES = ['1', 'x', 'có', 'co', 'yes', 'true', 'đang làm việc'];
const NO = ['0', 'không', 'khong', 'no', 'false', 'đã nghỉ'];
/** true/false in JSON; in a file Có/Không, 1/0, x, yes/no. */
const yesNo: Parser<boolean> = (v) => {
	if (typeof v === 'boolean') return v;
	if (typeof v !== 'string') return undefined;
	const s = v.normalize('NFC').trim().toLowerCase();
	return YES.includes(s) ? true : NO.includes(s) ? false : undefined;
};

export const postingItemSchema = z.strictObject({
	unitCode: required(text(32), 'dossiers.error.tooLong', { max: 32 }),
	positionVi: required(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }),
	positionEn: keepOrClear(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }),
	/** First day of the posting. */
	from: required(day, 'officers.error.day'),
	/** Last day of the posting (included); absent: not stated, null: still serving there. */
	to: keepOrClear(day, 'officers.error.day')
});

export const officerItemSchema = z.strictObject({
	staffNumber: required(staffNumber, 'officers.error.staffNumber'),
	fullName: required(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }),
	titleVi: keepOrClear(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }),
	titleEn: keepOrClear(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }),
	active: optional(yesNo, 'officers.error.yesNo'),
	postings: z
		.array(postingItemSchema)
		.superRefine((list, ctx) => {
			if (list.length > MAX_POSTINGS_PER_OFFICER) addProblem(ctx, 'officers.error.tooManyPostings', { max: MAX_POSTINGS_PER_OFFICER });
		})
		.optional(),
	/** The user account to link to the officer (an existing one); null unlinks. */
	username: keepOrClear(username, 'username.invalid')
});

export type PostingItem = z.output<typeof postingItemSchema>;
export type OfficerItem = z.output<typeof officerItemSchema>;

