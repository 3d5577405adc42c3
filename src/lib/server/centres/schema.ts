import { z } from 'zod';
import { CENTRE_KINDS, type CentreKind } from '../db/schema';
import { nullable, optional, required, text, type Parser } from '../dossiers/schema';

/**
 * A service centre with its counters, as the integration API sends it and the admin pages post
 * it: one schema. Absent optional fields leave what is stored (a new centre or counter: not
 * said, active); null clears. Counters not listed are left as they are: one is retired with
 * `active: false`, never by leaving it out.
 */

export const MAX_COUNTERS_PER_CENTRE = 200;
export const CENTRE_CODE = /^[A-Za-z0-9._-]{1,64}$/;
export const COUNTER_CODE = /^[A-Za-z0-9._-]{1,32}$/;

const matching =
	(pattern: RegExp): Parser<string> =>
	(v) =>
		typeof v === 'string' && pattern.test(v.trim()) ? v.trim() : undefined;

const boolean: Parser<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);
const kind: Parser<CentreKind> = (v) => (typeof v === 'string' && (CENTRE_KINDS as readonly string[]).includes(v) ? (v as CentreKind) : undefined);

/** Field codes or names (lĩnh vực); each must exist. */
const fieldList: Parser<string[]> = (v) => {
	if (!Array.isArray(v) || v.length > 100) return undefined;
	const out: string[] = [];
	for (const f of v) {
		if (typeof f !== 'string' || !f.trim() || f.trim().length > 200) return undefined;
		if (!out.includes(f.trim())) out.push(f.trim());
	}
	return out;
};

export const counterItemSchema = z.strictObject({
	code: required(matching(COUNTER_CODE), 'centres.error.counterCode'),
	nameVi: required(text(200), 'dossiers.error.tooLong', { max: 200 }),
	nameEn: nullable(text(200), 'dossiers.error.tooLong', { max: 200 }),
	fields: optional(fieldList, 'centres.error.fields'),
	active: optional(boolean, 'centres.error.boolean')
});

export const centreItemSchema = z.strictObject({
	code: required(matching(CENTRE_CODE), 'centres.error.centreCode'),
	unitCode: required(text(32), 'dossiers.error.tooLong', { max: 32 }),
	nameVi: required(text(300), 'dossiers.error.tooLong', { max: 300 }),
	nameEn: nullable(text(300), 'dossiers.error.tooLong', { max: 300 }),
	address: nullable(text(500), 'dossiers.error.tooLong', { max: 500 }),
	kind: nullable(kind, 'dossiers.error.oneOf', { values: CENTRE_KINDS.join(', ') }),
	active: optional(boolean, 'centres.error.boolean'),
	counters: z.array(counterItemSchema).max(MAX_COUNTERS_PER_CENTRE).optional()
});

export type CounterRecord = z.infer<typeof counterItemSchema>;
export type CentreRecord = z.infer<typeof centreItemSchema>;
