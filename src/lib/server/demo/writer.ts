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
	return s.replace(/[\\\t\n\r]/g, (c) =>
		c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'
	);
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
				await tx.query(`COPY "${table.name}" (${columnList(table)}) FROM '/dev/blob'`, [], {
					blob
				});
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

/** Below this many rows a multi-row INSERT beats COPY, whose stream set-up costs tens of ms. */
const SMALL_BATCH = 2_000;

function insertStatement(table: TableSpec, rows: Cell[][]): string {
	return `INSERT INTO "${table.name}" (${columnList(table)}) VALUES ${rows.map((r) => `(${r.map(literal).join(', ')})`).join(', ')}`;
}

function postgresSink(tx: postgres.Sql): RowSink {
	return {
		async write(table, rows) {
			if (rows.length <= SMALL_BATCH) {
				await tx.unsafe(insertStatement(table, rows));
				return;
			}
			for (let i = 0; i < rows.length; i += COPY_CHUNK) {
				const text = copyText(rows.slice(i, i + COPY_CHUNK));
				const stream = await tx
					.unsafe(`COPY "${table.name}" (${columnList(table)}) FROM STDIN`)
					.writable();
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
export async function inTransaction<T>(
	h: DatabaseHandle,
	work: (sink: RowSink) => Promise<T>
): Promise<T> {
	if (h.kind === 'postgres') {
		if (!h.bulk) throw new Error('the PostgreSQL handle has no bulk client');
		return (await h.bulk.begin((tx) => work(postgresSink(tx as unknown as postgres.Sql)))) as T;
	}
	const pglite: PGlite | undefined = h.pglite;
	if (!pglite) throw new Error('the PGlite handle has no PGlite instance');
	return pglite.transaction((tx) => work(pgliteSink(tx)));
}

/**
 * Buffers rows per table and writes them in the order the tables were declared (parents
 * first). A batch is written while the next one is being generated: at most one in flight.
 */
export class RowBuffer {
	private rows = new Map<TableSpec, Cell[][]>();
	private pending = 0;
	private inflight: Promise<void> = Promise.resolve();
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
		if (row.length !== table.columns.length)
			throw new Error(`${table.name}: ${row.length} cells for ${table.columns.length} columns`);
		list.push(row);
		this.pending++;
	}

	get size(): number {
		return this.pending;
	}

	/** Waits for the batch in flight (rethrowing its error), then starts writing the buffered rows. */
	async startFlush(): Promise<void> {
		await this.inflight;
		const batch = [...this.rows].filter(([, list]) => list.length > 0);
		for (const t of this.rows.keys()) this.rows.set(t, []);
		this.pending = 0;
		this.inflight = (async () => {
			for (const [table, list] of batch) {
				await this.sink.write(table, list);
				this.written += list.length;
			}
		})();
		// Observed by the next startFlush or flush; this only stops an "unhandled" warning meanwhile.
		this.inflight.catch(() => {});
	}

	/** Writes everything buffered and waits for it. */
	async flush(): Promise<void> {
		await this.startFlush();
		await this.inflight;
	}
}

/**
 * Bulk-load mode, as pg_restore does it: the per-row foreign-key triggers are switched off
 * for this transaction (session_replication_role = replica) and every foreign key is checked
 * set-wise by verifyForeignKeys before commit. Per-row FK checks were most of the load time.
 * Only when allowed (superuser) and harmless: no user trigger on INSERT into the tables written
 * that replica mode would silence. Disabled triggers (DISABLE TRIGGER) and ENABLE ALWAYS ones fire
 * the same in both modes, so they do not stand in the way (the dashboard benchmark loads with the
 * rollup triggers set one way or the other). Otherwise the load runs with the checks on and is
 * just slower.
 */
export async function skipRowForeignKeyChecks(
	sink: RowSink,
	tables: readonly TableSpec[]
): Promise<boolean> {
	const [role] = await sink.query<{ rolsuper: boolean }>(
		'select rolsuper from pg_roles where rolname = current_user'
	);
	if (!role?.rolsuper) return false;
	const names = tables.map((t) => literal(t.name)).join(', ');
	const triggers = await sink.query<{ tgname: string }>(
		`select tgname from pg_trigger where not tgisinternal and (tgtype & 4) <> 0 and tgenabled in ('O', 'R') and tgrelid::regclass::text in (${names})`
	);
	if (triggers.length > 0) return false;
	await sink.exec('set local session_replication_role = replica');
	return true;
}

/** Every foreign key of the written tables holds (MATCH SIMPLE: rows with a NULL key column pass). */
export async function verifyForeignKeys(
	sink: RowSink,
	tables: readonly TableSpec[]
): Promise<void> {
	const names = tables.map((t) => literal(t.name)).join(', ');
	const fks = await sink.query<{
		conname: string;
		child: string;
		parent: string;
		child_cols: string;
		parent_cols: string;
	}>(`
		select c.conname, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
			(select string_agg(quote_ident(a.attname), ',' order by k.ord) from unnest(c.conkey) with ordinality k(attnum, ord)
				join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as child_cols,
			(select string_agg(quote_ident(a.attname), ',' order by k.ord) from unnest(c.confkey) with ordinality k(attnum, ord)
				join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) as parent_cols
		from pg_constraint c where c.contype = 'f' and c.conrelid::regclass::text in (${names})`);
	const broken: string[] = [];
	for (const fk of fks) {
		const childCols = fk.child_cols.split(',');
		const parentCols = fk.parent_cols.split(',');
		const notNull = childCols.map((c) => `x.${c} is not null`).join(' and ');
		const match = childCols.map((c, i) => `p.${parentCols[i]} = x.${c}`).join(' and ');
		const [row] = await sink.query<{ n: number | string }>(
			`select count(*) as n from ${fk.child} x where ${notNull} and not exists (select 1 from ${fk.parent} p where ${match})`
		);
		if (Number(row.n) > 0) broken.push(`${fk.conname}: ${row.n} rows`);
	}
	if (broken.length > 0) throw new Error(`demo data breaks foreign keys: ${broken.join('; ')}`);
}
