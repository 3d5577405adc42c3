import { json, type RequestEvent } from '@sveltejs/kit';
import { and, asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { apiError, pageOf, parseJson } from '../api';
import type { AuthenticatedIntegration } from '../auth/credentials';
import { scopeCondition } from '../scope';
import { db } from '../db';
import { CENTRE_KINDS, serviceCentres, units } from '../db/schema';
import { auditSync, itemField, problemsResponse, readEnvelope, reportAnswer, reportBody } from '../dossiers/api';
import type { ItemProblem } from '../dossiers/errors';
import { CENTRE_COLUMNS, countersOf } from './admin';
import { upsertCentres } from './upsert';

/**
 * /api/v1/centres for the one-stop software: the centres of the token's unit subtree with their
 * counters, read and upserted by code (batches of up to 1000, the admin pages' checks).
 */

const outcome = z.enum(['created', 'updated', 'unchanged']);

/** POST answers: each centre's result with its counters' results. */
export const centreReportAnswer = reportAnswer(
	z.object({
		index: z.int().min(0).describe('The item’s index in the batch (0 for a single item).'),
		code: z.string(),
		id: z.int(),
		result: outcome,
		counters: z.array(z.object({ code: z.string(), id: z.int(), result: outcome })).describe('Its counters’ results, those the item listed.')
	})
);

/** GET answers centres in the shape POST accepts. */
export const centreAnswer = z.object({
	code: z.string(),
	unitCode: z.string(),
	nameVi: z.string(),
	nameEn: z.string().nullable(),
	address: z.string().nullable(),
	kind: z.enum(CENTRE_KINDS).nullable(),
	active: z.boolean(),
	counters: z.array(z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string().nullable(), fields: z.array(z.string()).describe('Field codes the counter serves.'), active: z.boolean() }))
});
export const centrePageAnswer = pageOf(centreAnswer);

export async function handleCentrePush(event: RequestEvent, token: AuthenticatedIntegration): Promise<Response> {
	const body = await parseJson(event, z.unknown());
	if (!body.ok) return body.response;
	const envelope = readEnvelope(body.data, { badBody: 'centres.error.badBody', tooManyItems: 'centres.error.tooManyItems' });
	if (!envelope.ok) return problemsResponse(envelope.problems);
	const { items, partial, batch } = envelope.envelope;
	const report = await upsertCentres(db, items, [token.unitPath], { partial });
	if (!report.written) return problemsResponse(report.problems, (p) => itemField(batch, p as ItemProblem));
	await auditSync(event, token.tokenId, 'centre.sync', report.results);
	return json(reportBody(report, batch) satisfies z.input<typeof centreReportAnswer>);
}

const ListQuery = z.object({
	code: z.string().max(64).optional(),
	limit: z.coerce.number().int().min(1).max(1000).default(1000),
	offset: z.coerce.number().int().min(0).default(0)
});

/** The token's centres in code order with their counters, each in the shape POST accepts. */
export async function listCentresForApi(url: URL, token: AuthenticatedIntegration): Promise<Response> {
	const query = ListQuery.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success) return apiError(400, 'validation', 'Tham số không hợp lệ / Invalid query: code, limit (1–1000), offset');
	const { code, limit, offset } = query.data;
	const inScope = scopeCondition(units.path, [token.unitPath]);
	const where = code ? and(inScope, eq(serviceCentres.code, code)) : inScope;
	const [rows, [{ total }]] = await Promise.all([
		db
			.select(CENTRE_COLUMNS)
			.from(serviceCentres)
			.innerJoin(units, eq(units.id, serviceCentres.unitId))
			.where(where)
			.orderBy(asc(serviceCentres.code))
			.limit(limit)
			.offset(offset),
		db.select({ total: count() }).from(serviceCentres).innerJoin(units, eq(units.id, serviceCentres.unitId)).where(where)
	]);
	const counterRows = await countersOf(db, rows.map((r) => r.id));
	return json({
		total,
		limit,
		offset,
		items: rows.map(({ id, ...c }) => ({
			...c,
			counters: counterRows
				.filter((k) => k.centreId === id)
				.map(({ id: _counter, centreId: _centre, ...k }) => k)
		}))
	} satisfies z.input<typeof centrePageAnswer>);
}
