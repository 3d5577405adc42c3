/**
 * Thông tư 01/2018 on the indices page at benchmark size: `benchTt01(handle, …)` times the three
 * TT 01 read models the page runs (per-dossier tallies, unit-level scores, petitions evidence) for
 * the province and for each sampled unit subtree, then prints the EXPLAIN (ANALYZE, BUFFERS) of
 * the slowest. Kept apart from bench-dashboards.ts so it can be wired there (one call after the
 * dashboards) without touching the other benches; also runnable alone:
 *
 *   tsx scripts/bench-tt01.ts [--month YYYY-MM] [--runs 10]     (BENCH_DATABASE_URL, default hl_bench)
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { useDatabase } from '../src/lib/server/db';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import { monthOf } from '../src/lib/server/indices/period';
import { quarterOfMonth } from '../src/lib/server/indices/tt01';
import { petitionEvidence, tt01Tallies, unitScores, type Scope } from '../src/lib/server/indices/tt01-queries';
import { percentile } from './bench-support';

export interface Tt01BenchRow {
	scope: string;
	fn: string;
	p50: number;
	p95: number;
	max: number;
}

/**
 * Times the TT 01 read models for `scopes` over `monthKey`. `handle` must be the database in use
 * (useDatabase); queries are recorded through it to explain the slowest.
 */
export async function benchTt01(handle: DatabaseHandle, monthKey: string, scopes: { label: string; scope: Scope }[], runs = 10): Promise<Tt01BenchRow[]> {
	const month = monthOf(monthKey);
	if (!month) throw new Error(`bad month ${monthKey}`);
	const quarter = quarterOfMonth(monthKey);
	const asOf = month.to;
	let slowest: { ms: number; query: SQL; label: string } | null = null;
	const recording: DatabaseHandle = {
		...handle,
		async rows<T>(query: SQL) {
			const t0 = performance.now();
			const out = await handle.rows<T>(query);
			const ms = performance.now() - t0;
			if (!slowest || ms > slowest.ms) slowest = { ms, query, label: 'TT 01 query' };
			return out;
		}
	};
	useDatabase(recording);
	const fns: [string, (scope: Scope) => Promise<unknown>][] = [
		['tt01Tallies', (scope) => tt01Tallies(scope, month)],
		['unitScores', (scope) => unitScores(scope, quarter)],
		['petitionEvidence', (scope) => petitionEvidence(scope, quarter, asOf)]
	];
	const out: Tt01BenchRow[] = [];
	try {
		for (const { label, scope } of scopes) {
			for (const [fn, run] of fns) {
				await run(scope); // warm-up
				const times: number[] = [];
				for (let i = 0; i < runs; i++) {
					const t0 = performance.now();
					await run(scope);
					times.push(performance.now() - t0);
				}
				times.sort((a, b) => a - b);
				out.push({ scope: label, fn, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] });
			}
		}
	} finally {
		useDatabase(handle);
	}
	console.log('\nThông tư 01/2018 read models (ms)');
	for (const r of out) console.log(`  ${r.scope.padEnd(30)} ${r.fn.padEnd(18)} p50 ${r.p50.toFixed(1).padStart(8)}  p95 ${r.p95.toFixed(1).padStart(8)}  max ${r.max.toFixed(1).padStart(8)}`);
	const worst = slowest as { ms: number; query: SQL; label: string } | null;
	if (worst && handle.bulk) {
		const { sql: text, params } = new PgDialect().sqlToQuery(worst.query);
		const plan = (await handle.bulk.unsafe(`explain (analyze, buffers) ${text}`, params as never[])) as unknown as Record<string, string>[];
		console.log(`\nslowest TT 01 query (${worst.ms.toFixed(1)} ms), EXPLAIN (ANALYZE, BUFFERS):`);
		for (const r of plan.slice(0, 60)) console.log(`  ${Object.values(r)[0]}`);
	}
	return out;
}

async function main() {
	const argv = process.argv.slice(2);
	const arg = (name: string) => {
		const i = argv.indexOf(name);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const url = process.env.BENCH_DATABASE_URL ?? 'postgres://127.0.0.1:5432/hl_bench';
	const h = await openDatabase({ kind: 'postgres', url, max: 10 });
	useDatabase(h);
	try {
		const [last] = await h.rows<{ month: string | null }>(sql`select to_char(max(completed_at) - interval '1 month', 'YYYY-MM') as month from dossiers`);
		const monthKey = arg('--month') ?? last?.month;
		if (!monthKey) throw new Error('no dossiers in the benchmark database: load it first (npm run bench:dashboards)');
		const busiest = await h.rows<{ path: string; name_vi: string }>(sql`
			select u.path, u.name_vi from units u join dossiers d on d.unit_id = u.id
			group by u.id order by count(*) desc limit 5`);
		await benchTt01(
			h,
			monthKey,
			[{ label: 'province (all units)', scope: null }, ...busiest.map((u) => ({ label: u.name_vi.slice(0, 30), scope: [u.path] }))],
			Number(arg('--runs') ?? 10)
		);
	} finally {
		await h.close();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	main().catch((e) => {
		console.error(e);
		process.exit(1);
	});
}
