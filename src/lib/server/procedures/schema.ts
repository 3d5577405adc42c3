import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { nullable, optional, required, text, type Parser } from '../dossiers/schema';
import {
	MAX_HANDLING_DAYS,
	MAX_HANDLING_HOURS,
	PROCEDURE_LEVELS,
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

const stringParser =
	<T>(parse: (s: string) => T | undefined): Parser<T> =>
	(v) =>
		typeof v === 'string' ? parse(v) : undefined;

const procedureCode: Parser<{ code: string; shortCode: string | null }> = stringParser(parseProcedureCode);

const onlineLevel: Parser<OnlineLevel | null> = (v) => {
	if (v === 0 || v === 1 || v === 2) return v;
	return typeof v === 'string' ? parseOnlineLevel(v) : undefined;
};

const yesNoUnknown: Parser<boolean | null> = (v) => {
	if (typeof v === 'boolean') return v;
	return typeof v === 'string' ? parseYesNoUnknown(v) : undefined;
};

const yesNo: Parser<boolean> = (v) => {
	const out = yesNoUnknown(v);
	return out === null ? undefined : out;
};

const integer =
	(min: number, max: number): Parser<number> =>
	(v) => {
		const n = typeof v === 'string' && /^[0-9]+$/.test(v.trim()) ? Number(v) : v;
		return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
	};

/** Unit codes: a JSON array, or one cell with codes separated by commas, semicolons or new lines. */
const unitCodes: Parser<string[]> = (v) => {
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
};

const LEVELS_HINT = { values: PROCEDURE_LEVELS.join(', ') };

export const procedureItemSchema = z
	.strictObject({
		code: required(procedureCode, 'procedures.error.codeFormat'),
		nameVi: required(text(1000), 'dossiers.error.tooLong', { max: 1000 }),
		nameEn: nullable(text(1000), 'dossiers.error.tooLong', { max: 1000 }),
		/** Lĩnh vực: its name (or code); a field not yet known is created from its name. */
		field: required(text(200), 'dossiers.error.tooLong', { max: 200 }),
		levelVi: nullable(stringParser(parseLevel), 'procedures.error.level', LEVELS_HINT),
		handlingTime: optional(stringParser(parseHandlingTime), 'procedures.error.handlingTime'),
		handlingDays: optional(integer(0, MAX_HANDLING_DAYS), 'dossiers.error.integerRange', { min: 0, max: MAX_HANDLING_DAYS }),
		handlingHours: optional(integer(1, MAX_HANDLING_HOURS), 'dossiers.error.integerRange', { min: 1, max: MAX_HANDLING_HOURS }),
		mode: optional(stringParser(parseMode), 'procedures.error.mode'),
		onlineLevel: nullable(onlineLevel, 'procedures.error.onlineLevel'),
		postedAtDesk: nullable(yesNoUnknown, 'procedures.error.yesNoUnknown'),
		publishedOnline: nullable(yesNoUnknown, 'procedures.error.yesNoUnknown'),
		unitCodes: optional(unitCodes, 'procedures.error.unitCodes'),
		active: optional(yesNo, 'procedures.error.yesNo')
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

