import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db';
import { jobRuns } from '../db/schema';
import { log } from './log';

/**
 * Scheduled jobs, run by exactly one app process per period however many are up. Every
 * process ticks; a tick takes the job's PostgreSQL advisory lock (on a connection of its own,
 * released when the job ends or the connection dies with its process) and then claims the
 * period in `job_runs` (unique job + slot). A process that cannot take the lock (another is
 * running the job) or finds the period claimed does nothing. So an hourly job runs once per
 * clock hour, never two at once, and a process that dies mid-run leaves its row 'running' (the
 * next period runs again: every job here is a catch-up scan, safe to repeat).
 */
export type JobSpec = {
	/** Stable name: the advisory lock's key and the job_runs.job value. */
	name: string;
	/** Period length: one run per period (an hour for the hourly jobs). */
	everyMs: number;
	/** What the run did, for job_runs.detail (a count, say). */
	run: () => Promise<number | string | void>;
};

export type JobOutcome = 'ran' | 'failed' | 'claimed_elsewhere' | 'locked_elsewhere';

const RUN_BY = `${hostname()}:${process.pid}`;

/** The start of the period `now` falls in. */
export function slotOf(now: number, everyMs: number): Date {
	return new Date(Math.floor(now / everyMs) * everyMs);
}

/** One attempt at the job's present period. */
export async function runJob(
	handle: DatabaseHandle,
	job: JobSpec,
	now = Date.now()
): Promise<JobOutcome> {
	if (handle.kind !== 'postgres' || !handle.bulk) return claimAndRun(handle, job, now); // one process: no one to exclude
	const conn = await handle.bulk.reserve();
	try {
		const [{ locked }] = await conn<
			{ locked: boolean }[]
		>`select pg_try_advisory_lock(hashtext(${'hl.job:' + job.name})) as locked`;
		if (!locked) return 'locked_elsewhere';
		try {
			return await claimAndRun(handle, job, now);
		} finally {
			await conn`select pg_advisory_unlock(hashtext(${'hl.job:' + job.name}))`.catch(() => {});
		}
	} finally {
		conn.release();
	}
}

async function claimAndRun(handle: DatabaseHandle, job: JobSpec, now: number): Promise<JobOutcome> {
	const [claim] = await handle.db
		.insert(jobRuns)
		.values({ job: job.name, slot: slotOf(now, job.everyMs), runBy: RUN_BY })
		.onConflictDoNothing()
		.returning({ id: jobRuns.id });
	if (!claim) return 'claimed_elsewhere';
	const finish = (outcome: 'done' | 'failed', detail: string | null) =>
		handle.db
			.update(jobRuns)
			.set({ outcome, detail, finishedAt: sql`now()` })
			.where(and(eq(jobRuns.id, claim.id), eq(jobRuns.outcome, 'running')));
	try {
		const result = await job.run();
		await finish('done', result === undefined ? null : String(result));
		return 'ran';
	} catch (e) {
		// the error's name and code only: a database error can quote a row, and rows can hold a phone number
		const err = e as { name?: string; code?: string; cause?: { code?: string } };
		const detail = `${err?.name ?? 'error'} (${err?.code ?? err?.cause?.code ?? 'no error code'})`;
		log.error({ job: job.name, error: detail }, 'job failed');
		await finish('failed', detail).catch(() => {});
		return 'failed';
	}
}

/**
 * Ticks every job every `tickMs` (a minute), the first tick `firstDelayMs` after start-up, one
 * job at a time in this process. Returns the stop function, which waits for a running job.
 */
export function startJobs(
	handle: DatabaseHandle,
	jobs: JobSpec[],
	options: { firstDelayMs: number; tickMs?: number }
): () => Promise<void> {
	let stopped = false;
	let running: Promise<unknown> = Promise.resolve();
	const tick = () => {
		running = running.then(async () => {
			for (const job of jobs) {
				if (stopped) return;
				const outcome = await runJob(handle, job).catch((e: unknown) => {
					log.warn(
						{ job: job.name, error: (e as Error)?.name },
						'job tick failed (database away?)'
					);
					return 'failed' as const;
				});
				if (outcome === 'ran') log.info({ job: job.name }, 'job ran');
			}
		});
	};
	const first = setTimeout(tick, options.firstDelayMs);
	const timer = setInterval(tick, options.tickMs ?? 60_000);
	first.unref?.();
	timer.unref?.();
	return async () => {
		stopped = true;
		clearTimeout(first);
		clearInterval(timer);
		await running.catch(() => {});
	};
}
