#!/usr/bin/env node
// `npm test`: every test, in order, stopping at the first failure:
//   tools (scripts/test-tools.mjs) → build → vitest (PGlite, and PostgreSQL when TEST_DATABASE_URL
//   is set; the abuse suite runs against the built server) → firmware → Playwright.
// Its last line says what passed, and what was not tested and why.
import { spawnSync } from 'node:child_process';
import { AREAS, ensureTools, skippedAreas } from './test-tools.mjs';

const env = process.env;
const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

function run(label, command, args) {
	console.log(`\n=== npm test: ${label} (${seconds()})`);
	const r = spawnSync(command, args, { stdio: 'inherit', env });
	return r.status === 0;
}

const code = ensureTools(env);
if (code !== 0) process.exit(code);
const skipped = skippedAreas(env);

const steps = [
	['build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
	['unit, integration and abuse tests (vitest)', 'npx', ['vitest', 'run']],
	['firmware: build for ATmega328P, host tests, simavr run', 'make', ['-C', 'firmware-protocol/firmware', 'firmware', 'test', 'simtest'], 'firmware'],
	['browser tests (Playwright)', 'npx', ['playwright', 'test'], 'browser']
];

const passed = [];
for (const [label, command, args, area] of steps) {
	if (area && skipped.has(area)) continue;
	if (!run(label, command, args)) {
		console.error(`\nnpm test: FAILED at: ${label} (${seconds()})`);
		process.exit(1);
	}
	if (label !== 'build') passed.push(label.replace(/:.*/, ''));
}

const notTested = [...skipped].map((a) => `${AREAS[a]} (HL_TEST_SKIP)`);
if (!env.TEST_DATABASE_URL) notTested.push('PostgreSQL (TEST_DATABASE_URL is not set: PGlite only)');
console.log(
	`\nnpm test: passed in ${seconds()}: ${passed.join('; ')}` +
		(notTested.length ? `. NOT TESTED: ${notTested.join('; ')}` : '. Nothing left out.')
);
