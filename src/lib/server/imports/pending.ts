/**
 * Imports previewed and waiting for their commit, for the dossier CSV import and the table
 * imports alike: kept in this process's memory under a random id until they expire, one per user
 * and kind (a new preview replaces the last), claimed once for writing, then written in batches
 * (each in its own transaction) with progress after each. The client only ever holds the id.
 */

export const PENDING_IMPORT_TTL_MS = 15 * 60_000;

export type WriteCounts = { created: number; updated: number; unchanged: number; skipped: number };
export type ImportProgress = { done: number; total: number } & WriteCounts;
export type ImportRefusal = 'expired' | 'hasErrors' | 'busy' | 'nothingValid';
/** The HTTP status a refused commit answers with. */
export const REFUSAL_STATUS: Record<ImportRefusal, number> = {
	expired: 404,
	hasErrors: 409,
	busy: 409,
	nothingValid: 400
};

/** What every pending import holds; `valid` are the rows the preview accepted, written in order. */
export type HeldImport<E> = {
	id: string;
	kind: string;
	userId: number;
	expiresAt: number;
	valid: E[];
	totalRows: number;
	invalidRows: number;
	committing: boolean;
};

export function newImportId(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class PendingImports<E, T extends HeldImport<E>> {
	private readonly items = new Map<string, T>();

	/** Forgets the expired imports that no commit is writing. */
	sweep(now: number): void {
		for (const [id, item] of this.items)
			if (item.expiresAt <= now && !item.committing) this.items.delete(id);
	}

	/** Keeps a new import, replacing the same user's uncommitted one of the same kind. */
	keep(item: T): void {
		for (const [id, other] of this.items)
			if (other.userId === item.userId && other.kind === item.kind && !other.committing)
				this.items.delete(id);
		this.items.set(item.id, item);
	}

	/** The user's own import of that kind, if it has not expired. */
	find(id: string, userId: number, kind: string, now: number): T | null {
		this.sweep(now);
		const item = this.items.get(id);
		return item && item.userId === userId && item.kind === kind && item.expiresAt > now
			? item
			: null;
	}

	/** Claims an import for writing: refused while the file has errors, unless the valid rows alone were chosen. */
	claim(
		id: string,
		userId: number,
		kind: string,
		validOnly: boolean,
		now: number
	): { ok: true } | { ok: false; reason: ImportRefusal } {
		const item = this.find(id, userId, kind, now);
		if (!item) return { ok: false, reason: 'expired' };
		if (item.committing) return { ok: false, reason: 'busy' };
		if (item.invalidRows > 0 && !validOnly) return { ok: false, reason: 'hasErrors' };
		if (item.valid.length === 0) return { ok: false, reason: 'nothingValid' };
		item.committing = true;
		return { ok: true };
	}

	/**
	 * Writes a claimed import in batches of `batchSize(item)`, yielding progress after each; the import is
	 * forgotten at the end, whether it succeeded or not.
	 */
	async *commit(
		id: string,
		batchSize: (item: T) => number,
		write: (batch: E[], item: T) => Promise<WriteCounts>
	): AsyncGenerator<ImportProgress, ImportProgress> {
		const item = this.items.get(id);
		if (!item?.committing) throw new Error('import not claimed');
		const size = batchSize(item);
		const progress: ImportProgress = {
			done: 0,
			total: item.totalRows,
			created: 0,
			updated: 0,
			unchanged: 0,
			skipped: item.invalidRows
		};
		try {
			for (let i = 0; i < item.valid.length; i += size) {
				const counts = await write(item.valid.slice(i, i + size), item);
				progress.created += counts.created;
				progress.updated += counts.updated;
				progress.unchanged += counts.unchanged;
				progress.skipped += counts.skipped;
				progress.done = Math.min(
					item.totalRows,
					progress.skipped + progress.created + progress.updated + progress.unchanged
				);
				yield { ...progress };
			}
			progress.done = item.totalRows;
			return progress;
		} finally {
			this.items.delete(id);
		}
	}

	clear(): void {
		this.items.clear();
	}
}

/** Runs a commit to its end, telling `onProgress` each step; returns the summary. */
export async function drain(
	steps: AsyncGenerator<ImportProgress, ImportProgress>,
	onProgress: (p: ImportProgress) => void
): Promise<ImportProgress> {
	let next = await steps.next();
	while (!next.done) {
		onProgress(next.value);
		next = await steps.next();
	}
	return next.value;
}

/**
 * A commit's NDJSON progress: {"type":"progress",…} first with nothing done, then after each batch,
 * then {"type":"done",…} or {"type":"error",message}, `failed` logging the error and giving the message.
 */
export function progressStream(
	total: number,
	run: (onProgress: (p: ImportProgress) => void) => Promise<ImportProgress>,
	failed: (e: unknown) => string
): Response {
	const encoder = new TextEncoder();
	type Line =
		({ type: 'progress' | 'done' } & Partial<ImportProgress>) | { type: 'error'; message: string };
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (line: Line) => controller.enqueue(encoder.encode(JSON.stringify(line) + '\n'));
			send({ type: 'progress', done: 0, total });
			try {
				const summary = await run((p) => send({ type: 'progress', ...p }));
				send({ type: 'done', ...summary });
			} catch (e) {
				send({ type: 'error', message: failed(e) });
			}
			controller.close();
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' }
	});
}
