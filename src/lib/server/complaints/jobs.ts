import { subscribe } from '../events/bus';
import { allowSweeps, eraseExpiredContacts, openLateDossierComplaints, stopSweeps, sweepRatings } from './store';

const HOUR = 3_600_000;
let stop: (() => Promise<void>) | null = null;

function logFailure(what: string) {
	// The message only: an error from the database could quote a row, and rows can hold a phone number.
	return (e: unknown) => {
		const err = e as { name?: string; code?: string; cause?: { code?: string } };
		const code = err?.code ?? err?.cause?.code ?? 'no error code';
		console.error(`complaints: ${what} failed: ${err?.name ?? 'error'} (${code})`);
	};
}

/**
 * Starts the complaint background work: a case opens within moments of a dissatisfied rating
 * that meets the rules ('rating.recorded'); hourly, late dossiers without an apology letter
 * open cases and contacts past the retention period are erased. A first sweep at start-up
 * catches ratings recorded while the app was down. Idempotent; returns the stop function.
 * Call after the database is open (startup.ts), never while building.
 */
export function startComplaintJobs(): () => Promise<void> {
	if (stop) return stop;
	allowSweeps();
	const unsubscribe = subscribe('rating.recorded', () => void sweepRatings().catch(logFailure('opening cases from ratings')));
	const hourly = () => {
		void openLateDossierComplaints().catch(logFailure('late-dossier scan'));
		void eraseExpiredContacts().catch(logFailure('retention erasure'));
	};
	void sweepRatings().catch(logFailure('opening cases from ratings'));
	const first = setTimeout(hourly, 30_000);
	const timer = setInterval(hourly, HOUR);
	first.unref?.();
	timer.unref?.();
	stop = async () => {
		unsubscribe();
		clearTimeout(first);
		clearInterval(timer);
		stop = null;
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
