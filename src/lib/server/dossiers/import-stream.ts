import { log } from '../ops/log';
import type { RequestEvent } from '@sveltejs/kit';
import { translate, type MessageKey } from '$lib/i18n';
import { apiError } from '../api';
import { audit } from '../audit';
import { describeError } from '../error-log';
import { clientIp } from '../http';
import { claimImport, commitImport, type CommitRefusal, type ImportProgress, type PendingImport } from './imports';

const REFUSAL_STATUS: Record<CommitRefusal, number> = { expired: 404, hasErrors: 409, busy: 409, nothingValid: 400 };
const REFUSAL_MESSAGE: Record<CommitRefusal, MessageKey> = {
	expired: 'dossiers.import.expired',
	hasErrors: 'dossiers.import.hasErrors',
	busy: 'dossiers.import.expired',
	nothingValid: 'dossiers.import.nothingValid'
};

export function refusalMessage(event: RequestEvent, reason: CommitRefusal): string {
	return translate(event.locals.locale, REFUSAL_MESSAGE[reason]);
}

/** Runs a claimed import to the end and audits it (counts only, never row contents). */
export async function runImport(
	event: RequestEvent,
	userId: number,
	pending: PendingImport,
	onProgress: (p: ImportProgress) => void = () => {}
): Promise<ImportProgress> {
	const steps = commitImport(pending.id);
	let next = await steps.next();
	while (!next.done) {
		onProgress(next.value);
		next = await steps.next();
	}
	const summary = next.value;
	await audit({ userId, ip: clientIp(event) }, 'dossier.import', { type: 'unit', id: pending.unitId }, { ...summary });
	return summary;
}

/** NDJSON: {"type":"progress",…} per batch, then {"type":"done",…} or {"type":"error",message}. */
export function importCommitStream(event: RequestEvent, userId: number, pending: PendingImport, validOnly: boolean): Response {
	const claim = claimImport(pending.id, userId, validOnly);
	if (!claim.ok) return apiError(REFUSAL_STATUS[claim.reason], claim.reason, refusalMessage(event, claim.reason));
	const encoder = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (line: Record<string, unknown>) => controller.enqueue(encoder.encode(JSON.stringify(line) + '\n'));
			send({ type: 'progress', done: 0, total: pending.totalRows });
			try {
				const summary = await runImport(event, userId, pending, (p) => send({ type: 'progress', ...p }));
				send({ type: 'done', ...summary });
			} catch (e) {
				// The rows already committed stay; upserts are idempotent, so running the file again is safe.
				log.error({ error: describeError(e) }, 'dossier import failed');
				send({ type: 'error', message: translate(event.locals.locale, 'dossiers.import.failed', { reason: 'HTTP 500' }) });
			}
			controller.close();
		}
	});
	return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
}
