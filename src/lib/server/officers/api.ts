import { json, type RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { apiError, parseJson } from '../api';
import { audit } from '../audit';
import { database } from '../db';
import { bool, instant, num, type DbBool, type DbNumber, type DbTime } from '../db/decode';
import { scopeCondition } from '../scope';
import type { AuthenticatedIntegration } from '../auth/credentials';
import { bilingual, zodProblems, type ItemProblem } from '../dossiers/errors';
import { itemField, problemsResponse, readEnvelope, reportAnswer, reportBody } from '../dossiers/api';
import { clientIp } from '../http';
import { firstDay, lastDay } from './dates';
import { MAX_READ } from './schema';
import { OfficerConflictError, upsertOfficers, type OfficerScope } from './upsert';

/**
 * /api/v1/officers: the HR software reads and upserts officers with their postings, in the shape
 * of `officerItemSchema` both ways (what GET returns can be sent back unchanged), with the error
 * shape of the dossier API ({ error, message, fields } keyed `items[3].postings[0].from`).
 */

/** POST answers: each officer's result, and the open postings transfers ended. */
export const officerReportAnswer = reportAnswer(
	z.object({
		index: z.int().min(0).describe('The item’s index in the batch (0 for a single item).'),
		staffNumber: z.string(),
		id: z.int(),
		result: z.enum(['created', 'updated', 'unchanged']),
		transfers: z.int().min(0).describe('Open postings ended by a transfer.')
	})
).extend({ transfers: z.int().min(0).describe('Open postings ended by transfers, over the batch.') });

export async function handleOfficerPush(event: RequestEvent, token: AuthenticatedIntegration): Promise<Response> {
	const body = await parseJson(event, z.unknown());
	if (!body.ok) return body.response;
	const envelope = readEnvelope(body.data, { badBody: 'officers.error.badBody', tooManyItems: 'officers.error.tooManyItems' });
	if (!envelope.ok) return problemsResponse(envelope.problems);
	const { items, partial, batch } = envelope.envelope;
	let report;
	try {
		report = await upsertOfficers(items, [token.unitPath], { partial });
	} catch (e) {
		if (e instanceof OfficerConflictError) return apiError(409, 'conflict', `${bilingual({ key: 'officers.error.conflict' })} (${e.message})`);
		throw e;
	}
	if (!report.written) return problemsResponse(report.problems, (p) => itemField(batch, p as ItemProblem));
	const { results, errors, ...counts } = reportBody(report, batch);
	const summary = { ...counts, transfers: report.results.reduce((n, r) => n + r.transfers, 0) };
	if (summary.created + summary.updated > 0) {
		await audit({ ip: clientIp(event) }, 'officer.api_upsert', { type: 'integration_token', id: token.tokenId }, summary);
	}
	return json({ results, errors, ...summary } satisfies z.input<typeof officerReportAnswer>);
}

const readQuery = z.object({
	staffNumber: z.string().min(1).max(32).optional(),
	after: z.coerce.number().int().min(0).optional(),
	limit: z.coerce.number().int().min(1).max(MAX_READ).optional()
});

/** GET answers officers in the shape POST accepts (officerItemSchema): what it returns can be sent back unchanged. */
export const officerAnswer = z.object({
	staffNumber: z.string(),
	fullName: z.string(),
	titleVi: z.string().nullable(),
	titleEn: z.string().nullable(),
	active: z.boolean(),
	postings: z.array(
		z.object({
			unitCode: z.string(),
			positionVi: z.string(),
			positionEn: z.string().nullable(),
			from: z.iso.date().describe('First day (Vietnam local date).'),
			to: z.iso.date().nullable().describe('Last day, inclusive; null while the posting is open.')
		})
	),
	username: z.string().nullable().describe('The linked account, if any.')
});
export const officerPageAnswer = z.object({ items: z.array(officerAnswer), next: z.int().nullable().describe('Pass as `after` for the following page; null on the last.') });

/** Officers in the scope (where their open posting is, else their latest), by id, a page at a time. */
export async function handleOfficerRead(event: RequestEvent, token: AuthenticatedIntegration): Promise<Response> {
	const parsed = readQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) {
		const fields = Object.fromEntries(zodProblems(parsed.error).map((p) => [p.field, bilingual(p)]));
		return apiError(400, 'validation', `Dữ liệu không hợp lệ / Invalid fields: ${Object.keys(fields).join(', ')}`, fields);
	}
	const { staffNumber, after = 0, limit = 100 } = parsed.data;
	const page = await readOfficers([token.unitPath], { staffNumber, after, limit });
	return json(page, { headers: { 'cache-control': 'no-store' } });
}

/** An officer's own columns and their account's username, as a raw query reads them. */
export type OfficerDbRow = {
	id: DbNumber;
	staff_number: string;
	full_name: string;
	title_vi: string | null;
	title_en: string | null;
	active: DbBool;
	username: string | null;
};

export async function readOfficers(scope: OfficerScope, options: { staffNumber?: string; after: number; limit: number }): Promise<z.input<typeof officerPageAnswer>> {
	const found = await database.rows<OfficerDbRow>(sql`
		select o.id, o.staff_number, o.full_name, o.title_vi, o.title_en, o.active, us.username
		from officers o
		left join users us on us.officer_id = o.id
		join lateral (
			select u.path from officer_assignments a join units u on u.id = a.unit_id
			where a.officer_id = o.id order by a.ended_at is null desc, a.started_at desc limit 1
		) h on true
		where o.id > ${options.after} and ${scopeCondition(sql`h.path`, scope)}
			${options.staffNumber ? sql`and o.staff_number = ${options.staffNumber}` : sql``}
		order by o.id limit ${options.limit + 1}`);
	const more = found.length > options.limit;
	const rows = found.slice(0, options.limit);
	const ids = rows.map((r) => num(r.id));
	type PostingRow = { officer_id: DbNumber; code: string; position_vi: string; position_en: string | null; started_at: DbTime; ended_at: DbTime | null };
	const postings = ids.length
		? await database.rows<PostingRow>(sql`
			select a.officer_id, u.code, a.position_vi, a.position_en, a.started_at, a.ended_at
			from officer_assignments a join units u on u.id = a.unit_id
			where a.officer_id in (${sql.join(ids, sql`, `)}) order by a.started_at`)
		: [];
	const byOfficer = new Map<number, PostingRow[]>();
	for (const p of postings) byOfficer.set(num(p.officer_id), [...(byOfficer.get(num(p.officer_id)) ?? []), p]);
	return {
		items: rows.map((r) => ({
			staffNumber: r.staff_number,
			fullName: r.full_name,
			titleVi: r.title_vi,
			titleEn: r.title_en,
			active: bool(r.active),
			postings: (byOfficer.get(num(r.id)) ?? []).map((p) => ({
				unitCode: p.code,
				positionVi: p.position_vi,
				positionEn: p.position_en,
				from: firstDay(instant(p.started_at)),
				to: p.ended_at ? lastDay(instant(p.ended_at)) : null
			})),
			username: r.username
		})),
		next: more ? ids.at(-1)! : null
	};
}
