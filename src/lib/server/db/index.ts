import type { DatabaseHandle, Db } from './client';

export type { Db, DatabaseHandle } from './client';

/**
 * The one `db` of the running app. It is set once at start-up (hooks.server.ts `init`, or a
 * CLI, or a test) by `useDatabase`; ES module live bindings make the new value visible to every
 * importer.
 */
export let db: Db;
export let database: DatabaseHandle;

export function useDatabase(handle: DatabaseHandle): void {
	database = handle;
	db = handle.db;
}
