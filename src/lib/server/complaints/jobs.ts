import { database } from '../db';
import { subscribe } from '../events/bus';
import { startJobs, type JobSpec } from '../ops/jobs';
import { log } from '../ops/log';
import { allowSweeps, eraseExpiredContacts, openLateDossierComplaints, stopSweeps, sweepRatings } from './store';

const HOUR = 3_600_000;
/** The queue is also swept this often, for ratings whose event this process never heard. */
const SWEEP_EVERY_MS = 60_000;
let stop: (() => Promise<void>) | null = null;

function logFailure(what: string) {
	// The error's name and code only: an error from the database could quote a row, and rows can hold a phone number.
	return (e: unknown) => {
		const err = e as { name?: string; code?: string; cause?: { code?: string } };
		const code = err?.code ?? err?.cause?.code ?? 'no error code';
		log.error({ error: `${err?.name ?? 'error'} (${code})` }, `complaints: ${what} failed`);
	};
}

/** The hourly jobs, each run by one process per clock hour (ops/jobs.ts). */
export const COMPLAINT_JOBS: JobSpec[] = [
	{ name: 'complaints.late-dossiers', everyMs: HOUR, run: () => openLateDossierComplaints() },
	{ name: 'complaints.retention-erasure', everyMs: HOUR, run: () => eraseExpiredContacts() }
];

/**
 * Starts the complaint background work: a case opens within moments of a dissatisfied rating
 * that meets the rules (a 'rating.recorded' event, from this process or another, sweeps the
 * queue the rating's trigger filled); the queue is also swept every minute and at start-up;
 * the hourly jobs run in one process per hour. Idempotent; returns the stop function. Call after
 * the database is open (startup.ts), never while building.
 */
export function startComplaintJobs(options: { firstDelayMs?: number } = {}): () => Promise<void> {
	if (stop) return stop;
	allowSweeps();
	const sweep = () => void sweepRatings().catch(logFailure('opening cases from ratings'));
	const unsubscribe = subscribe('rating.recorded', sweep);
	sweep();
	const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
	sweeper.unref?.();
	const stopHourly = startJobs(database, COMPLAINT_JOBS, { firstDelayMs: options.firstDelayMs ?? 30_000 });
	stop = async () => {
		unsubscribe();
		clearInterval(sweeper);
		stop = null;
		await stopHourly();
		await stopSweeps();
	};
	return stop;
}

/** Started lazily by the complaint pages too, so a deployment without the start-up line still opens cases. */
export async function ensureComplaintJobs(): Promise<void> {
	if (!stop) {
		startComplaintJobs();
		await sweepRatings().catch(logFailure('opening cases from ratings'));
	}
}
