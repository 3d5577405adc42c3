import { hostname } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { applyCurrentState, currentStateDir } from './current-state';
import { acquireDataDirLock } from './data-dir-lock';
import { num, type DbNumber } from './decode';
import * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it: all app code is written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
	db: Db;
	kind: DatabaseKind;
	/** A human description for the start-up banner (never includes a password). */
	description: string;
	/**
	 * Raw SQL returning rows as plain objects, the same shape on both drivers. The caller names the
	 * row type (columns read through db/decode.ts) or parses the rows; unnamed, they are `unknown`.
	 */
	rows<T = unknown>(query: SQL): Promise<T[]>;
	/**
	 * A separate postgres.js client for bulk work (COPY, multi-row raw INSERT): drizzle alters
	 * the client it is given (stack notes). Undefined on PGlite.
	 */
	bulk?: postgres.Sql;
	pglite?: PGlite;
	/** Runs a multi-statement SQL text (no parameters) in one transaction, rolled back on error. */
	execInTransaction(text: string): Promise<void>;
	/** Applies the migrations in order, then the current-state SQL files (db/current-state.ts). */
	migrate(migrationsDir: string): Promise<void>;
	close(): Promise<void>;
}

/**
 * PostgreSQL's statement_timeout and idle_in_transaction_session_timeout for the connections
 * that serve requests (0 = none). A statement that runs too long is cancelled and its request
 * fails, instead of holding a connection and its locks; a transaction left idle (a process
 * stuck between two statements) is ended by the server, releasing its locks.
 */
export type Timeouts = { statementMs: number; idleInTransactionMs: number };

export type OpenOptions =
	| {
			kind: 'postgres';
			url: string;
			max?: number;
			timeouts?: Timeouts;
			/** Seconds to wait for a connection (postgres.js waits 30 by default): short for a standby, so one that went away is skipped quickly. */
			connectTimeoutS?: number;
	  }
	| {
			kind: 'pglite';
			dataDir?: string;
			loadDataDir?: Blob;
			lock?: boolean;
			/**
			 * PostgreSQL's shared_buffers inside PGlite, in MB (PostgreSQL's default, 128, when unset).
			 * PGlite touches the whole buffer pool when it opens, so it is most of an open embedded
			 * database's memory: 16 MB keeps a small pilot server's memory low (bench:province;
			 * docs/benchmarks.md).
			 */
			sharedBuffersMb?: number;
	  };

async function appliedHashes(handle: Pick<DatabaseHandle, 'rows'>): Promise<Map<string, string>> {
	const rows = await handle.rows<{ name: string; sha256: string }>(sql`select name, sha256 from hl_current_state`);
	return new Map(rows.map((r) => [r.name, r.sha256]));
}

export function redactUrl(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return 'postgres://…';
	}
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
	if (options.kind === 'postgres') {
		// JIT off: our queries are short, and whenever the planner's estimates pass jit_above_cost
		// PostgreSQL spent far longer compiling than running the query (rating batches, dashboards;
		// docs/benchmarks.md, "Dashboards at ten million ratings").
		// application_name tells this process's connections apart in pg_stat_activity (/metrics: pool use)
		const connection = { jit: 'off', application_name: `hai-long ${hostname()}:${process.pid}`.slice(0, 63) };
		const t = options.timeouts;
		const limited = t ? { ...connection, statement_timeout: t.statementMs, idle_in_transaction_session_timeout: t.idleInTransactionMs } : connection;
		const connect_timeout = options.connectTimeoutS ?? 30;
		const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {}, connection: limited, connect_timeout });
		// bulk work (the demo's COPY, generated between statements of one transaction) and
		// migrations are the server's own long work at start-up: no timeouts there
		const bulk = postgres(options.url, { max: 2, onnotice: () => {}, connection, connect_timeout });
		const db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db;
		const execInTransaction = async (text: string) => {
			await bulk.begin((tx) => tx.unsafe(text).simple());
		};
		return {
			db,
			kind: 'postgres',
			description: `PostgreSQL ${redactUrl(options.url)}`,
			bulk,
			async rows<T>(query: SQL) {
				return (await db.execute(query)) as unknown as T[];
			},
			execInTransaction,
			async migrate(migrationsFolder) {
				await migratePostgres(drizzlePostgres({ client: bulk }) as never, { migrationsFolder });
				await applyCurrentState({ execInTransaction, appliedHashes: () => appliedHashes(this as DatabaseHandle) }, currentStateDir(migrationsFolder));
			},
			async close() {
				await Promise.all([client.end({ timeout: 5 }), bulk.end({ timeout: 5 })]);
			}
		};
	}

	const release = options.dataDir && options.lock !== false ? acquireDataDirLock(options.dataDir) : () => {};
	let pglite: PGlite;
	try {
		const settings = {
			...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
			...(options.sharedBuffersMb ? { postgresqlconf: [`shared_buffers = ${options.sharedBuffersMb}MB`] } : {})
		};
		pglite = options.dataDir ? await PGlite.create(options.dataDir, settings) : await PGlite.create(settings);
	} catch (e) {
		release();
		throw e;
	}
	const db = drizzlePglite({ client: pglite, schema, casing: 'snake_case' }) as unknown as Db;
	const execInTransaction = async (text: string) => {
		await pglite.transaction((tx) => tx.exec(text));
	};
	return {
		db,
		kind: 'pglite',
		description: options.dataDir ? `PGlite (embedded) ${options.dataDir}` : 'PGlite (embedded, in memory)',
		pglite,
		async rows<T>(query: SQL) {
			return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
		},
		execInTransaction,
		async migrate(migrationsFolder) {
			await migratePglite(db as never, { migrationsFolder });
			await applyCurrentState({ execInTransaction, appliedHashes: () => appliedHashes(this as DatabaseHandle) }, currentStateDir(migrationsFolder));
		},
		async close() {
			try {
				if (!pglite.closed) await pglite.close();
			} finally {
				release();
			}
		}
	};
}

/** Count helper that hides the driver difference (PGlite: number, postgres.js: string). */
export async function count(handle: DatabaseHandle, query: SQL): Promise<number> {
	const [row] = await handle.rows<{ n: DbNumber }>(sql`select (${query})::bigint as n`);
	return num(row?.n);
}
