import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { translate } from '$lib/i18n';
import { apiError, errorReply, isJson, parseJsonText, type Reply } from '../api';
import type { AuthenticatedIntegration } from '../auth/credentials';
import { auditSync, itemField, problemsResponse, reportAnswer, reportBody } from '../dossiers/api';
import type { FieldProblem, ItemProblem } from '../dossiers/errors';
import { MAX_BATCH } from '../dossiers/schema';
import { ConcurrentChangeError } from '../dossiers/upsert';
import { STAGES } from '../db/schema';
import { LIVE_STEP_MS, syncNationalDossiers, type NationalReport } from './sync';

/**
 * POST /api/v1/national/dossiers: the body the one-stop software sends the national portal, as
 * it is. One dossier, an array of them, or { items, partial }; `?partial=true` for an array.
 * Answers like our own dossier API: 200 with per-item results, or 400/403 naming each field as
 * `items[2].QuaTrinhXuLy[0].NguoiXuLy` (or `QuaTrinhXuLy[0].NguoiXuLy` for a single dossier).
 */

/** The answer: each dossier's result with the services its receiving and returning steps became. */
export const nationalReportAnswer = reportAnswer(
	z.object({
		index: z.int().min(0).describe('The item’s index in the batch (0 for a single item).'),
		code: z.string(),
		result: z.enum(['created', 'updated', 'unchanged', 'skipped']).describe('skipped: status 1, not received yet.'),
		id: z.int().nullable(),
		services: z.array(
			z.object({
				step: z.int().min(0).describe('Index in QuaTrinhXuLy.'),
				stage: z.enum(STAGES),
				result: z
					.enum(['opened', 'recorded', 'linked', 'unchanged', 'no_counter'])
					.describe(
						`opened: a live step (less than ${LIVE_STEP_MS / 60_000} minutes old, the officer still at the counter): the tablet asks now; recorded: a past service, closed at its own time; linked: the queue ticket’s service the officer had open became this dossier’s; unchanged: already there; no_counter: the officer held no counter then.`
					),
				serviceEventId: z.int().nullable()
			})
		)
	}),
	['skipped']
);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text, refusing bytes that are not UTF-8 (a decoder would quietly turn them into U+FFFD). */
export function decodeUtf8(bytes: Uint8Array): string | null {
	try {
		return utf8.decode(bytes);
	} catch {
		return null;
	}
}

export async function readJsonBody(request: Request): Promise<{ ok: true; data: unknown } | { ok: false; reply: Reply }> {
	const contentType = request.headers.get('content-type');
	if (!isJson(contentType)) return parseJsonText(contentType, '', z.unknown());
	const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
	if (text === null) {
		return { ok: false, reply: errorReply(400, 'invalid_utf8', `${translate('vi', 'national.error.notUtf8')} / ${translate('en', 'national.error.notUtf8')}`) };
	}
	return parseJsonText(contentType, text, z.unknown());
}

type Envelope = { items: unknown[]; partial: boolean; batch: boolean };

export function readNationalEnvelope(body: unknown, partialQuery: boolean): { ok: true; envelope: Envelope } | { ok: false; problems: FieldProblem[] } {
	const bad = { ok: false as const, problems: [{ field: '(body)', key: 'national.error.badBody' as const }] };
	let envelope: Envelope;
	if (Array.isArray(body)) envelope = { items: body, partial: partialQuery, batch: true };
	else if (typeof body !== 'object' || body === null) return bad;
	else if ('items' in body) {
		const { items, partial, ...rest } = body as { items: unknown; partial?: unknown };
		if (!Array.isArray(items) || (partial !== undefined && typeof partial !== 'boolean') || Object.keys(rest).length > 0) return bad;
		envelope = { items, partial: partial ?? partialQuery, batch: true };
	} else envelope = { items: [body], partial: false, batch: false };
	if (envelope.items.length === 0) return bad;
	if (envelope.items.length > MAX_BATCH) return { ok: false, problems: [{ field: 'items', key: 'national.error.tooManyItems', params: { max: MAX_BATCH } }] };
	return { ok: true, envelope };
}


export async function handleNationalPush(event: RequestEvent, token: AuthenticatedIntegration): Promise<Response> {
	const body = await readJsonBody(event.request);
	if (!body.ok) return json(body.reply.body, { status: body.reply.status });
	const envelope = readNationalEnvelope(body.data, event.url.searchParams.get('partial') === 'true');
	if (!envelope.ok) return problemsResponse(envelope.problems);
	const { items, partial, batch } = envelope.envelope;
	let report: NationalReport;
	try {
		report = await syncNationalDossiers(items, [token.unitPath], { partial });
	} catch (e) {
		if (e instanceof ConcurrentChangeError) return apiError(409, 'conflict', `Dữ liệu vừa thay đổi, hãy gửi lại / Changed concurrently, retry: ${e.message}`);
		throw e;
	}
	if (!report.written) return problemsResponse(report.problems, (p) => itemField(batch, p as ItemProblem));
	await auditSync(
		event,
		token.tokenId,
		'national.sync',
		report.results.filter((r) => r.result !== 'skipped')
	);
	return json(reportBody(report, batch, ['skipped']) satisfies z.input<typeof nationalReportAnswer>);
}
