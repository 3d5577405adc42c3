#!/usr/bin/env node
// The pre-test step of `npm test`: every system tool the suite needs is here, or is installed
// with apt-get (as root), or the run stops before any test with one line naming the command.
// Nothing is printed when everything is present.
//
// Outside CI a developer may leave an area out on purpose: HL_TEST_SKIP=serial,browser,firmware.
// Its tests then do not run and `npm test` says so on its last line. Under CI=true that is refused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The areas of the suite that need system tools, and what each one tests. */
export const AREAS = {
	browser: 'browser tests (Playwright in Chromium)',
	serial: 'serial tests (socat pseudo-terminals)',
	firmware: 'firmware build, host tests and simavr run'
};

/** Is `name` an executable file in one of the PATH's folders? */
export function onPath(name, env) {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		try {
			fs.accessSync(path.join(dir, name), fs.constants.X_OK);
			return true;
		} catch {
			// not in this folder
		}
	}
	return false;
}

const fileExists = (file) => fs.existsSync(file);

/** The Chromium Playwright will launch: CHROMIUM_PATH if set, else Debian's. Shared with playwright.config.ts. */
export function chromiumPath(env) {
	if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
	if (fileExists('/usr/bin/chromium')) return '/usr/bin/chromium';
	return null;
}

/**
 * Each tool: the area that needs it, the Debian package that brings it, and how to see it is
 * here. `fix` replaces the apt-get advice where installing cannot help.
 */
export const TOOLS = [
	{
		name: 'Chromium',
		area: 'browser',
		pkg: 'chromium',
		present: (env) => {
			const p = chromiumPath(env);
			return p !== null && fileExists(p);
		},
		fix: (env) =>
			env.CHROMIUM_PATH && !fileExists(env.CHROMIUM_PATH)
				? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist: point it at a Chromium, or unset it to use /usr/bin/chromium (apt-get install -y chromium)`
				: null
	},
	{ name: 'socat', area: 'serial', pkg: 'socat', present: (env) => onPath('socat', env) },
	{ name: 'make', area: 'firmware', pkg: 'make', present: (env) => onPath('make', env) },
	{ name: 'a host C compiler (cc)', area: 'firmware', pkg: 'gcc', present: (env) => onPath('cc', env) },
	{ name: 'avr-gcc', area: 'firmware', pkg: 'gcc-avr', present: (env) => onPath('avr-gcc', env) },
	{
		name: 'avr-objcopy and avr-size',
		area: 'firmware',
		pkg: 'binutils-avr',
		present: (env) => onPath('avr-objcopy', env) && onPath('avr-size', env)
	},
	{ name: 'avr-libc', area: 'firmware', pkg: 'avr-libc', present: () => fileExists('/usr/lib/avr/include/avr/io.h') },
	{ name: 'simavr', area: 'firmware', pkg: 'simavr', present: (env) => onPath('simavr', env) },
	{
		name: 'libsimavr-dev',
		area: 'firmware',
		pkg: 'libsimavr-dev',
		present: () => fileExists('/usr/include/simavr/sim_avr.h')
	}
];

/** The areas left out on purpose (HL_TEST_SKIP); an unknown name is an error, not a silent no-op. */
export function skippedAreas(env) {
	const names = (env.HL_TEST_SKIP ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	for (const n of names) {
		if (!(n in AREAS)) throw new Error(`HL_TEST_SKIP: unknown area '${n}' (known: ${Object.keys(AREAS).join(', ')})`);
	}
	if (names.length && env.CI === 'true') {
		throw new Error(`HL_TEST_SKIP=${env.HL_TEST_SKIP} is refused under CI=true: CI runs every test`);
	}
	return new Set(names);
}

function missingTools(env, skipped) {
	return TOOLS.filter((t) => !skipped.has(t.area) && !t.present(env));
}

function canInstall(env) {
	return process.getuid?.() === 0 && onPath('apt-get', env);
}

function aptGet(args, env) {
	const r = spawnSync('apt-get', args, {
		env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	return r.status === 0;
}

/**
 * Checks, installs what it can, checks again. Returns the exit code and prints at most a line
 * saying what it installs and, on failure, one line naming the command to run.
 */
export function ensureTools(env = process.env, log = console.log, fail = console.error) {
	let skipped;
	try {
		skipped = skippedAreas(env);
	} catch (e) {
		fail(`npm test: ${e.message}`);
		return 1;
	}
	const advice = TOOLS.map((t) => !skipped.has(t.area) && !t.present(env) && t.fix?.(env)).find(Boolean);
	if (advice) {
		fail(`npm test: ${advice}`);
		return 1;
	}
	let missing = missingTools(env, skipped);
	if (missing.length === 0) return 0;
	const pkgs = [...new Set(missing.map((t) => t.pkg))];
	if (canInstall(env)) {
		log(`npm test: installing what the tests need: apt-get install -y ${pkgs.join(' ')}`);
		// A fresh machine may have no package lists yet: update only when the install fails.
		const args = ['install', '-y', '-qq', '--no-install-recommends', ...pkgs];
		if (!aptGet(args, env)) {
			aptGet(['update', '-qq'], env);
			aptGet(args, env);
		}
		missing = missingTools(env, skipped);
		if (missing.length === 0) return 0;
	}
	const still = [...new Set(missing.map((t) => t.pkg))];
	const areas = [...new Set(missing.map((t) => t.area))];
	const names = missing.map((t) => t.name).join(', ');
	const leaveOut = env.CI === 'true' ? '' : ` (or HL_TEST_SKIP=${areas.join(',')} to run without them)`;
	fail(
		canInstall(env)
			? `npm test: ${names} still missing after apt-get install -y ${still.join(' ')}: not found on PATH=${env.PATH ?? ''}${leaveOut}`
			: `npm test: missing ${names}; run: sudo apt-get install -y ${still.join(' ')}${leaveOut}`
	);
	return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	process.exitCode = ensureTools();
}
