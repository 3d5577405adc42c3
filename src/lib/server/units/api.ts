import { json, type RequestEvent } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { isoInstant, parseJson } from '../api';
import { scopeCondition } from '../scope';
import { localDate } from '../calendar';
import { db } from '../db';
import { UNIT_LEVELS, units } from '../db/schema';
import { itemField, itemResultAnswer, problemsResponse, readEnvelope, reportAnswer, reportBody } from '../dossiers/api';
import { clientIp } from '../http';
import { successorCodes } from './successors';
import { parseUnitItems, upsertUnits, type EntryProblem, type UpsertReport } from './upsert';

/**
 * The integration API's units (`/api/v1/units`): read the token's subtree, upsert a batch. The
 * items go through the same schema and plan as the official-list import (record.ts, upsert.ts),
 * with the one error shape of the API, fields keyed like `items[3].code`.
 */

/** POST answers the common report. */
export const unitReportAnswer = reportAnswer(itemResultAnswer);

/** The common report, the plan's `ref` as the item's index. */
const unitReportBody = (report: UpsertReport, batch: boolean): z.input<typeof unitReportAnswer> =>
	reportBody(
		{
			results: report.results.map((r) => ({ index: r.ref, code: r.code, id: r.id, result: r.result })),
			problems: report.problems.map((p) => ({ ...p, index: p.ref }))
		},
		batch
	);

/** POST: one unit or a batch of up to 1000, idempotent by code, within the token's subtree. */
export async function handleUnitPush(event: RequestEvent, token: { tokenId: number; unitPath: string }): Promise<Response> {
	const body = await parseJson(event, z.unknown());
	if (!body.ok) return body.response;
	const read = readEnvelope(body.data, { badBody: 'units.error.badBody', tooManyItems: 'units.error.tooManyItems' });
	if (!read.ok) return problemsResponse(read.problems);
	const envelope = read.envelope;
	const { entries, problems } = parseUnitItems(envelope.items);
	const report = await upsertUnits(entries, [token.unitPath], { via: 'api', tokenId: token.tokenId, ip: clientIp(event) }, { partial: envelope.partial, problems });
	if (!report.written) return problemsResponse(report.problems, (p) => itemField(envelope.batch, { ...p, index: (p as EntryProblem).ref }));
	return json(unitReportBody(report, envelope.batch));
}

export const unitAnswer = z.object({
	code: z.string(),
	nameVi: z.string(),
	nameEn: z.string().nullable(),
	level: z.enum(UNIT_LEVELS),
	category: z.string().nullable(),
	parentCode: z.string().nullable(),
	validFrom: z.iso.date().nullable(),
	dissolvedAt: isoInstant().nullable().describe('When the unit ended (merged or dissolved).'),
	successorCodes: z.array(z.string()).describe('The units that took an ended unit over.')
});
export type UnitView = z.input<typeof unitAnswer>;
/** GET answers every unit of the token's subtree. */
export const unitListAnswer = z.object({ units: z.array(unitAnswer) });

/** GET: every unit of the token's subtree, parents before children, ended ones included. */
export async function listUnits(unitPath: string): Promise<z.input<typeof unitListAnswer>> {
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
