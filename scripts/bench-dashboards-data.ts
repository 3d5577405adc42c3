/**
 * The dashboard benchmark's data set: the demo province (scripts/seed.ts's generator) at benchmark
 * size in a PostgreSQL database of its own, reused while its parameters match.
 *
 *   tsx scripts/bench-dashboards-data.ts [--officers 1020] [--months 36] [--seed 2026] [--end 2026-11-01]
 *                                        [--rollups rebuild|triggers] [--fresh]
 *
 * BENCH_DATABASE_URL names the database (default postgres://127.0.0.1:5432/hl_bench); it is
 * created when missing. A database is only ever dropped when it holds this benchmark's marker
 * (the `bench.dataset` setting) or no units at all, so pointing the variable at a real database
 * cannot destroy it.
 *
 * The rollup triggers (migrations 0005/0007) fire on COPY too. Two ways to load:
 *   --rollups triggers  the triggers run for every COPY batch (ENABLE ALWAYS, so the generator's
 *                       bulk-load mode, session_replication_role = replica, does not silence them);
 *   --rollups rebuild   the rollup triggers are disabled for the load and the rollups recomputed
 *                       once afterwards by rebuildRollups (the default: faster; docs/benchmarks.md).
 * Only the rollup triggers (functions rollup_*) are touched; the append-only triggers stay as they
 * are. ANALYZE runs after loading, and the marker records the parameters and the timings.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { localTime } from '../src/lib/server/calendar/working-days';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import { rebuildRollups } from '../src/lib/server/dashboards/rollups';
import { seedDemo } from '../src/lib/server/demo/seed-demo';

export const DEFAULT_BENCH_URL = 'postgres://127.0.0.1:5432/hl_bench';
const MARKER = 'bench.dataset';

export type RollupLoad = 'rebuild' | 'triggers';

export interface BenchDataParams {
	officers: number;
	months: number;
	seed: number;
	/** Vietnam date: the window ends at its local midnight. */
	end: string;
}

/** ~10 million ratings: 1,020 officers × 36 months (~13 ratings per officer and working day, ~750 working days). */
export const DEFAULT_PARAMS: BenchDataParams = {
	officers: 1020,
	months: 36,
	seed: 2026,
	end: '2026-11-01'
};

export interface BenchDataInfo extends BenchDataParams {
	rollups: RollupLoad;
	generatedAt: string;
	/** Wall-clock seconds: the generator (COPY included), the secondary indexes, the rollup rebuild (0 with triggers), ANALYZE. */
	seedSeconds: number;
	indexSeconds: number;
	rebuildSeconds: number;
	analyzeSeconds: number;
	rowsWritten: number;
	/** Exclusions added after the load through the ordinary path (the rollup triggers adjust the rollups). */
	exclusions?: { added: number; revoked: number; seconds: number };
}

export interface BenchData {
	handle: DatabaseHandle;
	info: BenchDataInfo;
	reused: boolean;
	counts: Record<string, number>;
}

const COUNTED_TABLES = [
	'units',
	'officers',
	'counters',
	'dossiers',
	'service_events',
	'ratings',
	'rating_exclusions',
	'complaints',
	'rollup_officer_day',
	'rollup_unit_hour',
	'rollup_unit_day',
	'rollup_counter_day'
];

function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

function databaseName(url: string): string {
	const name = decodeURIComponent(new URL(url).pathname.slice(1));
	if (!/^[a-z_][a-z0-9_]*$/.test(name))
		throw new Error(`benchmark database name must be a plain identifier, got "${name}"`);
	return name;
}

const sameParams = (a: BenchDataParams, b: BenchDataParams) =>
	a.officers === b.officers && a.months === b.months && a.seed === b.seed && a.end === b.end;

/** What the database holds now: absent, empty (no units), a benchmark data set, or something else. */
async function inspect(
	url: string
): Promise<{ state: 'absent' | 'empty' | 'bench' | 'foreign'; info?: BenchDataInfo }> {
	const name = databaseName(url);
	const admin = postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
	try {
		const [exists] = await admin`select 1 as x from pg_database where datname = ${name}`;
		if (!exists) return { state: 'absent' };
	} finally {
		await admin.end();
	}
	const c = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [tables] =
			await c`select to_regclass('public.settings') is not null as settings, to_regclass('public.units') is not null as units`;
		if (tables.settings) {
			const [marker] = await c`select value from settings where key = ${MARKER}`;
			if (marker) return { state: 'bench', info: marker.value as BenchDataInfo };
		}
		if (!tables.units) return { state: 'empty' };
		const [units] = await c`select exists (select 1 from units) as any`;
		return { state: units.any ? 'foreign' : 'empty' };
	} finally {
		await c.end();
	}
}

async function recreate(url: string): Promise<void> {
	const name = databaseName(url);
	const admin = postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end();
	}
}

/** INSERT triggers that maintain the rollups (their functions are named rollup_*). */
async function rollupInsertTriggers(h: DatabaseHandle): Promise<{ tbl: string; tgname: string }[]> {
	return h.rows<{ tbl: string; tgname: string }>(sql`
		select t.tgrelid::regclass::text as tbl, t.tgname
		from pg_trigger t join pg_proc p on p.oid = t.tgfoid
		where not t.tgisinternal and (t.tgtype & 4) <> 0 and p.proname like 'rollup\_%'
		order by 1, 2`);
}

/** The big tables' secondary indexes (not the primary keys, which foreign keys rely on). */
const INDEXED_TABLES = ['ratings', 'dossiers', 'service_events'];

async function secondaryIndexes(h: DatabaseHandle): Promise<{ name: string; def: string }[]> {
	const tables = sql.join(
		INDEXED_TABLES.map((t) => sql`${t}`),
		sql`, `
	);
	return h.rows<{ name: string; def: string }>(sql`
		select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
		from pg_index i
		where i.indrelid::regclass::text in (${tables}) and not i.indisprimary
			and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
		order by 1`);
}

async function setTriggers(
	h: DatabaseHandle,
	triggers: { tbl: string; tgname: string }[],
	how: 'DISABLE' | 'ENABLE ALWAYS' | 'ENABLE'
) {
	for (const t of triggers)
		await h.rows(sql.raw(`alter table ${t.tbl} ${how} trigger ${t.tgname}`));
}

/**
 * The demo writes no exclusions, so without these the "not excluded" half of the counted-rating
 * rule would never be exercised. Every 1,000th counted rating is excluded in one INSERT and every
 * third of those revoked in one UPDATE, as an inspector's bulk decision would be: the statement
 * triggers move them out of (and back into) the rollups, and the benchmark's equality check then
 * compares rollups and raw rows with exclusions present. Done once; recorded in the marker.
 */
async function addExclusions(
	h: DatabaseHandle,
	info: BenchDataInfo,
	log: (m: string) => void
): Promise<BenchDataInfo> {
	if (info.exclusions) return info;
	const began = performance.now();
	const [user] = await h.rows<{ id: number }>(sql`
		insert into users (username, display_name, password_hash) values ('bench-exclusions', 'Benchmark', '!')
		returning id`);
	const [added] = await h.rows<{ n: string }>(sql`
		with x as (
			insert into rating_exclusions (rating_id, reason, note, excluded_by)
			select id, 'test_data', 'benchmark: every 1,000th counted rating', ${user.id} from ratings where counted and id % 1000 = 0
			returning 1
		) select count(*) as n from x`);
	const [revoked] = await h.rows<{ n: string }>(sql`
		with x as (
			update rating_exclusions set revoked_at = now(), revoked_by = ${user.id}
			where excluded_by = ${user.id} and rating_id % 3000 = 0 returning 1
		) select count(*) as n from x`);
	const exclusions = {
		added: Number(added.n),
		revoked: Number(revoked.n),
		seconds: seconds(began)
	};
	log(
		`exclusions: ${exclusions.added.toLocaleString('en')} added and ${exclusions.revoked.toLocaleString('en')} revoked (rollups adjusted by the triggers) in ${exclusions.seconds} s`
	);
	const next = { ...info, exclusions };
	await writeMarker(h, next);
	return next;
}

async function writeMarker(h: DatabaseHandle, info: BenchDataInfo): Promise<void> {
	await h.rows(sql`insert into settings (key, value) values (${MARKER}, ${JSON.stringify(info)}::jsonb)
		on conflict (key) do update set value = excluded.value, updated_at = now()`);
}

export async function rowCounts(h: DatabaseHandle): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const t of COUNTED_TABLES) {
		const [r] = await h.rows<{ n: string | number }>(sql.raw(`select count(*) as n from ${t}`));
		counts[t] = Number(r.n);
	}
	return counts;
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/**
 * Opens the benchmark database, generating the data first when it is missing, was made with other
 * parameters, or `fresh` is set. The caller closes the returned handle.
 */
export async function ensureBenchData(o: {
	url?: string;
	params?: Partial<BenchDataParams>;
	rollups?: RollupLoad;
	fresh?: boolean;
	log?: (message: string) => void;
}): Promise<BenchData> {
	const url = o.url ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
	const params: BenchDataParams = { ...DEFAULT_PARAMS, ...o.params };
	const rollups = o.rollups ?? 'rebuild';
	const log = o.log ?? ((m: string) => console.log(m));
	const found = await inspect(url);
	if (found.state === 'foreign')
		throw new Error(
			`${databaseName(url)} holds units but no benchmark marker: refusing to touch it (set BENCH_DATABASE_URL to another database)`
		);
	if (found.state === 'bench' && found.info && sameParams(found.info, params) && !o.fresh) {
		const handle = await openDatabase({ kind: 'postgres', url, max: 4 });
		log(`Reusing ${databaseName(url)}: ${describe(found.info)}`);
		// Migrations added since the data was generated (new rollups backfill themselves).
		await handle.migrate(path.resolve('drizzle'));
		const info = await addExclusions(handle, found.info, log);
		// A backfill rewrites every rollup row; a deployment's autovacuum would have cleared the old
		// versions by the time anyone reads the dashboards, so the benchmark does not time them.
		const began = performance.now();
		await handle.rows(sql`vacuum analyze rollup_officer_day, rollup_unit_hour, rollup_unit_day, rollup_counter_day, rating_marks`);
		log(`VACUUM ANALYZE of the rollups and marks: ${seconds(began)} s`);
		return { handle, info, reused: true, counts: await rowCounts(handle) };
	}

	log(
		found.state === 'bench'
			? `${o.fresh ? 'Regenerating (--fresh)' : 'Regenerating (other parameters)'} ${databaseName(url)}`
			: `Generating ${databaseName(url)}`
	);
	await recreate(url);
	const handle = await openDatabase({ kind: 'postgres', url, max: 4 });
	try {
		await handle.migrate(path.resolve('drizzle'));
		const triggers = await rollupInsertTriggers(handle);
		log(
			`rollup triggers: ${triggers.map((t) => `${t.tbl}.${t.tgname}`).join(', ')} → ${rollups === 'rebuild' ? 'disabled for the load' : 'enabled always'}`
		);
		// As pg_restore does: secondary indexes are built once after the load, not row by row.
		const indexes = await secondaryIndexes(handle);
		log(
			`secondary indexes dropped for the load and rebuilt after it: ${indexes.map((i) => i.name).join(', ')}`
		);
		const began = performance.now();
		for (const i of indexes) await handle.rows(sql.raw(`drop index ${i.name}`));
		await setTriggers(handle, triggers, rollups === 'rebuild' ? 'DISABLE' : 'ENABLE ALWAYS');
		let summary: Awaited<ReturnType<typeof seedDemo>>;
		let seedSeconds: number;
		let indexSeconds: number;
		try {
			summary = await seedDemo(handle, {
				seed: params.seed,
				months: params.months,
				officers: params.officers,
				endDate: localTime(params.end, 0),
				onProgress: log
			});
		} finally {
			await setTriggers(handle, triggers, 'ENABLE');
			seedSeconds = seconds(began);
			const t = performance.now();
			await handle.bulk!.begin(async (tx) => {
				await tx.unsafe(`set local maintenance_work_mem = '512MB'`);
				for (const i of indexes) await tx.unsafe(i.def);
			});
			indexSeconds = seconds(t);
		}
		log(
			`generator: ${summary.rowsWritten.toLocaleString('en')} rows in ${seedSeconds} s; ${indexes.length} indexes built in ${indexSeconds} s`
		);
		let rebuildSeconds = 0;
		if (rollups === 'rebuild') {
			const t = performance.now();
			const r = await rebuildRollups(handle);
			rebuildSeconds = seconds(t);
			log(
				`rebuildRollups: ${r.officerDays.toLocaleString('en')} officer-days, ${r.unitHours.toLocaleString('en')} unit-hours, ${r.unitDays.toLocaleString('en')} unit-days, ${r.counterDays.toLocaleString('en')} counter-days in ${rebuildSeconds} s`
			);
		}
		const t = performance.now();
		await handle.rows(sql`analyze`);
		const analyzeSeconds = seconds(t);
		log(`ANALYZE: ${analyzeSeconds} s`);
		const info: BenchDataInfo = {
			...params,
			rollups,
			generatedAt: new Date().toISOString(),
			seedSeconds,
			indexSeconds,
			rebuildSeconds,
			analyzeSeconds,
			rowsWritten: summary.rowsWritten
		};
		await writeMarker(handle, info);
		log(`Generated: ${describe(info)}`);
		return {
			handle,
			info: await addExclusions(handle, info, log),
			reused: false,
			counts: await rowCounts(handle)
		};
	} catch (e) {
		await handle.close();
		throw e;
	}
}

export function describe(i: BenchDataInfo): string {
	const total = i.seedSeconds + i.indexSeconds + i.rebuildSeconds + i.analyzeSeconds;
	return (
		`demo province, ${i.officers} officers × ${i.months} months to ${i.end} (seed ${i.seed}), generated ${i.generatedAt.slice(0, 16)}Z ` +
		`with rollups by ${i.rollups}: generator ${i.seedSeconds} s + indexes ${i.indexSeconds} s + rebuild ${i.rebuildSeconds} s + ANALYZE ${i.analyzeSeconds} s = ${Math.round(total)} s ` +
		`(${i.rowsWritten.toLocaleString('en')} rows)` +
		(i.exclusions
			? `; then ${i.exclusions.added.toLocaleString('en')} exclusions (${i.exclusions.revoked.toLocaleString('en')} revoked) through the triggers in ${i.exclusions.seconds} s`
			: '')
	);
}

export function printCounts(
	counts: Record<string, number>,
	log = (m: string) => console.log(m)
): void {
	const width = Math.max(...Object.keys(counts).map((k) => k.length));
	for (const [t, n] of Object.entries(counts))
		log(`  ${t.padEnd(width)}  ${n.toLocaleString('en').padStart(12)}`);
}

export function parseDataArgs(argv: string[]): {
	params: BenchDataParams;
	rollups: RollupLoad;
	fresh: boolean;
	rest: Record<string, string | boolean | undefined>;
} {
	const { values } = parseArgs({
		args: argv,
		options: {
			officers: { type: 'string' },
			months: { type: 'string' },
			seed: { type: 'string' },
			end: { type: 'string' },
			rollups: { type: 'string' },
			fresh: { type: 'boolean' },
			runs: { type: 'string' },
			'naive-runs': { type: 'string' },
			quick: { type: 'boolean' },
			pages: { type: 'string' }
		},
		strict: true
	});
	const int = (v: string | undefined, name: string, fallback: number) => {
		if (v === undefined) return fallback;
		if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number, got ${v}`);
		return Number(v);
	};
	if (values.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.end))
		throw new Error(`--end must be YYYY-MM-DD, got ${values.end}`);
	if (values.rollups !== undefined && values.rollups !== 'rebuild' && values.rollups !== 'triggers')
		throw new Error(`--rollups must be rebuild or triggers, got ${values.rollups}`);
	return {
		params: {
			officers: int(values.officers, 'officers', DEFAULT_PARAMS.officers),
			months: int(values.months, 'months', DEFAULT_PARAMS.months),
			seed: int(values.seed, 'seed', DEFAULT_PARAMS.seed),
			end: values.end ?? DEFAULT_PARAMS.end
		},
		rollups: (values.rollups as RollupLoad | undefined) ?? 'rebuild',
		fresh: values.fresh ?? false,
		rest: { runs: values.runs, naiveRuns: values['naive-runs'], quick: values.quick, pages: values.pages }
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const args = parseDataArgs(process.argv.slice(2));
	const data = await ensureBenchData({
		params: args.params,
		rollups: args.rollups,
		fresh: args.fresh
	});
	printCounts(data.counts);
	await data.handle.close();
}
