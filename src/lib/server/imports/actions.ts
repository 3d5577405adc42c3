import { log } from '../ops/log';
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { translate, type MessageKey } from '$lib/i18n';
import { apiError } from '../api';
import { audit } from '../audit';
import { requireRole, requireUser } from '../auth/guard';
import { scopePaths } from '../scope';
import { clientIp } from '../http';
import { IMPORTERS } from './registry';
import {
	claimTableImport,
	commitTableImport,
	pendingTableImport,
	previewTableImport,
	type PendingTableImport,
	type TableImportProgress,
	type TableImportRefusal
} from './session';
import { drain, progressStream, REFUSAL_STATUS } from './pending';

/** The SvelteKit side of table imports: the page's preview and commit actions, and the progress stream. */

export const IMPORT_MAX_FILE_MB = 10;

const REFUSAL_MESSAGE: Record<TableImportRefusal, MessageKey> = {
	expired: 'imports.expired',
	hasErrors: 'imports.hasErrors',
	busy: 'imports.expired',
	nothingValid: 'imports.nothingValid'
};

function registered(kind: string) {
	const entry = IMPORTERS[kind];
	if (!entry) error(404, 'Không có loại dữ liệu này / No such import');
	return entry;
}

/** The kind exists and the user holds one of its roles: checked before any body is read. */
export function requireImporter(event: RequestEvent, kind: string) {
	requireUser(event); // an anonymous caller is sent to sign in, whatever the kind
	return requireRole(event, ...registered(kind).roles);
}

/**
 * The page's `preview` action: the uploaded file (field `file`) read and checked; `options` are
 * the page's other fields the importer asked for, passed as text (the importer validates them).
 */
export async function previewImportAction(event: RequestEvent, kind: string, optionNames: string[] = []) {
	const { importer, roles } = registered(kind);
	const user = requireRole(event, ...roles);
	const locale = event.locals.locale;
	const form = await event.request.formData();
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) return fail(400, { message: translate(locale, 'imports.fileMissing') });
	if (file.size > IMPORT_MAX_FILE_MB * 1024 * 1024) {
		return fail(400, { message: translate(locale, 'imports.fileTooLarge', { max: IMPORT_MAX_FILE_MB }) });
	}
	const options: Record<string, string> = {};
	for (const name of optionNames) {
		const v = form.get(name);
		if (typeof v === 'string') options[name] = v;
	}
	const ctx = { userId: user.id, locale, scope: scopePaths(user, ...roles), options };
	const result = await previewTableImport(importer, new Uint8Array(await file.arrayBuffer()), ctx);
	if (!result.ok) return fail(400, { message: translate(locale, result.problem.key, result.problem.params) });
	return { preview: { ...result.preview, fileName: file.name.slice(0, 200) } };
}

function pendingFor(event: RequestEvent, kind: string, id: unknown) {
	const { roles } = registered(kind);
	const user = requireRole(event, ...roles);
	const pending = typeof id === 'string' && /^[0-9a-f]{32}$/.test(id) ? pendingTableImport(id, user.id, kind) : null;
	return { user, pending };
}

/** Runs a claimed import to its end and audits it (counts only, never row contents). */
async function runClaimed(
	event: RequestEvent,
	userId: number,
	pending: PendingTableImport,
	onProgress: (p: TableImportProgress) => void = () => {}
): Promise<TableImportProgress> {
	const summary = await drain(commitTableImport(pending.id), onProgress);
	await audit({ userId, ip: clientIp(event) }, registered(pending.kind).action, undefined, { ...summary });
	return summary;
}

/** The page's `commit` action, for browsers without JavaScript: the import runs in the request. */
export async function commitImportAction(event: RequestEvent, kind: string) {
	const locale = event.locals.locale;
	const form = await event.request.formData();
	const { user, pending } = pendingFor(event, kind, form.get('id'));
	if (!pending) return fail(400, { message: translate(locale, 'imports.expired') });
	const claim = claimTableImport(pending.id, user.id, kind, form.get('validOnly') === 'on');
	if (!claim.ok) return fail(REFUSAL_STATUS[claim.reason], { message: translate(locale, REFUSAL_MESSAGE[claim.reason]) });
	return { summary: await runClaimed(event, user.id, pending) };
}

/** `POST /api/v1/imports/{kind}` `{id, validOnly}`: commits, streaming NDJSON progress, then done or error. */
export async function importProgressStream(event: RequestEvent, kind: string, body: { id: string; validOnly: boolean }): Promise<Response> {
	const locale = event.locals.locale;
	const { user, pending } = pendingFor(event, kind, body.id);
	if (!pending) return apiError(404, 'expired', translate(locale, 'imports.expired'));
	const claim = claimTableImport(pending.id, user.id, kind, body.validOnly);
	if (!claim.ok) return apiError(REFUSAL_STATUS[claim.reason], claim.reason, translate(locale, REFUSAL_MESSAGE[claim.reason]));
	return progressStream(
		pending.totalRows,
		(onProgress) => runClaimed(event, user.id, pending, onProgress),
		(e) => {
			// Batches already committed stay; the writes are idempotent, so the file can be run again.
			log.error({ error: e instanceof Error ? e.message : String(e) }, `import.${kind} failed`);
			return translate(locale, 'imports.failed', { reason: 'HTTP 500' });
		}
	);
}
