import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { USERNAME_PATTERN } from '../users/create-admin';
import { accepting, described, type Accepts } from '../dossiers/schema';
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

/** A field's reader, with what it takes from a JSON client (dossiers/schema.ts). */
type Parser<T> = ((value: unknown) => T | undefined) & { accepts: Accepts };

function addProblem(ctx: z.RefinementCtx, hint: MessageKey, params: Record<string, string | number> = {}) {
	ctx.addIssue({ code: 'custom', message: hint, params: { hint, ...params } });
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function required<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	const field = z.unknown().transform((value, ctx): T => {
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
	return described(field, parse.accepts);
}

/** undefined (absent, or an empty cell): keep what is stored; null: clear it. */
function keepOrClear<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	const field = z.unknown().transform((value, ctx): T | null | undefined => {
		if (value === null) return null;
		if (blank(value)) return undefined;
		const out = parse(value);
		if (out === undefined) {
			addProblem(ctx, hint, params);
			return z.NEVER;
		}
		return out;
	});
	return described(field, parse.accepts, true).optional();
}

/** Absent, null or an empty cell: keep what is stored. */
function optional<T>(parse: Parser<T>, hint: MessageKey) {
	const field = z.unknown().transform((value, ctx): T | undefined => {
		if (blank(value)) return undefined;
		const out = parse(value);
		if (out === undefined) {
			addProblem(ctx, hint);
			return z.NEVER;
		}
		return out;
	});
	return described(field, parse.accepts).optional();
}

/** Text as typed, in NFC so "Nguyễn" typed on any keyboard is one string. */
const text = (max: number): Parser<string> =>
	accepting({ type: 'string', maxLength: max }, (v) => {
		if (typeof v !== 'string') return undefined;
		const s = v.normalize('NFC').trim().replace(/\s+/g, ' ');
		return s.length > 0 && s.length <= max && !/\p{Cc}/u.test(s) ? s : undefined;
	});

const matching = (pattern: RegExp): Parser<string> =>
	accepting({ type: 'string', pattern: pattern.source }, (v) => (typeof v === 'string' && pattern.test(v.trim()) ? v.trim() : undefined));
const staffNumber = matching(STAFF_NUMBER);
const username = matching(USERNAME_PATTERN);
const day: Parser<string> = accepting({ type: 'string' }, (v) => (typeof v === 'string' ? parseDay(v) : undefined));

const YES = ['1', 'x', 'có', 'co', 'yes', 'true', 'đang làm việc'];
const NO = ['0', 'không', 'khong', 'no', 'false', 'đã nghỉ'];
/** true/false in JSON; in a file Có/Không, 1/0, x, yes/no. */
const yesNo: Parser<boolean> = accepting({ type: 'boolean' }, (v) => {
	if (typeof v === 'boolean') return v;
	if (typeof v !== 'string') return undefined;
	const s = v.normalize('NFC').trim().toLowerCase();
	return YES.includes(s) ? true : NO.includes(s) ? false : undefined;
});

export const postingItemSchema = z.strictObject({
	unitCode: required(text(32), 'dossiers.error.tooLong', { max: 32 }),
	positionVi: required(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }).describe('Vị trí công tác, e.g. “Công chức Bộ phận Một cửa”.'),
	positionEn: keepOrClear(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }).describe('Absent: keep; null: clear.'),
	/** First day of the posting. */
	from: required(day, 'officers.error.day').describe('First day, YYYY-MM-DD, e.g. 2025-07-01 (DD/MM/YYYY, 01/07/2025, also read).'),
	/** Last day of the posting (included); absent: not stated, null: still serving there. */
	to: keepOrClear(day, 'officers.error.day').describe('Last day, included. Absent: not stated (an open posting stays open); null: still serving there.')
});

export const officerItemSchema = z
	.strictObject({
		staffNumber: required(staffNumber, 'officers.error.staffNumber'),
		fullName: required(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }),
		titleVi: keepOrClear(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }).describe('Chức danh, e.g. “Chuyên viên”.'),
		titleEn: keepOrClear(text(NAME_MAX), 'dossiers.error.tooLong', { max: NAME_MAX }).describe('Title in English.'),
		active: optional(yesNo, 'officers.error.yesNo').describe('Absent: keep (true for a new officer).'),
		postings: z
			.array(postingItemSchema)
			.superRefine((list, ctx) => {
				if (list.length > MAX_POSTINGS_PER_OFFICER) addProblem(ctx, 'officers.error.tooManyPostings', { max: MAX_POSTINGS_PER_OFFICER });
			})
			.optional()
			.meta({ maxItems: MAX_POSTINGS_PER_OFFICER, description: 'Only the latest may lack `to`; they must not overlap each other.' }),
		/** The user account to link to the officer (an existing one); null unlinks. */
		username: keepOrClear(username, 'username.invalid').describe('An existing account to link (not linked to another officer, every role of it within the token’s scope); null unlinks.')
	})
	.meta({
		description:
			'Keyed by staff number. Absent optional fields keep what is stored; null clears it. Postings are applied by date: a posting in the same unit starting the same day is that posting (its position and end are updated); the same unit and position as the open posting with no end is that posting; a posting starting after the open one began is a transfer (the open posting ends the day before); an earlier posting joins the history if it overlaps nothing; anything overlapping is refused. Postings outside the token’s scope may be listed as stored but not added or changed. Sending the same item twice changes nothing; what GET returns can be sent back unchanged.',
		examples: [
			{
				staffNumber: 'KH-000101',
				fullName: 'Nguyễn Thị Lan',
				titleVi: 'Chuyên viên',
				postings: [{ unitCode: '22366', positionVi: 'Công chức Bộ phận Một cửa', from: '2025-07-01', to: null }],
				username: null
			}
		]
	});

export type PostingItem = z.output<typeof postingItemSchema>;
export type OfficerItem = z.output<typeof officerItemSchema>;

