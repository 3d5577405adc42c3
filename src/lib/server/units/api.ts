import { json, type RequestEvent } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { apiError, parseJson } from '../api';
import { scopeCondition } from '../auth/guard';
import { localDate } from '../calendar';
import { db } from '../db';
import { units } from '../db/schema';
import { bilingual, type FieldProblem } from '../dossiers/errors';
import { clientIp } from '../http';
import { MAX_UNIT_BATCH } from './record';
import { successorCodes } from './successors';
import { parseUnitItems, upsertUnits, type EntryProblem, type UpsertReport } from './upsert';

/**
 * The integration API's units (`/api/v1/units`): read the token's subtree, upsert a batch. The
 * items go through the same schema and plan as the official-list import (record.ts, upsert.ts),
 * with the one error shape of the API, fields keyed like `items[3].code`.
 */

const batchSchema = z.strictObject({ items: z.array(z.unknown()).min(1), partial: z.boolean().optional() });

/** A body is one unit, or { items, partial }. */
function readEnvelope(body: unknown): { ok: true; items: unknown[]; partial: boolean; batch: boolean } | { ok: false; problems: FieldProblem[] } {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problems: [{ field: '(body)', key: 'units.error.badBody' }] };
	if (!('items' in body)) return { ok: true, items: [body], partial: false, batch: false };
	const parsed = batchSchema.safeParse(body);
	if (!parsed.success) return { ok: false, problems: [{ field: 'items', key: 'units.error.badBody' }] };
	if (parsed.data.items.length > MAX_UNIT_BATCH) return { ok: false, problems: [{ field: 'items', key: 'units.error.tooManyItems', params: { max: MAX_UNIT_BATCH } }] };
	return { ok: true, items: parsed.data.items, partial: parsed.data.partial ?? false, batch: true };
}

const fieldOf = (batch: boolean, p: EntryProblem) => (batch ? `items[${p.ref}]${p.field ? `.${p.field}` : ''}` : p.field);

function problemsResponse(problems: readonly FieldProblem[], name: (p: FieldProblem) => string): Response {
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

function reportBody(report: UpsertReport, batch: boolean) {
	const count = (r: string) => report.results.filter((x) => x.result === r).length;
	return {
		results: report.results.map((r) => ({ index: r.ref, code: r.code, id: r.id, result: r.result })),
		errors: report.problems.map((p) => ({ index: p.ref, field: fieldOf(batch, p), message: bilingual(p) })),
		created: count('created'),
		updated: count('updated'),
		unchanged: count('unchanged'),
		refused: new Set(report.problems.map((p) => p.ref)).size
	};
}

/** POST: one unit or a batch of up to 1000, idempotent by code, within the token's subtree. */
export async function handleUnitPush(event: RequestEvent, token: { tokenId: number; unitPath: string }): Promise<Response> {
	const body = await parseJson(event, z.unknown());
	if (!body.ok) return body.response;
	const envelope = readEnvelope(body.data);
	if (!envelope.ok) return problemsResponse(envelope.problems, (p) => p.field);
	const { entries, problems } = parseUnitItems(envelope.items);
	const report = await upsertUnits(entries, [token.unitPath], { via: 'api', tokenId: token.tokenId, ip: clientIp(event) }, { partial: envelope.partial, problems });
	if (!report.written) return problemsResponse(report.problems, (p) => fieldOf(envelope.batch, p as EntryProblem));
	return json(reportBody(report, envelope.batch));
}

export type UnitView = {
	code: string;
	nameVi: string;
	nameEn: string | null;
	level: string;
	category: string | null;
	parentCode: string | null;
	validFrom: string | null;
	dissolvedAt: string | null;
	successorCodes: string[];
};

/** GET: every unit of the token's subtree, parents before children, ended ones included. */
export async function listUnits(unitPath: string): Promise<{ units: UnitView[] }> {
	const parent = alias(units, 'parent');
	const rows = await db
		.select({
			id: units.id,
			code: units.code,
			nameVi: units.nameVi,
			nameEn: units.nameEn,
			level: units.level,
			category: units.category,
			parentCode: parent.code,
			validFrom: units.validFrom,
			dissolvedAt: units.dissolvedAt
		})
		.from(units)
		.leftJoin(parent, eq(parent.id, units.parentId))
		.where(scopeCondition(units.path, [unitPath]))
		.orderBy(asc(units.path));
	const successors = await successorCodes(
		db,
		rows.filter((r) => r.dissolvedAt).map((r) => r.id)
	);
	return {
		units: rows.map(({ id, validFrom, dissolvedAt, ...u }) => ({
			...u,
			validFrom: validFrom ? localDate(validFrom) : null,
			dissolvedAt: dissolvedAt ? dissolvedAt.toISOString() : null,
			successorCodes: successors.get(id) ?? []
		}))
	};
}
