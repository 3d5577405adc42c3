import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db';

/**
 * Liveness and readiness (routes/healthz, routes/readyz). /healthz says the process answers;
 * /readyz says it can do its work: the database answers within READY_TIMEOUT_MS and every
 * migration this release ships has been applied. A load balancer sends traffic only to ready
 * processes. Other modules add checks with `addReadinessCheck` (the read replicas' lag, for one).
 */
export type CheckResult = { ok: boolean; detail?: string };
export type ReadinessCheck = (timeoutMs: number) => Promise<CheckResult>;
export type Readiness = { ready: boolean; checks: Record<string, CheckResult> };

/** How long the database may take to answer before the process reports itself unready. */
export const READY_TIMEOUT_MS = 2000;

const checks = new Map<string, ReadinessCheck>();

/** Adds (or replaces) a named check; every check must pass for the process to be ready. */
export function addReadinessCheck(name: string, check: ReadinessCheck): void {
	checks.set(name, check);
}

export function removeReadinessCheck(name: string): void {
	checks.delete(name);
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
	let timer: ReturnType<typeof setTimeout>;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
	});
	return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function readiness(timeoutMs = READY_TIMEOUT_MS): Promise<Readiness> {
	if (!checks.size) return { ready: false, checks: { startup: { ok: false, detail: 'starting' } } };
	const names = [...checks.keys()];
	const results = await Promise.all(
		names.map((n) =>
			within(checks.get(n)!(timeoutMs), timeoutMs + 100).catch((e: unknown): CheckResult => ({
				ok: false,
				detail: (e as Error)?.message ?? 'failed'
			}))
		)
	);
	const out = Object.fromEntries(names.map((n, i) => [n, results[i]]));
	return { ready: results.every((r) => r.ok), checks: out };
}

/** The `when` of every migration in the release's journal (drizzle/meta/_journal.json). */
export function journalMigrations(migrationsDir: string): number[] {
	const journal = JSON.parse(
		fs.readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')
	) as { entries: { when: number }[] };
	return journal.entries.map((e) => e.when);
}

/** Which of the release's migrations the database lacks (pure; drizzle records each one's `when` as created_at). */
export function missingMigrations(
	shipped: readonly number[],
	applied: readonly number[]
): number[] {
	const have = new Set(applied.map(Number));
	return shipped.filter((w) => !have.has(w));
}

/**
 * Registers the database checks (startup.ts, after the migrations). On PostgreSQL the probe has
 * a connection of its own with a short connect timeout, so a pool busy with requests or waiting
 * on a dead server does not hold the answer. Returns the stop function.
 */
export function startDatabaseChecks(
	handle: DatabaseHandle,
	options: { url?: string; migrationsDir: string }
): () => Promise<void> {
	const shipped = journalMigrations(options.migrationsDir);
	const probe = options.url
		? postgres(options.url, {
				max: 1,
				connect_timeout: Math.ceil(READY_TIMEOUT_MS / 1000),
				idle_timeout: 30,
				onnotice: () => {},
				connection: { application_name: 'hai-long readiness' }
			})
		: null;
	const appliedMigrations = async (): Promise<number[]> => {
		const q = 'select created_at from drizzle.__drizzle_migrations';
		if (probe)
			return (await probe.unsafe<{ created_at: string | number }[]>(q)).map((r) =>
				Number(r.created_at)
			);
		return (await handle.rows<{ created_at: string | number }>(sql.raw(q))).map((r) =>
			Number(r.created_at)
		);
	};
	let migrationsDone = false;
	addReadinessCheck('database', async () => {
		if (probe) await probe`select 1`;
		else await handle.rows(sql`select 1`);
		return { ok: true };
	});
	addReadinessCheck('migrations', async () => {
		if (migrationsDone) return { ok: true };
		const missing = missingMigrations(shipped, await appliedMigrations());
		migrationsDone = missing.length === 0;
		return migrationsDone
			? { ok: true }
			: { ok: false, detail: `${missing.length} migration(s) not applied` };
	});
	return async () => {
		removeReadinessCheck('database');
		removeReadinessCheck('migrations');
		await probe?.end({ timeout: 1 });
	};
}
