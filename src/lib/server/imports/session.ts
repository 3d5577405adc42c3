import type { Locale } from '$lib/i18n';
import { db } from '../db';
import type { Db as Database } from '../db/client';
import { readTable, type TableProblem, type TableRow, type TableSpec } from './table';
import { newImportId, PENDING_IMPORT_TTL_MS, PendingImports, type HeldImport, type ImportProgress, type ImportRefusal, type WriteCounts } from './pending';

/**
 * Imports of a province's own lists (units, officers, procedures…) in two steps, the way the
 * dossier import works: the preview reads and checks the whole file and keeps the valid rows on
 * the server under a random id for 15 minutes; the commit writes them in batches, each in its own
 * transaction, and reports progress. The client only ever holds the id.
 *
 * How to add an importer:
 *  1. Describe its columns in a `TableSpec` (the headers the official file uses, with or without
 *     accents) and write `check(rows, ctx)`: every row becomes an item or problems naming its
 *     line and column (`{ line, column, message }`, message in the reader's language). Check the
 *     file as a whole too (a code twice in the file) and against the database (an unknown parent).
 *     Share the item's zod schema with the integration API, so both refuse the same things.
 *  2. Write `write(tx, batch, ctx)`: an idempotent upsert of the batch (running the same file
 *     again changes nothing and counts `unchanged`); it may re-check what can have changed since
 *     the preview and count a row it refuses as `skipped`.
 *  3. Register it in `./registry.ts` (kind → importer, with the role that may run it), give its page
 *     a `preview` action calling `previewTableImport` and render `TableImport.svelte`; the commit
 *     and its NDJSON progress go through `/api/v1/imports/{kind}` (and the page's `commit` action
 *     without JavaScript), audited as `import.{kind}` with the counts only.
 */

export const TABLE_IMPORT_TTL_MS = PENDING_IMPORT_TTL_MS;
const PREVIEW_ROWS = 20;
const LISTED_PROBLEMS = 200;

export type RowProblem = { line: number; column: string; message: string };
export type ImportContext = {
	userId: number;
	locale: Locale;
	/** Unit paths the user may change, or null for everything (administrators). */
	scope: string[] | null;
	/** Choices made on the page (e.g. the date a conversion table takes effect), validated by the importer. */
	options: Record<string, string>;
};
export type Checked<T> = { valid: { line: number; item: T }[]; problems: RowProblem[] };
export type { WriteCounts };

export interface Importer<T, C extends string = string> {
	kind: string;
	table: TableSpec<C>;
	/** Batch size of the commit (each batch one transaction). */
	batchSize?: number;
	check(rows: TableRow<C>[], ctx: ImportContext, database?: Database): Promise<Checked<T>>;
	write(tx: Database, batch: { line: number; item: T }[], ctx: ImportContext): Promise<WriteCounts>;
	/** What the preview table shows of an item: column label key → text. */
	show(item: T): Record<string, string>;
}

export type TableImportPreview = {
	id: string;
	kind: string;
	totalRows: number;
	validRows: number;
	invalidRows: number;
	ignoredColumns: string[];
	/** The first rows: their line, whether valid, and what `show` gives (valid rows only). */
	rows: { line: number; ok: boolean; cells: Record<string, string> }[];
	problems: RowProblem[];
	moreProblems: number;
};

type Entry = { line: number; item: unknown };
type Stored = HeldImport<Entry> & { ctx: ImportContext; importer: Importer<unknown> };

const store = new PendingImports<Entry, Stored>();

export async function previewTableImport<T, C extends string>(
	importer: Importer<T, C>,
	bytes: Uint8Array,
	ctx: ImportContext,
	now = Date.now()
): Promise<{ ok: true; preview: TableImportPreview } | { ok: false; problem: TableProblem }> {
	store.sweep(now);
	const read = await readTable(bytes, importer.table);
	if (!read.ok) return read;
	const { rows, ignoredColumns } = read.table;
	const checked = await importer.check(rows, ctx, db);
	const validLines = new Set(checked.valid.map((v) => v.line));
	const problems = [...checked.problems].sort((a, b) => a.line - b.line);
	const invalidRows = rows.filter((r) => !validLines.has(r.line)).length;
	// One pending import per user and kind: a new preview replaces the last.
	const id = newImportId();
	store.keep({
		id,
		kind: importer.kind,
		userId: ctx.userId,
		ctx,
		importer: importer as unknown as Importer<unknown>,
		expiresAt: now + TABLE_IMPORT_TTL_MS,
		valid: checked.valid,
		totalRows: rows.length,
		invalidRows,
		committing: false
	});
	const byLine = new Map(checked.valid.map((v) => [v.line, v.item]));
	return {
		ok: true,
		preview: {
			id,
			kind: importer.kind,
			totalRows: rows.length,
			validRows: checked.valid.length,
			invalidRows,
			ignoredColumns,
			rows: rows.slice(0, PREVIEW_ROWS).map((r) => {
				const item = byLine.get(r.line);
				return { line: r.line, ok: item !== undefined, cells: item !== undefined ? importer.show(item) : {} };
			}),
			problems: problems.slice(0, LISTED_PROBLEMS),
			moreProblems: Math.max(0, problems.length - LISTED_PROBLEMS)
		}
	};
}

export type PendingTableImport = { id: string; kind: string; totalRows: number; validRows: number; invalidRows: number };

/** The caller's own pending import of that kind, if it has not expired. */
export function pendingTableImport(id: string, userId: number, kind: string, now = Date.now()): PendingTableImport | null {
	const item = store.find(id, userId, kind, now);
	return item && { id, kind, totalRows: item.totalRows, validRows: item.valid.length, invalidRows: item.invalidRows };
}

export type TableImportProgress = ImportProgress;
export type TableImportRefusal = ImportRefusal;

/** Claims a pending import: refused while the file has errors, unless the valid rows alone were chosen. */
export function claimTableImport(
	id: string,
	userId: number,
	kind: string,
	validOnly: boolean,
	now = Date.now()
): { ok: true } | { ok: false; reason: TableImportRefusal } {
	return store.claim(id, userId, kind, validOnly, now);
}

/**
 * Writes a claimed import in committed batches, yielding progress after each. The writes are
 * idempotent upserts, so an import cut short can simply be run again.
 */
export function commitTableImport(id: string): AsyncGenerator<TableImportProgress, TableImportProgress> {
	return store.commit(
		id,
		(item) => item.importer.batchSize ?? 500,
		(batch, item) => db.transaction((tx) => item.importer.write(tx as unknown as Database, batch, item.ctx))
	);
}

/** For tests: forget every pending import. */
export function clearTableImports() {
	store.clear();
}
