import { inArray } from 'drizzle-orm';
import type { Locale } from '$lib/i18n';
import { db } from '../db';
import { procedures } from '../db/schema';
import { localised, type FieldProblem } from './errors';
import { columnOf, parseDossierCsv, rowToRecord, type CsvFileProblem } from './csv';
import { prepareDossiers, writeDossiers, type IndexedRecord, type PreparedDossier, type UpsertOutcome } from './upsert';
import { newImportId, PENDING_IMPORT_TTL_MS, PendingImports, type HeldImport, type ImportProgress, type ImportRefusal } from '../imports/pending';

/**
 * CSV imports in two steps: a preview parses and checks the file and keeps the valid rows on the
 * server under a random id for 15 minutes (imports/pending.ts); the commit writes those rows in
 * batches of 500 and reports progress. The client only ever holds the id, never the rows.
 */

export const IMPORT_TTL_MS = PENDING_IMPORT_TTL_MS;
export const IMPORT_BATCH = 500;
const KIND = 'dossiers';
const PREVIEW_ROWS = 20;
const LISTED_PROBLEMS = 200;

export type ImportTarget = { id: number; code: string; path: string };
type StoredImport = HeldImport<IndexedRecord> & { unit: ImportTarget };

export type RowProblem = { line: number; column: string; message: string };
export type PreviewRow = {
	line: number;
	code: string;
	procedure: string;
	unitCode: string;
	channel: string;
	receivedAt: string | null;
	dueAt: string | null;
	dueComputed: boolean;
	ok: boolean;
};
export type ImportPreview = {
	id: string;
	unitId: number;
	totalRows: number;
	validRows: number;
	invalidRows: number;
	ignoredColumns: string[];
	rows: PreviewRow[];
	problems: RowProblem[];
	moreProblems: number;
};

const store = new PendingImports<IndexedRecord, StoredImport>();

export async function previewImport(
	bytes: Uint8Array,
	unit: ImportTarget,
	userId: number,
	locale: Locale,
	now = Date.now()
): Promise<{ ok: true; preview: ImportPreview } | { ok: false; problem: CsvFileProblem }> {
	store.sweep(now);
	const parsed = parseDossierCsv(bytes);
	if (!parsed.ok) return parsed;
	const { rows, ignoredColumns } = parsed.file;
	const lineOf = (index: number) => rows[index].line;
	const entries: IndexedRecord[] = [];
	const problems: { index: number; problem: FieldProblem }[] = [];
	rows.forEach((row, index) => {
		const { record, problems: found } = rowToRecord(row, unit.code);
		if (record) entries.push({ index, record });
		for (const problem of found) problems.push({ index, problem });
	});
	const checked = await prepareDossiers(db, entries, [unit.path]);
	for (const p of checked.problems) {
		const params = p.params && 'other' in p.params ? { ...p.params, other: lineOf(Number(p.params.other)) } : p.params;
		problems.push({ index: p.index, problem: { ...p, params, field: columnOf(p.field) } });
	}
	problems.sort((a, b) => a.index - b.index);
	const valid = new Map(checked.rows.map((r) => [r.index, r]));
	const invalidRows = rows.length - valid.size;
	// One pending import per user: a new preview replaces the last.
	const id = newImportId();
	store.keep({
		id,
		kind: KIND,
		userId,
		unit,
		expiresAt: now + IMPORT_TTL_MS,
		valid: checked.rows.map((r) => ({ index: r.index, record: r.record })),
		totalRows: rows.length,
		invalidRows,
		committing: false
	});
	const names = await procedureNames(rows.slice(0, PREVIEW_ROWS).map((r) => r.values.ma_thu_tuc ?? ''));
	return {
		ok: true,
		preview: {
			id,
			unitId: unit.id,
			totalRows: rows.length,
			validRows: valid.size,
			invalidRows,
			ignoredColumns,
			rows: rows.slice(0, PREVIEW_ROWS).map((row, index) => previewRow(row.line, row.values, valid.get(index), names, unit.code)),
			problems: problems.slice(0, LISTED_PROBLEMS).map(({ index, problem }) => ({
				line: lineOf(index),
				column: problem.field,
				message: localised(locale, problem)
			})),
			moreProblems: Math.max(0, problems.length - LISTED_PROBLEMS)
		}
	};
}

async function procedureNames(codes: string[]): Promise<Map<string, string>> {
	const wanted = [...new Set(codes.filter(Boolean))];
	if (wanted.length === 0) return new Map();
	const rows = await db.select({ code: procedures.code, nameVi: procedures.nameVi }).from(procedures).where(inArray(procedures.code, wanted));
	return new Map(rows.map((p) => [p.code, p.nameVi]));
}

function previewRow(
	line: number,
	values: Partial<Record<string, string>>,
	prepared: PreparedDossier | undefined,
	names: Map<string, string>,
	defaultUnit: string
): PreviewRow {
	const procedureCode = values.ma_thu_tuc ?? '';
	return {
		line,
		code: values.ma_ho_so ?? '',
		procedure: names.has(procedureCode) ? `${procedureCode} – ${names.get(procedureCode)}` : procedureCode,
		unitCode: values.ma_don_vi || defaultUnit,
		channel: values.kenh || 'counter',
		receivedAt: prepared?.values.receivedAt.toISOString() ?? null,
		dueAt: prepared?.values.dueAt.toISOString() ?? null,
		dueComputed: prepared?.dueComputed ?? false,
		ok: prepared !== undefined
	};
}

export type PendingImport = { id: string; unitId: number; totalRows: number; validRows: number; invalidRows: number };

/** The caller's own pending import, if it has not expired. */
export function pendingImport(id: string, userId: number, now = Date.now()): PendingImport | null {
	const item = store.find(id, userId, KIND, now);
	return item && { id, unitId: item.unit.id, totalRows: item.totalRows, validRows: item.valid.length, invalidRows: item.invalidRows };
}

export type { ImportProgress };
export type CommitRefusal = ImportRefusal;

/**
 * Claims a pending import for writing. Refused when the file has errors and the user did not
 * choose to import the valid rows only.
 */
export function claimImport(id: string, userId: number, validOnly: boolean, now = Date.now()): { ok: true } | { ok: false; reason: CommitRefusal } {
	return store.claim(id, userId, KIND, validOnly, now);
}

/**
 * Writes a claimed import in committed batches, yielding progress after each. Rows are checked
 * again in their batch (an officer or unit may have changed since the preview); rows that no
 * longer pass are skipped and counted. Upserts are idempotent, so an interrupted import can
 * simply be run again.
 */
export function commitImport(id: string): AsyncGenerator<ImportProgress, ImportProgress> {
	return store.commit(id, () => IMPORT_BATCH, async (batch, item) => {
		const scope = [item.unit.path];
		const results = await db.transaction(async (tx) => {
			const checked = await prepareDossiers(tx, batch, scope, { lock: true });
			return writeDossiers(tx, checked.rows, checked.existing, scope);
		});
		const counted = (outcome: UpsertOutcome) => results.filter((r) => r.result === outcome).length;
		return { created: counted('created'), updated: counted('updated'), unchanged: counted('unchanged'), skipped: batch.length - results.length };
	});
}

/** For tests: forget every pending import. */
export function clearImports() {
	store.clear();
}
