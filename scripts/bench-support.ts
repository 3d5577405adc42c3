import { spawn, type ChildProcess } from 'node:child_process';

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
