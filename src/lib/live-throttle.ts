/**
 * At most one run per interval, never two at once, and never a lost trigger: the first trigger
 * runs at once (a new rating shows without waiting), triggers during the interval or during a
 * run coalesce into one more run when both are over. Timers are injectable for tests.
 */
export function throttle(
	run: () => unknown,
	intervalMs: number,
	clock: {
		now: () => number;
		setTimeout: (f: () => void, ms: number) => unknown;
		clearTimeout: (t: unknown) => void;
	} = {
		now: () => Date.now(),
		setTimeout: (f, ms) => setTimeout(f, ms),
		clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>)
	}
) {
	let last = -Infinity;
	let running = false;
	let pending = false;
	let timer: unknown = null;
	let cancelled = false;

	const fire = () => {
		timer = null;
		if (cancelled) return;
		pending = false;
		running = true;
		last = clock.now();
		Promise.resolve()
			.then(run)
			.catch(() => {}) // a failed reload is retried by the next event
			.finally(() => {
				running = false;
				if (pending) schedule();
			});
	};
	const schedule = () => {
		if (timer !== null || cancelled) return;
		const wait = last + intervalMs - clock.now();
		if (wait <= 0) fire();
		else timer = clock.setTimeout(fire, wait);
	};
	return {
		trigger() {
			if (running) pending = true;
			else schedule();
		},
		cancel() {
			cancelled = true;
			if (timer !== null) clock.clearTimeout(timer);
			timer = null;
		}
	};
}
