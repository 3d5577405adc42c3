import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { accepting, nullable, optional, required, text, type Accepts, type Parser } from '../dossiers/schema';
import {
	MAX_HANDLING_DAYS,
	MAX_HANDLING_HOURS,
	PROCEDURE_CODE_PATTERN,
	PROCEDURE_LEVELS,
	WORKING_HOURS_PER_DAY,
	fromHours,
	parseHandlingTime,
	parseLevel,
	parseMode,
	parseOnlineLevel,
	parseProcedureCode,
	parseYesNoUnknown,
	type HandlingTime,
	type OnlineLevel
} from './parse';

/**
 * One procedure as the integration API sends it and as the import reads a row of the national
 * database's export (after naming its columns): one schema, so both refuse the same things.
 * Values may be JSON (numbers, booleans, null) or the text a spreadsheet holds ("05 ngày làm
 * việc", "Có", "Chưa rõ", "Toàn trình").
 *
 * Absent is not the same as null. An absent optional field leaves what is stored (a new
 * procedure: not known), so a re-import of the national list keeps the facts the province set
 * by hand (posted at the desk…); null, or "Chưa rõ", sets "not known".
 */

const MAX_UNITS_PER_PROCEDURE = 1000;

const stringParser = <T>(parse: (s: string) => T | undefined, accepts: Accepts = { type: 'string' }): Parser<T> =>
	accepting(accepts, (v) => (typeof v === 'string' ? parse(v) : undefined));

const procedureCode = stringParser(parseProcedureCode, { type: 'string', pattern: PROCEDURE_CODE_PATTERN });

const onlineLevel: Parser<OnlineLevel | null> = accepting({ type: ['integer', 'string'] }, (v) => {
	if (v === 0 || v === 1 || v === 2) return v;
	return typeof v === 'string' ? parseOnlineLevel(v) : undefined;
});

const readYesNoUnknown = (v: unknown) => {
	if (typeof v === 'boolean') return v;
	return typeof v === 'string' ? parseYesNoUnknown(v) : undefined;
};

const yesNoUnknown: Parser<boolean | null> = accepting({ type: ['boolean', 'string'] }, readYesNoUnknown);

const yesNo: Parser<boolean> = accepting({ type: 'boolean' }, (v) => {
	const out = readYesNoUnknown(v);
	return out === null ? undefined : out;
});

const integer = (min: number, max: number): Parser<number> =>
	accepting({ type: ['integer', 'string'], minimum: min, maximum: max }, (v) => {
		const n = typeof v === 'string' && /^[0-9]+$/.test(v.trim()) ? Number(v) : v;
		return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
	});

/** Unit codes: a JSON array, or one cell with codes separated by commas, semicolons or new lines. */
const unitCodes: Parser<string[]> = accepting({ type: ['array', 'string'], items: { type: 'string', maxLength: 32 } }, (v) => {
	const list = typeof v === 'string' ? v.split(/[,;\n]/) : Array.isArray(v) ? v : null;
	if (!list || list.length > MAX_UNITS_PER_PROCEDURE) return undefined;
	const codes: string[] = [];
	for (const c of list) {
		if (typeof c !== 'string') return undefined;
		const code = c.trim();
		if (code.length > 32) return undefined;
		if (code && !codes.includes(code)) codes.push(code);
	}
	return codes;
});

const yesNoUnknownText = (description: string) =>
	`${description} true / false, or the text "Có" / "Không"; null or "Chưa rõ" = not known. Absent: leave as stored (new: not known).`;

const LEVELS_HINT = { values: PROCEDURE_LEVELS.join(', ') };

export const procedureItemSchema = z
	.strictObject({
		code: required(procedureCode, 'procedures.error.codeFormat').describe('Mã TTHC, short (1.004227) or full (1.003560.000.00.00.H56); kept as given.'),
		nameVi: required(text(1000), 'dossiers.error.tooLong', { max: 1000 }),
		nameEn: nullable(text(1000), 'dossiers.error.tooLong', { max: 1000 }),
		field: required(text(200), 'dossiers.error.tooLong', { max: 200 }).describe('Lĩnh vực: its name (or code). A field not yet known is created from its name.'),
		levelVi: nullable(stringParser(parseLevel), 'procedures.error.level', LEVELS_HINT).describe(`Cấp thực hiện: one or more of ${PROCEDURE_LEVELS.join(', ')} (comma-separated).`),
		handlingTime: optional(stringParser(parseHandlingTime), 'procedures.error.handlingTime').describe(
			'As the national database writes it: "05 ngày làm việc", "04 giờ làm việc", "0,5 ngày làm việc", "Trong ngày".'
		),
		handlingDays: optional(integer(0, MAX_HANDLING_DAYS), 'dossiers.error.integerRange', { min: 0, max: MAX_HANDLING_DAYS }).describe('Working days (0 = the same day).'),
		handlingHours: optional(integer(1, MAX_HANDLING_HOURS), 'dossiers.error.integerRange', { min: 1, max: MAX_HANDLING_HOURS }).describe('Working hours, when the law sets the time in hours.'),
		mode: optional(stringParser(parseMode), 'procedures.error.mode').describe('one_stop (default for a new procedure) or inter_linked; or "Một cửa" / "Một cửa liên thông".'),
		onlineLevel: nullable(onlineLevel, 'procedures.error.onlineLevel').describe(
			'2 = fully online (toàn trình), 1 = partly (một phần), 0 = not online; or that text, or "Mức độ 3/4". null or "Chưa rõ" = not known.'
		),
		postedAtDesk: nullable(yesNoUnknown, 'procedures.error.yesNoUnknown').describe(yesNoUnknownText('Posted at the One-Stop Desk (TT 01/2018 indicator 6).')),
		publishedOnline: nullable(yesNoUnknown, 'procedures.error.yesNoUnknown').describe(yesNoUnknownText('Published on the public service portal (indicator 6).')),
		unitCodes: optional(unitCodes, 'procedures.error.unitCodes').describe('Codes of the units handling it, replacing those stored; absent = leave them. Each in the token’s scope.'),
		active: optional(yesNo, 'procedures.error.yesNo').describe('false withdraws it (never deleted). Absent: as stored (new: true).')
	})
	.meta({
		description: `One procedure, keyed by code. Give the handling time one way: handlingTime (text), handlingDays, or handlingHours (days are then the hours ÷ ${WORKING_HOURS_PER_DAY}, rounded up; handlingDays may accompany handlingHours when it is exactly that). An absent optional field leaves what is stored (for a new procedure: not known); null clears it. So the national list and the province's own facts (posted at the desk…) can come from different systems without erasing each other.`,
		examples: [{ code: '1.001193', nameVi: 'Đăng ký khai sinh', field: 'Hộ tịch', levelVi: 'Cấp Xã', handlingDays: 1, onlineLevel: 2, postedAtDesk: true, unitCodes: ['22366'] }]
	})
	.superRefine((item, ctx) => {
		const given = [item.handlingTime, item.handlingDays, item.handlingHours].filter((x) => x !== undefined).length;
		// days beside hours is what the API reads back: accepted when the days are the hours rounded up
		const readBack = given === 2 && item.handlingTime === undefined && item.handlingDays === fromHours(item.handlingHours!).days;
		if (given !== 1 && !readBack) {
			const hint: MessageKey = given === 0 ? 'procedures.error.handlingTimeRequired' : 'procedures.error.handlingTimeTwice';
			ctx.addIssue({ code: 'custom', path: ['handlingTime'], message: hint, params: { hint } });
		}
	})
	.transform((item): ProcedureRecord => {
		const { handlingTime, handlingDays, handlingHours, code, ...rest } = item;
		const handling: HandlingTime =
			handlingTime ?? (handlingHours !== undefined ? fromHours(handlingHours) : { days: handlingDays!, hours: null });
		return { ...rest, code: code.code, shortCode: code.shortCode, handling };
	});

/** A procedure after validation; an absent optional field (undefined) leaves what is stored. */
export type ProcedureRecord = {
	code: string;
	shortCode: string | null;
	nameVi: string;
	nameEn?: string | null;
	field: string;
	levelVi?: string | null;
	handling: HandlingTime;
	mode?: 'one_stop' | 'inter_linked';
	onlineLevel?: OnlineLevel | null;
	postedAtDesk?: boolean | null;
	publishedOnline?: boolean | null;
	unitCodes?: string[];
	active?: boolean;
};

