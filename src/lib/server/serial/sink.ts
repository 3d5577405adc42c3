import type { HeartbeatFrame, HelloFrame } from './codec';
import type { BadCode, PressToStore } from './host-session';

/**
 * Where a port's frames go: the database (server readers, `db-sink.ts`) or the device API
 * through a durable outbox (the bridge, `bridge-sink.ts`). The reader does not know which.
 */
export type PressOutcome = 'ack' | 'nak' | 'silent';

export type PortStatusUpdate = {
	path: string;
	connected: 'open' | 'closed';
	uid: string | null;
	hello: HelloFrame | null;
	heartbeat: HeartbeatFrame | null;
	lastFrameAt: number | null;
	/** Frames counted since the previous update (deltas, so restarts never double-count). */
	validDelta: number;
	badDelta: Partial<Record<BadCode, number>>;
};

export interface PressSink {
	/** A box introduced itself on a port: register it (unknown uids become unassigned devices). */
	hello(path: string, hello: HelloFrame): Promise<void>;
	/**
	 * Store the press durably, then resolve 'ack'; 'nak' if it can never be stored; 'silent'
	 * on any transient trouble (the box resends). Never resolves 'ack' before the commit.
	 */
	press(path: string, press: PressToStore): Promise<PressOutcome>;
	status(update: PortStatusUpdate): Promise<void>;
}

export function pressKey(p: Pick<PressToStore, 'uid' | 'boot' | 'seq'>): string {
	return `box:${p.uid}:${p.boot}:${p.seq}`;
}
