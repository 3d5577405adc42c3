import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** Starts the built app (`node scripts/serve.js`) with the given environment; resolves once it listens. */
export async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
	// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server, for finding where time goes.
	const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
	const child = spawn(process.execPath, [...profile, 'scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), ORIGIN: `http://localhost:${port}`, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('server did not start within 180 s')), 180_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('Listening on')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
	});
	child.stdout!.resume();
	return child;
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const TICKS_PER_S = 100; // USER_HZ on Linux

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux only; null elsewhere
 * or once the process is gone). The load generator shares the machine, so the server's own CPU
 * per request is the figure that does not depend on what else runs.
 */
export function cpuSeconds(pid: number): number | null {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// fields after the ")" that closes the command name: state is field 3, utime 14, stime 15
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
	} catch {
		return null;
	}
}

/** CPU seconds used by a set of processes between two snapshots (processes born in between count from zero). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
	let total = 0;
	for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
	return total;
}

export function cpuSnapshot(pids: number[]): Map<number, number> {
	const out = new Map<number, number>();
	for (const pid of pids) {
		const s = cpuSeconds(pid);
		if (s !== null) out.set(pid, s);
	}
	return out;
}

/** Write and read system calls a process has made so far (Linux /proc/<pid>/io), or null. */
export function syscalls(pid: number): { writes: number; reads: number } | null {
	try {
		const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
		const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? NaN);
		return { writes: field('syscw'), reads: field('syscr') };
	} catch {
		return null;
	}
}
