/**
 * Reopen delays after a port fails or closes: quick first tries (a box re-plugged at once),
 * capped at 2 s so a box that comes back is read again within 5 s (the cap plus one open).
 * Jitter keeps many ports from retrying in lock-step. Pure: `random` is injected.
 */
export const BACKOFF_STEPS_MS = [100, 250, 500, 1000, 2000] as const;
export const BACKOFF_MAX_MS = 2000;

export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
	const i = Math.max(0, Math.min(Math.floor(attempt), BACKOFF_STEPS_MS.length - 1));
	const base = BACKOFF_STEPS_MS[i];
	// ±20 %, never above the cap.
	return Math.min(BACKOFF_MAX_MS, Math.round(base * (0.8 + 0.4 * random())));
}
