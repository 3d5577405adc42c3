import { json, type RequestEvent } from '@sveltejs/kit';
import { apiError } from '../api';
import type { AuthenticatedIntegration } from '../auth/credentials';
import { problemsResponse } from '../dossiers/api';
import { bilingual, zodProblems } from '../dossiers/errors';
import { readJsonBody } from '../national/http';
import { callTicket, queueCallSchema, queueDoneSchema, ticketDone, type QueueReply } from './calls';

/** POST /api/v1/queue/calls and /api/v1/queue/calls/done: one body each, the dossier API's error shape. */

function answer(reply: QueueReply): Response {
	if (reply.ok) return json(reply.call, { status: reply.status });
	if (reply.status === 409 || reply.status === 404) {
		const fields = Object.fromEntries(reply.problems.map((p) => [p.field, bilingual(p)]));
		return apiError(reply.status, reply.status === 409 ? 'conflict' : 'not_found', Object.values(fields).join('; '), fields);
	}
	return problemsResponse(reply.problems);
}

export async function handleQueueCall(event: RequestEvent, token: AuthenticatedIntegration): Promise<Response> {
	const body = await readJsonBody(event.request);
	if (!body.ok) return json(body.reply.body, { status: body.reply.status });
	const parsed = queueCallSchema.safeParse(body.data);
	if (!parsed.success) return problemsResponse(zodProblems(parsed.error));
	return answer(await callTicket(parsed.data, [token.unitPath]));
}

export async function handleQueueDone(event: RequestEvent, token: AuthenticatedIntegration): Promise<Response> {
	const body = await readJsonBody(event.request);
	if (!body.ok) return json(body.reply.body, { status: body.reply.status });
	const parsed = queueDoneSchema.safeParse(body.data);
	if (!parsed.success) return problemsResponse(zodProblems(parsed.error));
	return answer(await ticketDone(parsed.data, [token.unitPath]));
}
