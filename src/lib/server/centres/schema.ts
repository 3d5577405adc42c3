import { z } from 'zod';
import { CENTRE_KINDS, type CentreKind } from '../db/schema';
import { accepting, nullable, optional, required, text, type Parser } from '../dossiers/schema';

/**
 * A service centre with its counters, as the integration API sends it and the admin pages post
 * it: one schema. Absent optional fields leave what is stored (a new centre or counter: not
 * said, active); null clears. Counters not listed are left as they are: one is retired with
 * `active: false`, never by leaving it out.
 */

export const MAX_COUNTERS_PER_CENTRE = 200;
export const CENTRE_CODE = /^[A-Za-z0-9._-]{1,64}$/;
export const COUNTER_CODE = /^[A-Za-z0-9._-]{1,32}$/;

const matching = (pattern: RegExp): Parser<string> =>
	accepting({ type: 'string', pattern: pattern.source }, (v) => (typeof v === 'string' && pattern.test(v.trim()) ? v.trim() : undefined));

const boolean: Parser<boolean> = accepting({ type: 'boolean' }, (v) => (typeof v === 'boolean' ? v : undefined));
const kind: Parser<CentreKind> = accepting({ type: 'string', enum: [...CENTRE_KINDS] }, (v) =>
	typeof v === 'string' && (CENTRE_KINDS as readonly string[]).includes(v) ? (v as CentreKind) : undefined
);

/** Field codes or names (lĩnh vực); each must exist. */
const fieldList: Parser<string[]> = accepting({ type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } }, (v) => {
	if (!Array.isArray(v) || v.length > 100) return undefined;
	const out: string[] = [];
	for (const f of v) {
		if (typeof f !== 'string' || !f.trim() || f.trim().length > 200) return undefined;
		if (!out.includes(f.trim())) out.push(f.trim());
	}
	return out;
});

export const counterItemSchema = z.strictObject({
	code: required(matching(COUNTER_CODE), 'centres.error.counterCode').describe('The counter’s number within its centre (Q01…).'),
	nameVi: required(text(200), 'dossiers.error.tooLong', { max: 200 }),
	nameEn: nullable(text(200), 'dossiers.error.tooLong', { max: 200 }),
	fields: optional(fieldList, 'centres.error.fields').describe('Codes (or names) of the fields it serves, each existing; replaces those stored. Absent: leave them. Empty: every procedure.'),
	active: optional(boolean, 'centres.error.boolean').describe('false retires it: not offered at "My counter", its shift ends, its devices are unpaired; its ratings stay. Absent: as stored (new: true).')
});

export const centreItemSchema = z
	.strictObject({
		code: required(matching(CENTRE_CODE), 'centres.error.centreCode'),
		unitCode: required(text(32), 'dossiers.error.tooLong', { max: 32 }).describe('The unit it belongs to: the token’s unit or one below it.'),
		nameVi: required(text(300), 'dossiers.error.tooLong', { max: 300 }),
		nameEn: nullable(text(300), 'dossiers.error.tooLong', { max: 300 }),
		address: nullable(text(500), 'dossiers.error.tooLong', { max: 500 }),
		kind: nullable(kind, 'dossiers.error.oneOf', { values: CENTRE_KINDS.join(', ') }),
		active: optional(boolean, 'centres.error.boolean').describe('false takes the centre and all its counters out of service.'),
		counters: z.array(counterItemSchema).max(MAX_COUNTERS_PER_CENTRE).optional()
	})
	.meta({
		description:
			'A service centre, keyed by its code (unique in the province), with the counters to create or update. An absent optional field leaves what is stored; null clears it. Counters not listed are left as they are: nothing is deleted.',
		examples: [{ code: 'KH-PNT-MC', unitCode: '22366', nameVi: 'Trung tâm Phục vụ hành chính công phường Nha Trang', kind: 'commune_centre', counters: [{ code: 'Q01', nameVi: 'Quầy 01', fields: ['HT'] }] }]
	});

export type CounterRecord = z.infer<typeof counterItemSchema>;
export type CentreRecord = z.infer<typeof centreItemSchema>;
