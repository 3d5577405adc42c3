import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The pre-test step (scripts/test-tools.mjs) run as `npm test` runs it, with a PATH made for each
 * case: a folder of links to the real tools, some of them left out. A tool "renamed away" is one
 * missing from that folder.
 */
const SCRIPT = path.resolve('scripts/test-tools.mjs');
const REAL = ['socat', 'make', 'cc', 'avr-gcc', 'avr-objcopy', 'avr-size', 'simavr'];
const dirs: string[] = [];

function binWith(tools: string[]): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-tools-'));
	dirs.push(dir);
	for (const t of tools) {
		const found = spawnSync('sh', ['-c', `command -v ${t}`]).stdout.toString().trim();
		if (!found) throw new Error(`this machine lacks ${t}: run npm test once to install it`);
		fs.symlinkSync(found, path.join(dir, t));
	}
	return dir;
}

function check(bin: string, env: Record<string, string> = {}) {
	const r = spawnSync(process.execPath, [SCRIPT], {
		env: { PATH: bin, HOME: os.tmpdir(), ...env },
		encoding: 'utf8',
		timeout: 20_000
	});
	return { status: r.status, out: r.stdout, err: r.stderr };
}

afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('the pre-test step', () => {
	it('does nothing when every tool is present', () => {
		const r = check(binWith(REAL));
		expect(r).toEqual({ status: 0, out: '', err: '' });
	});

	it('stops at once, in one line naming the command, when socat is missing and cannot be installed', () => {
		const r = check(binWith(REAL.filter((t) => t !== 'socat')));
		expect(r.status).toBe(1);
		expect(r.err.trim().split('\n')).toHaveLength(1);
		expect(r.err).toContain('missing socat; run: sudo apt-get install -y socat');
		expect(r.err).toContain('HL_TEST_SKIP=serial');
	});

	it('names the AVR packages when the toolchain is missing', () => {
		const r = check(binWith(REAL.filter((t) => !t.startsWith('avr-') && t !== 'simavr')));
		expect(r.status).toBe(1);
		expect(r.err).toContain('apt-get install -y gcc-avr binutils-avr simavr');
	});

	it('stops on a CHROMIUM_PATH that does not exist, saying so', () => {
		const r = check(binWith(REAL), { CHROMIUM_PATH: '/nonexistent/chromium' });
		expect(r.status).toBe(1);
		expect(r.err).toContain('CHROMIUM_PATH=/nonexistent/chromium does not exist');
	});

	it('installs a missing tool with apt-get as root, then goes on', { skip: process.getuid?.() !== 0 }, () => {
		const bin = binWith(REAL.filter((t) => t !== 'socat'));
		const log = path.join(bin, 'apt.log');
		// apt-get as the step calls it; installing socat puts it on the PATH, as the real one does.
		const socat = spawnSync('sh', ['-c', 'command -v socat']).stdout.toString().trim();
		fs.writeFileSync(
			path.join(bin, 'apt-get'),
			`#!/bin/sh\necho "$@" >> ${log}\ncase "$*" in *install*socat*) /bin/ln -sf ${socat} ${bin}/socat;; esac\n`,
			{ mode: 0o755 }
		);
		const r = check(bin);
		expect(r.status).toBe(0);
		expect(r.out).toContain('installing what the tests need: apt-get install -y socat');
		expect(fs.readFileSync(log, 'utf8')).toContain('install -y -qq --no-install-recommends socat');
	});

	it('leaves an area out only when asked, and never under CI', () => {
		const bin = binWith(REAL.filter((t) => t !== 'socat'));
		expect(check(bin, { HL_TEST_SKIP: 'serial' }).status).toBe(0);
		const ci = check(bin, { HL_TEST_SKIP: 'serial', CI: 'true' });
		expect(ci.status).toBe(1);
		expect(ci.err).toContain('refused under CI=true');
		expect(check(bin, { HL_TEST_SKIP: 'seriall' }).err).toContain("unknown area 'seriall'");
	});
});

describe('a serial test without socat', () => {
	it('fails, naming the package, instead of skipping', () => {
		const bin = binWith([]);
		const r = spawnSync(
			process.execPath,
			[path.resolve('node_modules/vitest/vitest.mjs'), 'run', 'src/lib/server/serial/reader.test.ts'],
			{ env: { ...process.env, PATH: bin, CI: 'true' }, encoding: 'utf8', timeout: 120_000 }
		);
		expect(r.status).not.toBe(0);
		expect(r.stdout + r.stderr).toContain('socat is not installed: apt-get install -y socat');
	});
});
