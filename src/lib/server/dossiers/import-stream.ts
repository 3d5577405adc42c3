import { log } from '../ops/log';
import type { RequestEvent } from '@sveltejs/kit';
import { translate, type MessageKey } from '$lib/i18n';
import { apiError } from '../api';
import { audit } from '../audit';
import { describeError } from '../error-log';
import { clientIp } from '../http';
import { drain, progressStream, REFUSAL_STATUS } from '../imports/pending';
import { claimImport, commitImport, type CommitRefusal, type ImportProgress, type PendingImport } from './imports';

const REFUSAL_MESSAGE: Record<CommitRefusal, MessageKey> = {
	expired: 'dossiers.import.expired',
	hasErrors: 'imports.hasErrors',
	busy: 'dossiers.import.expired',
	nothingValid: 'imports.nothingValid'
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
	const summary = await drain(commitImport(pending.id), onProgress);
	await audit({ userId, ip: clientIp(event) }, 'dossier.import', { type: 'unit', id: pending.unitId }, { ...summary });
	return summary;
}

/** NDJSON: {"type":"progress",…} per batch, then {"type":"done",…} or {"type":"error",message}. */
export function importCommitStream(event: RequestEvent, userId: number, pending: PendingImport, validOnly: boolean): Response {
	const claim = claimImport(pending.id, userId, validOnly);
	if (!claim.ok) return apiError(REFUSAL_STATUS[claim.reason], claim.reason, refusalMessage(event, claim.reason));
	return progressStream(
		pending.totalRows,
		(onProgress) => runImport(event, userId, pending, onProgress),
		(e) => {
			// The rows already committed stay; upserts are idempotent, so running the file again is safe.
			log.error({ error: describeError(e) }, 'dossier import failed');
			return translate(event.locals.locale, 'dossiers.import.failed', { reason: 'HTTP 500' });
		}
	);
}
