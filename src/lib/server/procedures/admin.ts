import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import type { Db } from '../db';
import { fields, procedureUnits, procedures, units } from '../db/schema';
import { PROCEDURE_COLUMNS } from './columns';
import type { FieldProblem } from '../dossiers/errors';
import { handlingTimeText } from './parse';
import { checkProcedures, renameProcedureCode, validateProcedureItems, writeProcedures, type UpsertOutcome } from './upsert';

/** The admin pages' side of procedures: the list with its search, one procedure's form, saving it. */

export const PROCEDURE_PAGE_SIZE = 50;

export type ProcedureListQuery = { q: string; fieldId: number | null; status: 'active' | 'inactive' | 'all'; page: number };

const likePattern = (q: string) => `%${q.replace(/[%_\\]/g, '\\$&')}%`;

export async function listProcedures(q: Db, query: ProcedureListQuery) {
	const conditions: SQL[] = [];
	if (query.q) conditions.push(or(ilike(procedures.code, likePattern(query.q)), ilike(procedures.nameVi, likePattern(query.q)), ilike(procedures.nameEn, likePattern(query.q)))!);
	if (query.fieldId !== null) conditions.push(eq(procedures.fieldId, query.fieldId));
	if (query.status !== 'all') conditions.push(eq(procedures.active, query.status === 'active'));
	const where = conditions.length ? and(...conditions) : undefined;
	const [rows, [{ total }]] = await Promise.all([
		q
			.select({
				...PROCEDURE_COLUMNS,
				fieldVi: fields.nameVi,
				fieldEn: fields.nameEn,
				units: sql<number>`(select count(*) from ${procedureUnits} pu where pu.procedure_id = ${procedures.id})`.mapWith(Number)
			})
			.from(procedures)
			.innerJoin(fields, eq(fields.id, procedures.fieldId))
			.where(where)
			.orderBy(asc(procedures.code))
			.limit(PROCEDURE_PAGE_SIZE)
			.offset((query.page - 1) * PROCEDURE_PAGE_SIZE),
		q.select({ total: count() }).from(procedures).where(where)
	]);
	return {
		total,
		rows: rows.map((r) => ({
			...r,
			timeVi: handlingTimeText({ days: r.handlingDays, hours: r.handlingHours }, 'vi'),
			timeEn: handlingTimeText({ days: r.handlingDays, hours: r.handlingHours }, 'en')
		}))
	};
}

export async function fieldsWithCounts(q: Db) {
	return q
		.select({
			id: fields.id,
			code: fields.code,
			nameVi: fields.nameVi,
			nameEn: fields.nameEn,
			procedures: sql<number>`(select count(*) from ${procedures} p where p.field_id = ${fields.id})`.mapWith(Number)
		})
		.from(fields)
		.orderBy(asc(fields.nameVi));
}

export async function procedureForEdit(q: Db, id: number) {
	const [row] = await q
		.select({
			...PROCEDURE_COLUMNS,
			fieldName: fields.nameVi
		})
		.from(procedures)
		.innerJoin(fields, eq(fields.id, procedures.fieldId))
		.where(eq(procedures.id, id));
	if (!row) return null;
	const links = await q
		.select({ code: units.code })
		.from(procedureUnits)
		.innerJoin(units, eq(units.id, procedureUnits.unitId))
		.where(eq(procedureUnits.procedureId, id));
	return { ...row, unitCodes: links.map((l) => l.code) };
}

/** The form's labels, for naming a field in a problem message. */
export const PROCEDURE_LABELS = {
	code: 'procedures.form.code',
	nameVi: 'procedures.form.nameVi',
	nameEn: 'procedures.form.nameEn',
	field: 'procedures.form.field',
	levelVi: 'procedures.form.levels',
	handlingTime: 'procedures.form.time',
	handlingDays: 'procedures.form.time',
	handlingHours: 'procedures.form.time',
	mode: 'procedures.form.mode',
	onlineLevel: 'procedures.form.online',
	postedAtDesk: 'procedures.form.posted',
	publishedOnline: 'procedures.form.published',
	unitCodes: 'procedures.form.units'
} as const satisfies Record<string, MessageKey>;

const triState = (v: FormDataEntryValue | null) => (v === 'true' ? true : v === 'false' ? false : null);

/**
 * The admin form as an API item: every fact given, "Chưa rõ" as null (unknown), so saving the
 * form sets exactly what it shows. Same schema, same checks as the API and the import.
 */
export function itemFromForm(form: FormData) {
	const str = (name: string) => String(form.get(name) ?? '').trim();
	const amount = str('handlingAmount');
	const levels = form.getAll('levels').map(String);
	return {
		code: str('code'),
		nameVi: str('nameVi'),
		nameEn: str('nameEn') || null,
		field: str('field'),
		levelVi: levels.length ? levels.join(', ') : null,
		...(str('handlingUnit') === 'hours' ? { handlingHours: amount } : { handlingDays: amount }),
		mode: str('mode'),
		onlineLevel: str('onlineLevel') === '' ? null : Number(str('onlineLevel')),
		postedAtDesk: triState(form.get('postedAtDesk')),
		publishedOnline: triState(form.get('publishedOnline')),
		unitCodes: form.getAll('unitCodes').map(String)
	};
}

export type SaveResult = { ok: true; id: number; code: string; result: UpsertOutcome } | { ok: false; problems: FieldProblem[] };

/** Creates (no `id`) or updates a procedure from the admin form; a new code on an update renames it if free. */
export async function saveProcedure(db: Db, item: unknown, id?: number): Promise<SaveResult> {
	const { entries, problems } = validateProcedureItems([item]);
	if (problems.length > 0) return { ok: false, problems };
	return db.transaction(async (tx) => {
		const checked = await checkProcedures(tx, entries, null);
		if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
		const [row] = checked.rows;
		if (id !== undefined) {
			const [current] = await tx.select({ code: procedures.code }).from(procedures).where(eq(procedures.id, id));
			if (!current) return { ok: false, problems: [{ field: 'code', key: 'procedures.error.notFound' }] };
			if (current.code !== row.record.code && !(await renameProcedureCode(tx, id, row.record.code, row.record.shortCode))) {
				return { ok: false, problems: [{ field: 'code', key: 'procedures.error.codeTaken', params: { value: row.record.code } }] };
			}
		} else {
			const [taken] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, row.record.code));
			if (taken) return { ok: false, problems: [{ field: 'code', key: 'procedures.error.codeTaken', params: { value: row.record.code } }] };
		}
		const [result] = await writeProcedures(tx, checked.rows);
		return { ok: true, id: result.id, code: result.code, result: result.result };
	});
}

export async function setProcedureActive(db: Db, id: number, active: boolean): Promise<boolean> {
	const rows = await db.update(procedures).set({ active }).where(eq(procedures.id, id)).returning({ id: procedures.id });
	return rows.length > 0;
}

/**
 * A form's problems for the page: one message naming each field by its label, and the fields to
 * mark (aria-invalid). `labels` maps a problem's field (its first segment) to the form's label.
 */
export function formFailure(locale: Locale, summary: MessageKey, problems: readonly FieldProblem[], labels: Record<string, MessageKey>) {
	const fields: Record<string, string> = {};
	for (const p of problems) {
		const field = p.field.split(/[.[]/)[0];
		fields[field] ??= translate(locale, p.key, p.params);
	}
	const listed = Object.entries(fields).map(([field, message]) => (labels[field] ? `${translate(locale, labels[field])}: ${message}` : message));
	return { message: translate(locale, summary, { problems: listed.join(' ') }), invalid: Object.keys(fields) };
}
