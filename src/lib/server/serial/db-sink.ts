import type { Db } from '../db';
import { recordRatings, RatingRejected, type RatingInput, type RatingResult } from '../ratings/record';
import type { HelloFrame } from './codec';
import { registerBox, touchBox } from './boxes';
import { GroupCommitter } from './group-commit';
import { LogLimiter } from './log-limiter';
import type { PressToStore } from './host-session';
import { writePortStatus } from './port-status';
import { pressKey, type PortStatusUpdate, type PressOutcome, type PressSink } from './sink';

export type DbSinkOptions = {
	db: Db;
	/** 1 on PGlite (one connection anyway); 2–4 on PostgreSQL overlaps commits. */
	concurrency?: number;
	graceMs?: number;
	log?: (line: string) => void;
	/** Serial ports read by a bridge write their status under its id; the server's own: null. */
	bridgeId?: number | null;
};

type Job = { input: RatingInput };

/**
 * Stores presses straight into the database (the server reading its own ports). Presses from all
 * ports share one group committer: while one transaction commits the next batch gathers.
 */
export class DbSink implements PressSink {
	private readonly devices = new Map<string, Promise<{ deviceId: number } | null>>();
	private readonly committer: GroupCommitter<Job, RatingResult | Error>;
	private readonly log: (line: string) => void;
	private readonly limiter: LogLimiter;

	constructor(private readonly opts: DbSinkOptions) {
		this.log = opts.log ?? ((l) => console.warn(l));
		this.limiter = new LogLimiter(30_000, this.log);
		this.committer = new GroupCommitter<Job, RatingResult | Error>((jobs) => this.flush(jobs), {
			concurrency: opts.concurrency ?? 1,
			maxBatch: 200
		});
	}

	async hello(_path: string, hello: HelloFrame): Promise<void> {
		const p = registerBox(this.opts.db, hello).then(
			(r) => {
				if (!r) this.log(`serial: uid ${hello.uid} belongs to a tablet; box refused`);
				return r;
			},
			(e: unknown) => {
				this.devices.delete(hello.uid);
				throw e;
			}
		);
		this.devices.set(hello.uid, p);
		await p;
	}

	/** The device id a HELLO registered for this uid (null if none yet, or refused). */
	async deviceId(uid: string): Promise<number | null> {
		const known = this.devices.get(uid);
		if (!known) return null;
		try {
			return (await known)?.deviceId ?? null;
		} catch {
			return null;
		}
	}

	async press(_path: string, press: PressToStore): Promise<PressOutcome> {
		const deviceId = await this.deviceId(press.uid);
		if (deviceId === null) return 'silent';
		const input: RatingInput = {
			source: 'button_box',
			idempotencyKey: pressKey(press),
			deviceId,
			pressedAt: new Date(press.arrivedAt - press.ageMs),
			button: press.button,
			buttons: press.buttons
		};
		const r = await this.committer.submit({ input });
		if (r instanceof RatingRejected && r.code === 'bad_level') return 'nak';
		if (r instanceof Error) {
			this.limiter.log('press', `serial: press ${input.idempotencyKey} not stored (${r.message}); the box will resend`);
			return 'silent';
		}
		return 'ack';
	}

	/** One transaction for the batch; if it fails, each press alone, so one bad press cannot block the rest. */
	private async flush(jobs: Job[]): Promise<(RatingResult | Error)[]> {
		const options = { db: this.opts.db, graceMs: this.opts.graceMs };
		try {
			return await recordRatings(
				jobs.map((j) => j.input),
				options
			);
		} catch (e) {
			if (jobs.length === 1) return [e instanceof Error ? e : new Error(String(e))];
			const out: (RatingResult | Error)[] = [];
			for (const j of jobs) {
				try {
					out.push((await recordRatings([j.input], options))[0]);
				} catch (err) {
					out.push(err instanceof Error ? err : new Error(String(err)));
				}
			}
			return out;
		}
	}

	async status(u: PortStatusUpdate): Promise<void> {
		const deviceId = u.uid ? await this.deviceId(u.uid) : null;
		const now = new Date();
		if (deviceId !== null && u.heartbeat) await touchBox(this.opts.db, deviceId, now);
		await writePortStatus(this.opts.db, {
			bridgeId: this.opts.bridgeId ?? null,
			path: u.path,
			deviceId,
			connected: u.connected,
			boot: u.hello?.boot ?? null,
			lastSeq: u.heartbeat?.lastSeq ?? null,
			pending: u.heartbeat?.pending ?? null,
			lastFrameAt: u.lastFrameAt ? new Date(u.lastFrameAt) : null,
			heartbeatAt: u.heartbeat && u.lastFrameAt ? new Date(u.lastFrameAt) : null,
			validDelta: u.validDelta,
			badDelta: u.badDelta
		});
	}
}
