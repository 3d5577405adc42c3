/**
 * Bulk row writing for the demo generator, inside one transaction so a failed run leaves the
 * database as it was. PostgreSQL: COPY FROM STDIN through the postgres.js bulk client. PGlite:
 * COPY FROM its '/dev/blob' device (the same text format). Both far outrun per-row INSERTs.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type postgres from 'postgres';
import type { DatabaseHandle } from '../db/client';

export type Cell = string | number | boolean | Date | null | readonly string[];

export interface TableSpec {
	name: string;
	columns: readonly string[];
}

export interface RowSink {
	/** Appends rows (cells in `table.columns` order). */
	write(table: TableSpec, rows: Cell[][]): Promise<void>;
	exec(sqlText: string): Promise<void>;
	query<T>(sqlText: string): Promise<T[]>;
}

/** COPY text format: tab-separated, \N for NULL, backslash escapes. */
function copyCell(v: Cell): string {
	if (v === null) return '\\N';
	if (typeof v === 'boolean') return v ? 't' : 'f';
	if (typeof v === 'number') {
		if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
		return String(v);
	}
	if (v instanceof Date) return v.toISOString();
	if (Array.isArray(v)) return copyEscape(`{${v.map(arrayElement).join(',')}}`);
	return copyEscape(v as string);
}

function copyEscape(s: string): string {
	return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function arrayElement(s: string): string {
	return `"${s.replace(/["\\]/g, (c) => '\\' + c)}"`;
}

export function copyText(rows: Cell[][]): string {
	let out = '';
	for (const row of rows) out += row.map(copyCell).join('\t') + '\n';
	return out;
}

/** A SQL literal, for the few statements built as text (standard_conforming_strings is on). */
export function literal(v: Cell): string {
	if (v === null) return 'NULL';
	if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
	if (typeof v === 'number') {
		if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
		return String(v);
	}
	if (v instanceof Date) return `'${v.toISOString()}'`;
	if (Array.isArray(v)) return literal(`{${v.map(arrayElement).join(',')}}`);
	return `'${(v as string).replace(/'/g, "''")}'`;
}

function columnList(table: TableSpec): string {
	return table.columns.map((c) => `"${c}"`).join(', ');
}

/** Rows per COPY: large enough to amortise the round trip, small enough to keep memory flat. */
const COPY_CHUNK = 20_000;

function pgliteSink(tx: Transaction): RowSink {
	return {
		async write(table, rows) {
			for (let i = 0; i < rows.length; i += COPY_CHUNK) {
				const blob = new Blob([copyText(rows.slice(i, i + COPY_CHUNK))]);
				await tx.query(`COPY "${table.name}" (${columnList(table)}) FROM '/dev/blob'`, [], { blob });
			}
		},
		async exec(sqlText) {
			await tx.exec(sqlText);
		},
		async query<T>(sqlText: string) {
			return (await tx.query<T>(sqlText)).rows;
		}
	};
}

function postgresSink(tx: postgres.Sql): RowSink {
	return {
		async write(table, rows) {
			for (let i = 0; i < rows.length; i += COPY_CHUNK) {
				const text = copyText(rows.slice(i, i + COPY_CHUNK));
				const stream = await tx.unsafe(`COPY "${table.name}" (${columnList(table)}) FROM STDIN`).writable();
				await pipeline(Readable.from([text]), stream);
			}
		},
		async exec(sqlText) {
			await tx.unsafe(sqlText);
		},
		async query<T>(sqlText: string) {
			return (await tx.unsafe(sqlText)) as unknown as T[];
		}
	};
}

/** Runs `work` in one transaction on whichever database the handle holds. */
export async function inTransaction<T>(h: DatabaseHandle, work: (sink: RowSink) => Promise<T>): Promise<T> {
	if (h.kind === 'postgres') {
		if (!h.bulk) throw new Error('the PostgreSQL handle has no bulk client');
		return (await h.bulk.begin((tx) => work(postgresSink(tx as unknown as postgres.Sql)))) as T;
	}
	const pglite: PGlite | undefined = h.pglite;
	if (!pglite) throw new Error('the PGlite handle has no PGlite instance');
	return pglite.transaction((tx) => work(pgliteSink(tx)));
}

/** Buffers rows per table and writes them in the order the tables were declared (parents first). */
export class RowBuffer {
	private readonly rows = new Map<TableSpec, Cell[][]>();
	private pending = 0;
	written = 0;

	constructor(
		private readonly sink: RowSink,
		tablesInOrder: TableSpec[]
	) {
		for (const t of tablesInOrder) this.rows.set(t, []);
	}

	add(table: TableSpec, row: Cell[]): void {
		const list = this.rows.get(table);
		if (!list) throw new Error(`table ${table.name} not declared to the buffer`);
		if (row.length !== table.columns.length) throw new Error(`${table.name}: ${row.length} cells for ${table.columns.length} columns`);
		list.push(row);
		this.pending++;
	}

	get size(): number {
		return this.pending;
	}

	async flush(): Promise<void> {
		for (const [table, list] of this.rows) {
			if (list.length === 0) continue;
			await this.sink.write(table, list);
			this.written += list.length;
			list.length = 0;
		}
		this.pending = 0;
	}
}
