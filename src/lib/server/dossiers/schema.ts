import { z } from 'zod';
import { DOSSIER_CODE, DOSSIER_CODE_PATTERN } from '$lib/dossier-code';
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

/**
 * What a parser takes from a JSON client, as JSON Schema keywords ({ type: 'string', maxLength: 32 }):
 * the OpenAPI document is generated from it (openapi/kit.ts) and contract.test.ts sends each route
 * what it forbids. A parser may read more (an import's spreadsheet text); this is the API's contract.
 */
export type Accepts = { type: string | string[] } & z.core.JSONSchemaMeta;

/** The value, or undefined for "not this kind of value" (the field's hint), or a Refusal; with what it accepts. */
export type Parser<T> = ((value: unknown) => T | Refusal | undefined) & { accepts: Accepts };

export const accepting = <F extends (value: unknown) => unknown>(accepts: Accepts, parse: F): F & { accepts: Accepts } => Object.assign(parse, { accepts });

/** A field's schema with its parser's JSON Schema, null added where the field takes null. */
export function described<S extends z.ZodType>(schema: S, accepts: Accepts, takesNull = false): S {
	const types = [accepts.type].flat();
	if (!takesNull || types.includes('null')) return schema.meta(accepts);
	return schema.meta({ ...accepts, type: [...types, 'null'], ...(Array.isArray(accepts.enum) ? { enum: [...accepts.enum, null] } : {}) });
}

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
	const field = z.unknown().transform((value, ctx): T => {
		if (value === undefined || value === null || value === '') {
			addProblem(ctx, 'dossiers.error.required');
			return z.NEVER;
		}
		return accept(parse(value), ctx, hint, params);
	});
	return described(field, parse.accepts);
}

/** An optional field: null, absent and '' all mean "not known". */
export function optional<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	const field = z.unknown().transform((value, ctx): T | undefined => {
		if (value === undefined || value === null || value === '') return undefined;
		return accept(parse(value), ctx, hint, params);
	});
	return described(field, parse.accepts).optional();
}

/**
 * An optional field that can be cleared: absent or '' → undefined (leave what is stored), null →
 * null (clear, or "not known"). For upserts where a missing field must not erase a fact.
 */
export function nullable<T>(parse: Parser<T>, hint: MessageKey, params?: Record<string, string | number>) {
	const field = z.unknown().transform((value, ctx): T | null | undefined => {
		if (value === undefined || value === '') return undefined;
		if (value === null) return null;
		return accept(parse(value), ctx, hint, params);
	});
	return described(field, parse.accepts, true).optional();
}

export const text = (max: number): Parser<string> =>
	accepting({ type: 'string', maxLength: max }, (v) => (typeof v === 'string' && v.trim().length > 0 && v.trim().length <= max ? v.trim() : undefined));

export const dossierCode: Parser<string> = accepting({ type: 'string', pattern: DOSSIER_CODE_PATTERN }, (v) => (typeof v === 'string' && DOSSIER_CODE.test(v) ? v : undefined));

export const oneOf = <T extends string>(values: readonly T[]): Parser<T> =>
	accepting({ type: 'string', enum: [...values] }, (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined));

const integer = (min: number, max: number): Parser<number> =>
	accepting({ type: 'integer', minimum: min, maximum: max }, (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined));

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
export const acceptedInstant: Parser<Date> = accepting({ type: 'string', format: 'date-time' }, (v) => {
	const date = isoInstant(v);
	return date && !isAcceptedInstant(date) ? dateRangeRefusal() : date;
});

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
export const lateNoticeSchema = z
	.strictObject({
		kind: required(oneOf(LATE_NOTICE_KINDS), 'dossiers.error.oneOf', { values: LATE_NOTICE_KINDS.join(', ') }),
		documentNumber: optional(text(64), 'lateNotices.error.documentNumber').describe('The slip’s number, if it has one.'),
		issuedAt: required(acceptedInstant, 'dossiers.error.isoDate').describe('When the slip or explanation was signed and sent.'),
		newDueAt: optional(acceptedInstant, 'dossiers.error.isoDate').describe('The new appointment: required for an apology and after issuedAt; not allowed for an explanation.')
	})
	.describe(
		'apology: the Phiếu xin lỗi và hẹn lại ngày trả kết quả, to be sent by the working day before the appointment it moves; a dossier may be re-appointed once (a second slip is flagged, not refused). explanation: the văn bản giải trình.'
	);

export type LateNoticeInput = { kind: LateNoticeKind; documentNumber?: string; issuedAt: Date; newDueAt?: Date };

export const dossierItemSchema = z
	.strictObject({
		code: required(dossierCode, 'dossiers.error.codeFormat').describe('The code on the receipt slip; unique within the province.'),
		unitCode: required(unitCode, 'dossiers.error.invalid').describe('The receiving unit: the token’s unit or one below it.'),
		procedureCode: required(procedureCode, 'dossiers.error.invalid').describe('Mã thủ tục hành chính (TTHC).'),
		channel: required(oneOf(DOSSIER_CHANNELS), 'dossiers.error.oneOf', CHANNELS_HINT),
		status: optional(oneOf(DOSSIER_STATUSES), 'dossiers.error.oneOf', STATUSES_HINT).describe('Default: returned when returnedAt is given, ready when completedAt is, received otherwise.'),
		receivedAt: required(acceptedInstant, 'dossiers.error.isoDate').describe('ISO 8601 with a time zone, e.g. 2026-03-02T08:15:00+07:00.'),
		dueAt: optional(acceptedInstant, 'dossiers.error.isoDate').describe(
			'Hẹn trả. When absent: 17:00 Vietnam time of the n-th working day after reception, n being the procedure’s handling days.'
		),
		completedAt: optional(acceptedInstant, 'dossiers.error.isoDate').describe('When the result was ready.'),
		returnedAt: optional(acceptedInstant, 'dossiers.error.isoDate').describe('When the result was handed over; needs completedAt.'),
		receivingOfficer: optional(staffNumber, 'dossiers.error.invalid').describe('Staff number of the receiving officer.'),
		returningOfficer: optional(staffNumber, 'dossiers.error.invalid').describe('Staff number of the officer who returned the result.'),
		extraVisits: optional(integer(0, SMALLINT_MAX), 'dossiers.error.integerRange', { min: 0, max: SMALLINT_MAX }).describe('Times the applicant had to come back (TT 01/2018 indicator 3).'),
		agenciesCount: optional(integer(1, SMALLINT_MAX), 'dossiers.error.integerRange', { min: 1, max: SMALLINT_MAX }).describe('Agencies the applicant dealt with (indicator 4).'),
		lateNotices: z
			.array(lateNoticeSchema)
			.max(MAX_LATE_NOTICES)
			.optional()
			.describe(
				'Apology slips and written explanations issued for this dossier. Added to what is stored (an absent or shorter list removes nothing: staff also record them on the late list). One notice per (dossier, kind, issuedAt): sending it again changes nothing; sending it with another documentNumber or newDueAt corrects it. Errors are keyed like items[0].lateNotices[1].newDueAt.'
			)
	})
	.meta({
		description: 'The whole state of one dossier. Absent optional fields mean "not known" and clear what was stored, so sending the same item twice always leaves the same row.',
		examples: [
			{
				code: '000.00.22.H56-260302-0017',
				unitCode: '22366',
				procedureCode: '1.001193',
				channel: 'counter',
				receivedAt: '2026-03-02T08:15:00+07:00',
				receivingOfficer: 'KH-000101',
				lateNotices: [{ kind: 'apology', documentNumber: '12/PXL', issuedAt: '2026-03-04T09:00:00+07:00', newDueAt: '2026-03-06T17:00:00+07:00' }]
			}
		]
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
	partial: z
		.boolean()
		.optional()
		.meta({ default: false, description: 'false: any problem refuses the whole batch (nothing written). true: valid items are written, the others reported.' })
});

export const serviceEventSchema = z
	.strictObject({
		dossierCode: required(dossierCode, 'dossiers.error.codeFormat'),
		centreCode: required(text(64), 'dossiers.error.invalid').describe('The service centre’s code.'),
		counterCode: required(text(64), 'dossiers.error.invalid').describe('The counter’s code within its centre.'),
		officer: required(staffNumber, 'dossiers.error.invalid').describe('Staff number.'),
		stage: required(oneOf(STAGES), 'dossiers.error.oneOf', STAGES_HINT),
		openedAt: required(acceptedInstant, 'dossiers.error.isoDate').describe('ISO 8601 with a time zone.'),
		closedAt: optional(acceptedInstant, 'dossiers.error.isoDate').describe('ISO 8601 with a time zone; not before openedAt.')
	})
	.meta({
		description:
			'Keyed by (dossierCode, centreCode + counterCode, stage, openedAt). Without closedAt it opens a service (the counter’s devices are prompted); with closedAt it records a finished one, or closes the open one with the same key.',
		examples: [{ dossierCode: '000.00.22.H56-260302-0017', centreCode: 'KH-PNT-MC', counterCode: 'Q01', officer: 'KH-000101', stage: 'receiving', openedAt: '2026-03-02T08:10:00+07:00' }]
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
