/**
 * A province's lists through the imports, on the embedded database: `npm run bench:province`.
 *
 *   tsx scripts/bench-province.ts
 *
 * Runs the three import benchmarks at issue 13's sizes — 3,321 communes (and 34 provinces),
 * 5,000 officers, 2,000 procedures — each once with PostgreSQL's default shared_buffers (128 MB)
 * and once with PGLITE_SHARED_BUFFERS_MB=16, the setting a small pilot server can start with.
 * Each prints its own figures beside a plain multi-row INSERT of the same rows (the floor) and
 * says whether the target (under 10 s and 300 MB RSS) was met. Then the same sizes through the
 * built server over HTTP (scripts/bench-province-server.ts), whose process memory is what a
 * province's machine pays. Figures go in docs/benchmarks.md with a date and a commit.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const runs = [
	['units', 'scripts/bench-import-units.ts', []],
	['officers', 'scripts/bench-import-officers.ts', ['--format', 'both']],
	['procedures (CSV)', 'scripts/bench-import-procedures.ts', []],
	['procedures (XLSX)', 'scripts/bench-import-procedures.ts', ['--xlsx']]
] as const;

console.log(`bench:province — Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)} (a loaded machine inflates the times, not the memory)`);
const results: string[] = [];
for (const buffers of [undefined, '16']) {
	const env = { ...process.env, ...(buffers ? { PGLITE_SHARED_BUFFERS_MB: buffers } : {}) };
	const label = buffers ? `shared_buffers ${buffers} MB` : 'shared_buffers 128 MB (default)';
	console.log(`\n=== ${label} ===`);
	for (const [name, script, args] of runs) {
		console.log(`\n--- ${name} ---`);
		const run = spawnSync(process.execPath, [...process.execArgv, script, ...args], { stdio: 'inherit', env });
		results.push(`${name.padEnd(18)} ${label.padEnd(32)} ${run.status === 0 ? 'target met' : 'target NOT met'}`);
	}
}
console.log('\n' + results.join('\n'));

// the same lists through the running server, whose memory is what a province's machine pays
console.log('\n=== through the server ===');
const server = spawnSync(process.execPath, [...process.execArgv, 'scripts/bench-province-server.ts'], { stdio: 'inherit' });
if (server.status !== 0) process.exitCode = 1;
