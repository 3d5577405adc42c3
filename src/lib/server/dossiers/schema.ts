import { z } from 'zod';
import { DOSSIER_CODE } from '$lib/dossier-code';
import type { MessageKey } from '$lib/i18n';
import { acceptedRangeParams, isAcceptedInstant } from '../calendar/accepted';
import { DOSSIER_CHANNELS, DOSSIER_STATUSES, LATE_NOTICE_KINDS, STAGES, type LateNoticeKind, type DossierChannel, type DossierStatus, type Stage } from '../db/schema';

/**
 * What the one-stop software (and the CSV import, after its own column mapping) sends. Every
 * field is checked by a small parser so each problem names its field and says what is expected.
 */

export { DOSSIER_CODE };
export const MAX_BATCH = 1000;
const SMALLINT_MAX = 32767;

/** A value a parser read but does not accept, with its own message (a date out of range). */
class Refusal {
	constructor(
		readonly hint: MessageKey,
		readonly params: Record<string, string | number>
	) {}
}

/** The value, or undefined for "not this kind of value" (the field's hint), or a Refusal. */
export type Parser<T> = (value: unknown) => T | Refusal | undefined;

export function addProblem(ctx: z.RefinementCtx, hint: MessageKey, params: Record<string, string | number> = {}) {
	ctx.addIssue({ code: 'custom', message: hint, params: { hint, ...params } });
}

/** A parser's answer as the field's value, or its problem. */
function accept<T>(out: T | Refusal | undefined, ctx: z.RefinementCtx, hint: MessageKey, params?: Record<string, string | number>): T {
	if (out === undefined) addProblem(ctx, hint, params);
	else if (out instanceof Refusal) addProblem(ctx, out.hint, out.params);
	else return out;
	return z.NEVER;
}

/** A required field: null/absent is "required", anything `parse` rejects gets `hint`. */
export function required<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	return z.unknown().transform((value, ctx): T => {
		if (value === undefined || value === null || value === '') {
			addProblem(ctx, 'dossiers.error.required');
			return z.NEVER;
		}
		return accept(parse(value), ctx, hint, params);
	});
}

/** An optional field: null, absent and '' all mean "not known". */
export function optional<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	return z
		.unknown()
		.transform((value, ctx): T | undefined => {
			if (value === undefined || value === null || value === '') return undefined;
			return accept(parse(value), ctx, hint, params);
		})
		.optional();
}

/**
 * An optional field that can be cleared: absent or '' → undefined (leave what is stored), null →
 * null (clear, or "not known"). For upserts where a missing field must not erase a fact.
 */
export function nullable<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	return z
		.unknown()
		.transform((value, ctx): T | null | undefined => {
			if (value === undefined || value === '') return undefined;
			if (value === null) return null;
			return accept(parse(value), ctx, hint, params);
		})
		.optional();
}

export const text =
	(max: number): Parser<string> =>
	(v) =>
		typeof v === 'string' && v.trim().length > 0 && v.trim().length <= max ? v.trim() : undefined;

export const dossierCode: Parser<string> = (v) => (typeof v === 'string' && DOSSIER_CODE.test(v) ? v : undefined);

export const oneOf =
	<T extends string>(values: readonly T[]): Parser<T> =>
	(v) =>
		typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;

const integer =
	(min: number, max: number): Parser<number> =>
	(v) =>
		typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;

/**
 * The instant of a wall-clock time at a UTC offset (minutes), or undefined when the parts are
 * not a real date (30 February, 24:61…).
 */
export function instantFromParts(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	second: number,
	millis: number,
	offsetMinutes: number
): Date | undefined {
	if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, years 0–99 stay themselves
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
	date.setUTCHours(hour, minute, second, millis);
	return new Date(date.getTime() - offsetMinutes * 60_000);
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/** ISO 8601 with a time zone: a time without one would be ambiguous between servers. */
export function isoInstant(v: unknown): Date | undefined {
	const m = typeof v === 'string' ? ISO_INSTANT.exec(v) : null;
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s = '0', frac = '0', zone, sign, oh, om] = m;
	if (Number(oh) > 23 || Number(om) > 59) return undefined;
	const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
	const millis = Math.floor(Number(`0.${frac}`) * 1000);
	return instantFromParts(+y, +mo, +d, +h, +mi, +s, millis, offset);
}

/** The message for a real date outside the accepted range (calendar/accepted.ts). */
const dateRangeRefusal = () => new Refusal('input.dateRange', acceptedRangeParams());

/** An ISO 8601 instant within the accepted dates. */
export const acceptedInstant: Parser<Date> = (v) => {
	const date = isoInstant(v);
	return date && !isAcceptedInstant(date) ? dateRangeRefusal() : date;
};

const staffNumber = text(32);
const unitCode = text(32);
const procedureCode = text(64);

const CHANNELS_HINT = { values: DOSSIER_CHANNELS.join(', ') };
const STATUSES_HINT = { values: DOSSIER_STATUSES.join(', ') };
const STAGES_HINT = { values: STAGES.join(', ') };

/** Slips a dossier item may carry (more would be a mistake: one may re-appoint once). */
export const MAX_LATE_NOTICES = 20;

/**
 * A Phiếu xin lỗi và hẹn lại ngày trả kết quả (`apology`, with its new appointment) or a văn bản
 * giải trình (`explanation`). The rules between fields (late-notices.ts) are checked after this.
 */
export const lateNoticeSchema = z.strictObject({
	kind: required(oneOf(LATE_NOTICE_KINDS), 'dossiers.error.oneOf', { values: LATE_NOTICE_KINDS.join(', ') }),
	documentNumber: optional(text(64), 'lateNotices.error.documentNumber'),
	issuedAt: required(acceptedInstant, 'dossiers.error.isoDate'),
	newDueAt: optional(acceptedInstant, 'dossiers.error.isoDate')
});

export type LateNoticeInput = { kind: LateNoticeKind; documentNumber?: string; issuedAt: Date; newDueAt?: Date };

export const dossierItemSchema = z.strictObject({
	code: required(dossierCode, 'dossiers.error.codeFormat'),
	unitCode: required(unitCode, 'dossiers.error.invalid'),
	procedureCode: required(procedureCode, 'dossiers.error.invalid'),
	channel: required(oneOf(DOSSIER_CHANNELS), 'dossiers.error.oneOf', CHANNELS_HINT),
	status: optional(oneOf(DOSSIER_STATUSES), 'dossiers.error.oneOf', STATUSES_HINT),
	receivedAt: required(acceptedInstant, 'dossiers.error.isoDate'),
	dueAt: optional(acceptedInstant, 'dossiers.error.isoDate'),
	completedAt: optional(acceptedInstant, 'dossiers.error.isoDate'),
	returnedAt: optional(acceptedInstant, 'dossiers.error.isoDate'),
	receivingOfficer: optional(staffNumber, 'dossiers.error.invalid'),
	returningOfficer: optional(staffNumber, 'dossiers.error.invalid'),
	extraVisits: optional(integer(0, SMALLINT_MAX), 'dossiers.error.integerRange', { min: 0, max: SMALLINT_MAX }),
	agenciesCount: optional(integer(1, SMALLINT_MAX), 'dossiers.error.integerRange', { min: 1, max: SMALLINT_MAX }),
	lateNotices: z.array(lateNoticeSchema).max(MAX_LATE_NOTICES).optional()
});

/**
 * One dossier as the upsert understands it: the item is the dossier's whole state, so an
 * absent optional field means "not known" and clears what was stored (a repeat gives the
 * same row).
 */
export type DossierRecord = {
	code: string;
	unitCode: string;
	procedureCode: string;
	channel: DossierChannel;
	status?: DossierStatus;
	receivedAt: Date;
	dueAt?: Date;
	completedAt?: Date;
	returnedAt?: Date;
	receivingOfficer?: string;
	returningOfficer?: string;
	extraVisits?: number;
	agenciesCount?: number;
	/** Added to what is stored (never cleared by an absent field): staff record slips on the late list too. */
	lateNotices?: LateNoticeInput[];
};

export const dossierBatchSchema = z.strictObject({
	// The length limit is checked by the caller, so the message can say what the limit is.
	items: z.array(z.unknown()).min(1),
	partial: z.boolean().optional()
});

export const serviceEventSchema = z.strictObject({
	dossierCode: required(dossierCode, 'dossiers.error.codeFormat'),
	centreCode: required(text(64), 'dossiers.error.invalid'),
	counterCode: required(text(64), 'dossiers.error.invalid'),
	officer: required(staffNumber, 'dossiers.error.invalid'),
	stage: required(oneOf(STAGES), 'dossiers.error.oneOf', STAGES_HINT),
	openedAt: required(acceptedInstant, 'dossiers.error.isoDate'),
	closedAt: optional(acceptedInstant, 'dossiers.error.isoDate')
});

export type ServiceEventPush = {
	dossierCode: string;
	centreCode: string;
	counterCode: string;
	officer: string;
	stage: Stage;
	openedAt: Date;
	closedAt?: Date;
};
