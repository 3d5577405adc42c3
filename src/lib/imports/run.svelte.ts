import { t } from '$lib/i18n/t';

/** What an import's progress stream ends with (`/api/v1/imports/{kind}`, imports/pending.ts on the server). */
export type ImportSummary = { done: number; total: number; created: number; updated: number; unchanged: number; skipped: number };
type Line = { type: string; message?: string } & ImportSummary;

/**
 * One run of an import from its preview, as an import page shows it: the "valid rows only" choice,
 * the progress bar while the server streams NDJSON progress lines, the summary or the failure.
 * Shared by the province-list imports (TableImport.svelte) and the dossier import page.
 */
export class ImportRun {
	progress = $state<{ done: number; total: number } | null>(null);
	summary = $state<ImportSummary | null>(null);
	failure = $state<string | null>(null);
	validOnly = $state(false);

	constructor(private readonly endpoint: string) {}

	reset() {
		this.progress = null;
		this.summary = null;
		this.failure = null;
		this.validOnly = false;
	}

	/** Starts the import of a previewed file and reads its progress lines to the end. */
	async start(id: string, total: number) {
		this.failure = null;
		this.progress = { done: 0, total };
		const res = await fetch(this.endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ id, validOnly: this.validOnly })
		});
		if (!res.ok || !res.body) {
			this.failure = ((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? t('api.badRequest');
			this.progress = null;
			return;
		}
		const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
		let buffer = '';
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			buffer += value;
			const lines = buffer.split('\n');
			buffer = lines.pop() ?? '';
			for (const line of lines.filter(Boolean)) this.read(JSON.parse(line) as Line);
		}
	}

	private read(line: Line) {
		if (line.type === 'progress') this.progress = { done: line.done, total: line.total };
		else if (line.type === 'done') this.summary = line;
		else if (line.type === 'error') this.failure = line.message ?? t('api.badRequest');
	}
}
