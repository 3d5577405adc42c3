/**
 * Logs at most one line per key per interval, then says how many were suppressed: a box
 * streaming garbage must not flood the log, but the first bad frame is always visible.
 */
export class LogLimiter {
	private readonly last = new Map<string, { at: number; suppressed: number }>();
	constructor(
		private readonly intervalMs = 60_000,
		private readonly write: (line: string) => void = (l) => console.warn(l),
		private readonly now: () => number = Date.now
	) {}

	/** Returns whether the line was written. */
	log(key: string, message: string): boolean {
		const t = this.now();
		const entry = this.last.get(key);
		if (entry && t - entry.at < this.intervalMs) {
			entry.suppressed++;
			return false;
		}
		const suffix = entry?.suppressed ? ` (+${entry.suppressed} more since ${new Date(entry.at).toISOString()})` : '';
		this.write(message + suffix);
		this.last.set(key, { at: t, suppressed: 0 });
		return true;
	}
}
