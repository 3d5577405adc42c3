import { json, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { apiError, isoInstant, parseJson } from '../api';
import { audit, type AuditAction } from '../audit';
import { clientIp } from '../http';
import { db } from '../db';
import { DOSSIER_CHANNELS, DOSSIER_STATUSES, dossiers, officers, procedures, units } from '../db/schema';
import { bilingual, zodProblems, type FieldProblem, type ItemProblem } from './errors';
import { DOSSIER_CODE, MAX_BATCH, dossierBatchSchema, serviceEventSchema, type ServiceEventPush } from './schema';
import { ConcurrentChangeError, provinceOf, upsertDossiers, type Scope, type UpsertReport } from './upsert';
import { pushServiceEvent, serviceEventAnswer } from './service-events';

/**
 * The HTTP side of the dossier API: body shapes, status codes and the one error shape of
 * `$lib/server/api` ({ error, message, fields }), with `fields` keyed `items[3].dueAt`.
 */

type Envelope = { items: unknown[]; partial: boolean; batch: boolean };

type EnvelopeMessages = { badBody: MessageKey; tooManyItems: MessageKey };
const DOSSIER_ENVELOPE: EnvelopeMessages = { badBody: 'dossiers.error.badBody', tooManyItems: 'dossiers.error.tooManyItems' };

/** A body is one item (a dossier, a procedure…), or { items, partial } with at most MAX_BATCH items. */
export function readEnvelope(body: unknown, messages: EnvelopeMessages = DOSSIER_ENVELOPE): { ok: true; envelope: Envelope } | { ok: false; problems: FieldProblem[] } {
	const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
	if (!isObject) return { ok: false, problems: [{ field: '(body)', key: messages.badBody }] };
	if (!('items' in body)) return { ok: true, envelope: { items: [body], partial: false, batch: false } };
	const parsed = dossierBatchSchema.safeParse(body);
	if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
	if (parsed.data.items.length > MAX_BATCH) {
		return { ok: false, problems: [{ field: 'items', key: messages.tooManyItems, params: { max: MAX_BATCH } }] };
	}
	return { ok: true, envelope: { items: parsed.data.items, partial: parsed.data.partial ?? false, batch: true } };
}

/** A batch item's field as the API names it: `items[3].code`, `items[3].postings[0]` (a field that is itself an index follows directly). */
export const itemField = (batch: boolean, p: ItemProblem) =>
	batch ? `items[${p.index}]${p.field ? (p.field.startsWith('[') ? p.field : `.${p.field}`) : ''}` : p.field;

export function problemsResponse(problems: readonly FieldProblem[], name: (p: FieldProblem) => string = (p) => p.field): Response {
	const fields: Record<string, string> = {};
	for (const p of problems) fields[name(p)] ??= bilingual(p);
	const refused = problems.length > 0 && problems.every((p) => p.forbidden);
	return apiError(
		refused ? 403 : 400,
		refused ? 'forbidden' : 'validation',
		`${refused ? 'Ngoài phạm vi được phép / Outside your scope' : 'Dữ liệu không hợp lệ / Invalid fields'}: ${Object.keys(fields).join(', ')}`,
		fields
	);
}

const counted = (what: string) => z.int().min(0).describe(what);

/** One item written, keyed by its code (dossiers, procedures, units). */
export const itemResultAnswer = z.object({
	index: z.int().min(0).describe('The item’s index in the batch (0 for a single item).'),
	code: z.string(),
	id: z.int(),
	result: z.enum(['created', 'updated', 'unchanged'])
});

/**
 * The schema of reportBody's answer for an item result: the results, the problems of the items a
 * partial batch skipped, and the counts, `more` before `refused`.
 */
export function reportAnswer<R extends z.ZodType, M extends string = never>(result: R, more: readonly M[] = []) {
	return z.object({
		results: z.array(result).describe('One per item written.'),
		errors: z
			.array(z.object({ index: z.int().min(0), field: z.string().describe('Keyed like items[3].code.'), message: z.string().describe('Vietnamese / English.') }))
			.describe('Items skipped in a partial batch: one per problem.'),
		created: counted('Items created.'),
		updated: counted('Items updated.'),
		unchanged: counted('Items already as sent.'),
		...(Object.fromEntries(more.map((r) => [r, counted(`Items ${r}.`)])) as Record<M, z.ZodInt>),
		refused: counted('Items skipped in a partial batch.')
	});
}

/** POST /api/v1/dossiers answers (procedures and units answer the same). */
export const dossierReportAnswer = reportAnswer(itemResultAnswer);

/**
 * The one answer of every upsert endpoint (dossiers, centres, procedures, officers, units, the
 * national sync): each item's result, each refused item's problems keyed like `items[3].code`,
 * and the counts; `more` names the further results an endpoint counts (the national sync's
 * "skipped"). Each endpoint's answer is checked against its reportAnswer with `satisfies`.
 */
export function reportBody<R extends { result: string }, M extends R['result'] = never>(
	report: { results: readonly R[]; problems: readonly ItemProblem[] },
	batch: boolean,
	more: readonly M[] = []
) {
	const count = (r: string) => report.results.filter((x) => x.result === r).length;
	return {
		results: [...report.results],
		errors: report.problems.map((p) => ({ index: p.index, field: itemField(batch, p), message: bilingual(p) })),
		created: count('created'),
		updated: count('updated'),
		unchanged: count('unchanged'),
		...(Object.fromEntries(more.map((r) => [r, count(r)])) as Record<M, number>),
		refused: new Set(report.problems.map((p) => p.index)).size
	};
}

export async function handleDossierPush(event: RequestEvent, scope: Scope): Promise<Response> {
	const body = await parseJson(event, z.unknown());
	if (!body.ok) return body.response;
	const envelope = readEnvelope(body.data);
	if (!envelope.ok) return problemsResponse(envelope.problems);
	const { items, partial, batch } = envelope.envelope;
	let report: UpsertReport;
	try {
		report = await upsertDossiers(items, scope, { partial });
	} catch (e) {
		if (e instanceof ConcurrentChangeError) return apiError(409, 'conflict', `Dữ liệu vừa thay đổi, hãy gửi lại / Changed concurrently, retry: ${e.message}`);
		throw e;
	}
	if (!report.written) return problemsResponse(report.problems, (p) => itemField(batch, p as ItemProblem));
	return json(reportBody(report, batch) satisfies z.input<typeof dossierReportAnswer>);
}

export async function handleServiceEventPush(event: RequestEvent, scope: Scope): Promise<Response> {
	const body = await parseJson(event, z.unknown());
	if (!body.ok) return body.response;
	const parsed = serviceEventSchema.safeParse(body.data);
	if (!parsed.success) return problemsResponse(zodProblems(parsed.error));
	const reply = await pushServiceEvent(parsed.data as ServiceEventPush, scope);
	if (!reply.ok) {
		if (reply.status === 409) {
			const fields = Object.fromEntries(reply.problems.map((p) => [p.field, bilingual(p)]));
			return apiError(409, 'conflict', Object.values(fields).join('; '), fields);
		}
		return problemsResponse(reply.problems);
	}
	return json(reply.event satisfies z.input<typeof serviceEventAnswer>, { status: reply.status });
}

/** GET /api/v1/dossiers/{code}: a dossier as stored, its officers by staff number. */
export const dossierAnswer = z.object({
	code: z.string(),
	unitCode: z.string(),
	unitNameVi: z.string(),
	procedureCode: z.string(),
	procedureNameVi: z.string(),
	channel: z.enum(DOSSIER_CHANNELS),
	status: z.enum(DOSSIER_STATUSES),
	receivedAt: isoInstant(),
	dueAt: isoInstant(),
	completedAt: isoInstant().nullable(),
	returnedAt: isoInstant().nullable(),
	receivingOfficer: z.string().nullable(),
	returningOfficer: z.string().nullable(),
	extraVisits: z.int().nullable(),
	agenciesCount: z.int().nullable(),
	updatedAt: isoInstant()
});

/** One dossier as the one-stop software pushed it, if it is in the token's scope. */
export async function findDossierView(code: string, unitPath: string): Promise<z.input<typeof dossierAnswer> | null> {
	if (!DOSSIER_CODE.test(code)) return null;
	const receiving = alias(officers, 'receiving');
	const returning = alias(officers, 'returning');
	const [row] = await db
		.select({
			code: dossiers.code,
			unitCode: units.code,
			unitNameVi: units.nameVi,
			unitPath: units.path,
			procedureCode: procedures.code,
			procedureNameVi: procedures.nameVi,
			channel: dossiers.channel,
			status: dossiers.status,
			receivedAt: dossiers.receivedAt,
			dueAt: dossiers.dueAt,
			completedAt: dossiers.completedAt,
			returnedAt: dossiers.returnedAt,
			receivingOfficer: receiving.staffNumber,
			returningOfficer: returning.staffNumber,
			extraVisits: dossiers.extraVisits,
			agenciesCount: dossiers.agenciesCount,
			updatedAt: dossiers.updatedAt
		})
		.from(dossiers)
		.innerJoin(units, eq(units.id, dossiers.unitId))
		.innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
		.leftJoin(receiving, eq(receiving.id, dossiers.receivingOfficerId))
		.leftJoin(returning, eq(returning.id, dossiers.returningOfficerId))
		.where(and(eq(dossiers.provinceId, provinceOf(unitPath)), eq(dossiers.code, code)));
	if (!row || !row.unitPath.startsWith(unitPath)) return null;
	const { unitPath: _path, receivedAt, dueAt, completedAt, returnedAt, updatedAt, ...view } = row;
	// the times as json() would write the Dates, so that the answer's type is its schema's
	const iso = (at: Date | null) => at?.toISOString() ?? null;
	return { ...view, receivedAt: receivedAt.toISOString(), dueAt: dueAt.toISOString(), completedAt: iso(completedAt), returnedAt: iso(returnedAt), updatedAt: updatedAt.toISOString() };
}

/**
 * An integration write's audit entry: the token is the actor; the codes written (at most 100), not
 * their contents (the rows themselves say what changed). Nothing when nothing changed.
 */
export async function auditSync(
	event: RequestEvent,
	tokenId: number,
	action: AuditAction,
	results: readonly { result: string; code: string }[]
): Promise<void> {
	const changed = results.filter((r) => r.result !== 'unchanged');
	if (changed.length === 0) return;
	await audit({ ip: clientIp(event) }, action, { type: 'integration_token', id: tokenId }, {
		created: changed.filter((r) => r.result === 'created').length,
		updated: changed.filter((r) => r.result === 'updated').length,
		codes: changed.slice(0, 100).map((r) => r.code)
	});
}
