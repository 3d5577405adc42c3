import type { NotCountedReason, Stage } from '../db/schema';

/**
 * Which service event a rating belongs to, and whether it counts: pure, so every edge (inside,
 * at the edge of, outside a service; repeats; unbound devices) is unit-tested without a database.
 * The caller fetches the candidate facts; this decides.
 */

/** Default time after a service closes during which a press still rates it. */
export const DEFAULT_GRACE_MS = 3 * 60_000;

export type CandidateEvent = {
	id: number;
	counterId: number;
	officerId: number;
	unitId: number;
	/** Null for a queue ticket's service whose dossier is not known yet. */
	dossierId: number | null;
	stage: Stage;
	openedAt: Date;
	closedAt: Date | null;
};

export type AttributionFacts = {
	pressedAt: Date;
	/** The counter the rating was given at (a device's binding at press time); null = unbound device. */
	counterId: number | null;
	/**
	 * The latest service event at that counter opened at or before pressedAt, or the event the
	 * caller named (a tablet that knows what it rates). Null: none.
	 */
	event: CandidateEvent | null;
	/** The event was named by the caller rather than looked up by time. */
	named: boolean;
	/** A counted rating already exists for this event, or for its dossier and stage via another event. */
	priorCounted: 'same_event' | 'same_dossier_stage' | null;
	graceMs: number;
	/** The counters the channel that brought the rating may rate at (a bridge: those an administrator assigned it); absent: any. */
	channelCounters?: readonly number[] | null;
	/** The press claims an age beyond what its channel can hold a press (a bridge's outbox life). */
	tooOld?: boolean;
};

export type Attribution =
	| { counted: true; notCountedReason: null; event: CandidateEvent }
	| { counted: false; notCountedReason: NotCountedReason; event: CandidateEvent | null };

/** Whether pressedAt falls in the event's rating window: [openedAt, closedAt + grace], ends included. */
export function inRatingWindow(event: Pick<CandidateEvent, 'openedAt' | 'closedAt'>, pressedAt: Date, graceMs: number): boolean {
	const t = pressedAt.getTime();
	if (t < event.openedAt.getTime()) return false;
	return event.closedAt === null || t - event.closedAt.getTime() <= graceMs;
}

export function decideAttribution(f: AttributionFacts): Attribution {
	// A time nobody can vouch for rates nothing, whatever was open then.
	if (f.tooOld) return { counted: false, notCountedReason: 'too_old', event: null };
	if (f.counterId === null) return { counted: false, notCountedReason: 'unassigned_device', event: null };
	if (f.channelCounters && !f.channelCounters.includes(f.counterId)) return { counted: false, notCountedReason: 'bridge_not_assigned', event: null };
	const e = f.event;
	if (!e || e.counterId !== f.counterId || f.pressedAt.getTime() < e.openedAt.getTime()) {
		return { counted: false, notCountedReason: 'no_service', event: null };
	}
	if (!inRatingWindow(e, f.pressedAt, f.graceMs)) {
		// A caller that named the event rated it too late; a press found by time simply had no service.
		return f.named ? { counted: false, notCountedReason: 'stale', event: e } : { counted: false, notCountedReason: 'no_service', event: null };
	}
	if (f.priorCounted === 'same_event') return { counted: false, notCountedReason: 'repeat_press', event: e };
	if (f.priorCounted === 'same_dossier_stage') return { counted: false, notCountedReason: 'already_rated', event: e };
	return { counted: true, notCountedReason: null, event: e };
}
