import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';

/** Helpers for tests and the benchmark: socat pseudo-terminal pairs and the real serialport stack. */
export const hasSocat = spawnSync('socat', ['-V']).status === 0;

/**
 * Serial tests never skip for want of socat: without it they fail, naming the package. Only a
 * developer's explicit HL_TEST_SKIP=serial leaves them out (refused under CI; `npm test` says so
 * on its last line).
 */
export const serialTestsLeftOut =
	process.env.CI !== 'true' && (process.env.HL_TEST_SKIP ?? '').split(',').some((a) => a.trim() === 'serial');

export const SOCAT_MISSING = 'socat is not installed: apt-get install -y socat (npm test installs it), or HL_TEST_SKIP=serial to leave the serial tests out';

export type PtyPair = { a: string; b: string; socat: ChildProcess; kill(): Promise<void> };

/**
 * A socat pair: bytes written to one end come out of the other. With `links`, the ends are also
 * reachable through those fixed symlinks, so a pair can be destroyed and recreated under the
 * same names (a box unplugged and plugged back in).
 */
export async function ptyPair(links?: { a: string; b: string }): Promise<PtyPair> {
	if (!hasSocat) throw new Error(SOCAT_MISSING);
	const end = (link?: string) => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
	const socat = spawn('socat', ['-d', '-d', end(links?.a), end(links?.b)], { stdio: ['ignore', 'ignore', 'pipe'] });
	const paths: string[] = [];
	await new Promise<void>((resolve, reject) => {
		let err = '';
		const timer = setTimeout(() => reject(new Error(`socat gave no ptys: ${err}`)), 5000);
		socat.stderr!.on('data', (d: Buffer) => {
			err += d.toString();
			for (const m of err.matchAll(/PTY is (\S+)/g)) if (!paths.includes(m[1])) paths.push(m[1]);
			if (paths.length === 2 && /starting data transfer loop/.test(err)) {
				clearTimeout(timer);
				resolve();
			}
		});
		socat.on('exit', (code) => reject(new Error(`socat exited ${code}: ${err}`)));
	});
	return {
		a: links?.a ?? paths[0],
		b: links?.b ?? paths[1],
		socat,
		kill: () =>
			new Promise<void>((resolve) => {
				if (socat.exitCode !== null) return resolve();
				socat.once('exit', () => resolve());
				socat.kill('SIGKILL');
			})
	};
}

export function openPort(path: string, baudRate = 115200): Promise<SerialPort> {
	return new Promise((resolve, reject) => {
		const p = new SerialPort({ path, baudRate }, (e) => (e ? reject(e) : resolve(p)));
	});
}

export function closePort(p: SerialPort | undefined): Promise<void> {
	return new Promise((resolve) => (p?.isOpen ? p.close(() => resolve()) : resolve()));
}

/**
 * A box's cable that can be pulled out and plugged back: a pty pair under fixed names in `dir`
 * (the host opens `hostPath`, as it would a udev-named USB adapter), and `cable`, the stream a
 * simulated box talks through. The box keeps its state across an unplug, as hardware does; while
 * unplugged, what it writes is lost, as on a pulled cable.
 */
export async function pluggableCable(dir: string) {
	const links = { a: path.join(dir, 'box'), b: path.join(dir, 'host') };
	let pair = await ptyPair(links);
	let port: SerialPort | null = null;
	const cable = new Duplex({
		read() {},
		write(chunk, _enc, cb) {
			if (port?.isOpen) port.write(chunk);
			cb();
		}
	});
	const plugIn = async () => {
		port = await openPort(links.a);
		port.on('data', (d: Buffer) => cable.push(d)).on('error', () => {}); // EIO once the pty is gone
	};
	await plugIn();
	return {
		cable,
		hostPath: links.b,
		/**
		 * The pty pair is destroyed: the host's port fails, as when the adapter is pulled. The names
		 * go first, as udev removes a pulled adapter's by-id link: left behind, they would point at
		 * freed pty numbers that another pair (another test running alongside) may be given at once,
		 * and the reader, retrying, would open a stranger's pty and wait there for a box that never
		 * speaks (seen once under a full-suite load: "reader back on the recreated pty" timed out).
		 */
		async unplug() {
			await Promise.all([rm(links.a, { force: true }), rm(links.b, { force: true })]);
			await pair.kill();
			await closePort(port ?? undefined);
			port = null;
		},
		/** A new pty pair under the same names, the box's end opened again. */
		async replug() {
			pair = await ptyPair(links);
			await plugIn();
		},
		async close() {
			await closePort(port ?? undefined);
			await pair.kill();
		}
	};
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await sleep(20);
	}
}
