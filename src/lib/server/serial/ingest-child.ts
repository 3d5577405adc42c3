/**
 * A stand-alone ingesting process for the kill -9 tests: reads one port into a database with
 * the same reader and sink as the server.
 *   node --import tsx ingest-child.ts --port /dev/pts/N (--pglite DIR | --url postgres://…)
 * Prints "ready" once the database is open; runs until killed.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client';
import { DbSink } from './db-sink';
import { SerialReader } from './reader';

const { values } = parseArgs({ options: { port: { type: 'string' }, pglite: { type: 'string' }, url: { type: 'string' } } });
if (!values.port || (!values.pglite && !values.url)) {
	console.error('usage: ingest-child --port PATH (--pglite DIR | --url URL)');
	process.exit(2);
}
const handle = values.url ? await openDatabase({ kind: 'postgres', url: values.url, max: 4 }) : await openDatabase({ kind: 'pglite', dataDir: values.pglite! });
const sink = new DbSink({ db: handle.db, concurrency: handle.kind === 'postgres' ? 3 : 1, log: (l) => console.error(l) });
const reader = new SerialReader({ path: values.port, sink, log: (l) => console.error(l) });
reader.start();
console.log('ready');
