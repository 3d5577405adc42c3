import { json, type RequestEvent } from '@sveltejs/kit';
import { asc, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { apiError, pageOf, parseJson } from '../api';
import type { AuthenticatedIntegration } from '../auth/credentials';
import { pathInScope } from '../scope';
import { db } from '../db';
import { fields, procedureUnits, procedures, units } from '../db/schema';
import { PROCEDURE_COLUMNS } from './columns';
import { auditSync, dossierReportAnswer, itemField, problemsResponse, readEnvelope, reportBody } from '../dossiers/api';
import { bilingual, type ItemProblem } from '../dossiers/errors';
import { upsertProcedures } from './upsert';

/**
 * /api/v1/procedures for the one-stop software: read the catalogue, upsert procedures by code
 * (batches of up to 1000, the import's checks). The catalogue is the province's: any token reads
 * it (units handling a procedure: those in the token's scope), only a token of the province
 * itself (a root unit) writes it.
 */

const isProvinceToken = (token: AuthenticatedIntegration) => token.unitPath.split('/').length === 3;

export async function handleProcedurePush(event: RequestEvent, token: AuthenticatedIntegration): Promise<Response> {
	if (!isProvinceToken(token)) {
		const message = bilingual({ key: 'procedures.error.provinceOnly' });
		return apiError(403, 'forbidden', message);
	}
	const body = await parseJson(event, z.unknown());
	if (!body.ok) return body.response;
	const envelope = readEnvelope(body.data, { badBody: 'procedures.error.badBody', tooManyItems: 'procedures.error.tooManyItems' });
	if (!envelope.ok) return problemsResponse(envelope.problems);
	const { items, partial, batch } = envelope.envelope;
	const report = await upsertProcedures(db, items, [token.unitPath], { partial });
	if (!report.written) return problemsResponse(report.problems, (p) => itemField(batch, p as ItemProblem));
	await auditSync(event, token.tokenId, 'procedure.sync', report.results);
	return json(reportBody(report, batch) satisfies z.input<typeof dossierReportAnswer>);
}

/** GET answers procedures in the shape POST accepts, with shortCode and fieldCode. */
export const procedureAnswer = z.object({
	code: z.string(),
	shortCode: z.string().nullable().describe('The short code of a full code.'),
	nameVi: z.string(),
	nameEn: z.string().nullable(),
	field: z.string().describe('The field’s Vietnamese name.'),
	fieldCode: z.string(),
	levelVi: z.string().nullable(),
	handlingDays: z.int(),
	handlingHours: z.int().nullable(),
	mode: z.enum(['one_stop', 'inter_linked']),
	onlineLevel: z.int().nullable(),
	postedAtDesk: z.boolean().nullable(),
	publishedOnline: z.boolean().nullable(),
	unitCodes: z.array(z.string()).describe('Units handling it, those in the token’s scope.'),
	active: z.boolean()
});
export const procedurePageAnswer = pageOf(procedureAnswer);

const ListQuery = z.object({
	code: z.string().max(64).optional(),
	limit: z.coerce.number().int().min(1).max(1000).default(1000),
	offset: z.coerce.number().int().min(0).default(0)
});

/** The catalogue in code order, a page at a time; each item in the shape POST accepts (plus shortCode and fieldCode). */
export async function listProceduresForApi(url: URL, token: AuthenticatedIntegration): Promise<Response> {
	const query = ListQuery.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success) return apiError(400, 'validation', 'Tham số không hợp lệ / Invalid query: code, limit (1–1000), offset');
	const { code, limit, offset } = query.data;
	const where = code ? eq(procedures.code, code) : undefined;
	const [rows, [{ total }]] = await Promise.all([
		db
			.select({
				...PROCEDURE_COLUMNS,
				field: fields.nameVi,
				fieldCode: fields.code
			})
			.from(procedures)
			.innerJoin(fields, eq(fields.id, procedures.fieldId))
			.where(where)
			.orderBy(asc(procedures.code))
			.limit(limit)
			.offset(offset),
		db.select({ total: count() }).from(procedures).where(where)
	]);
	const links = rows.length
		? await db
				.select({ procedureId: procedureUnits.procedureId, code: units.code, path: units.path })
				.from(procedureUnits)
				.innerJoin(units, eq(units.id, procedureUnits.unitId))
				.where(inArray(procedureUnits.procedureId, rows.map((r) => r.id)))
				.orderBy(asc(units.code))
		: [];
	const unitCodes = new Map<number, string[]>();
	for (const l of links) if (pathInScope(l.path, [token.unitPath])) (unitCodes.get(l.procedureId) ?? unitCodes.set(l.procedureId, []).get(l.procedureId)!).push(l.code);
	return json({
		total,
		limit,
		offset,
		items: rows.map(({ id, ...r }) => ({ ...r, unitCodes: unitCodes.get(id) ?? [] }))
	} satisfies z.input<typeof procedurePageAnswer>);
}
