import fs from 'node:fs';
import path from 'node:path';

/**
 * The bridge's durable outbox: an append-only file of JSON lines, fsynced before anything
 * depends on it, so a press survives the bridge being killed or the network being down.
 *
 *   {"t":"p","k":"box:BOX-7:12:3","uid":"BOX-7","boot":12,"seq":3,"button":2,"buttons":5,"ageMs":0,"at":1767225600000}
 *   {"t":"d","k":"box:BOX-7:12:3","r":"stored"}
 *
 * "p" is a press received from a box (at = bridge clock on arrival, ageMs = the box's age then);
 * "d" says the server answered for it (stored / duplicate: ACK; rejected: NAK). A press with a
 * "p" and no "d" is pending and is sent again after a restart. A line cut short by a kill is
 * not valid JSON and is skipped. On open, a file with many finished presses is compacted
 * (written anew beside it, fsynced, renamed over it).
 */

export type OutboxPress = { t: 'p'; k: string; uid: string; boot: number; seq: number; button: number; buttons: number; ageMs: number; at: number };
export type OutboxDone = { t: 'd'; k: string; r: 'stored' | 'duplicate' | 'rejected' };
export type OutboxRecord = OutboxPress | OutboxDone;

export function encodeOutboxRecord(r: OutboxRecord): string {
	return JSON.stringify(r) + '\n';
}

function isPress(v: Record<string, unknown>): v is OutboxPress {
	return (
		v.t === 'p' &&
		typeof v.k === 'string' &&
		typeof v.uid === 'string' &&
		['boot', 'seq', 'button', 'buttons', 'ageMs', 'at'].every((f) => Number.isSafeInteger(v[f]) && (v[f] as number) >= 0)
	);
}
function isDone(v: Record<string, unknown>): v is OutboxDone {
	return v.t === 'd' && typeof v.k === 'string' && (v.r === 'stored' || v.r === 'duplicate' || v.r === 'rejected');
}

export type OutboxState = { pending: Map<string, OutboxPress>; done: Map<string, OutboxDone['r']>; badLines: number };

/** Replays a file's text: what is still to send, and what the server already answered. */
export function replayOutbox(text: string): OutboxState {
	const pending = new Map<string, OutboxPress>();
	const done = new Map<string, OutboxDone['r']>();
	let badLines = 0;
	for (const line of text.split('\n')) {
		if (!line) continue;
		let v: unknown;
		try {
			v = JSON.parse(line);
		} catch {
			badLines++;
			continue;
		}
		if (typeof v !== 'object' || v === null) {
			badLines++;
			continue;
		}
		const rec = v as Record<string, unknown>;
		if (isPress(rec)) {
			if (!done.has(rec.k)) pending.set(rec.k, rec);
		} else if (isDone(rec)) {
			pending.delete(rec.k);
			done.set(rec.k, rec.r);
		} else badLines++;
	}
	return { pending, done, badLines };
}

/** How many answered presses to remember (to re-ACK a resend at once) and to keep on compaction. */
const DONE_KEPT = 5000;

export class Outbox {
	readonly pending: Map<string, OutboxPress>;
	readonly done: Map<string, OutboxDone['r']>;
	private fd: number;

	private constructor(
		readonly file: string,
		state: OutboxState
	) {
		this.pending = state.pending;
		this.done = state.done;
		this.fd = fs.openSync(file, 'a');
	}

	static open(file: string): Outbox {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		// A kill mid-line leaves no newline: end that line, so the next record starts its own.
		if (text.length > 0 && !text.endsWith('\n')) fs.appendFileSync(file, '\n');
		const state = replayOutbox(text);
		// Keep only the newest answers in memory.
		while (state.done.size > DONE_KEPT) state.done.delete(state.done.keys().next().value!);
		if (text.length > 0 && (state.badLines > 0 || text.split('\n').length > 2 * (state.pending.size + state.done.size) + 100)) {
			compact(file, state);
		}
		return new Outbox(file, state);
	}

	/** Appends and fsyncs; when this returns, the records survive a kill or a power cut. */
	append(records: OutboxRecord[]): void {
		if (records.length === 0) return;
		fs.writeSync(this.fd, records.map(encodeOutboxRecord).join(''));
		fs.fsyncSync(this.fd);
		for (const r of records) {
			if (r.t === 'p') {
				if (!this.done.has(r.k)) this.pending.set(r.k, r);
			} else {
				this.pending.delete(r.k);
				this.done.set(r.k, r.r);
				if (this.done.size > DONE_KEPT) this.done.delete(this.done.keys().next().value!);
			}
		}
	}

	close(): void {
		fs.closeSync(this.fd);
	}
}

function compact(file: string, state: OutboxState): void {
	const tmp = `${file}.tmp`;
	const lines = [
		...[...state.done].map(([k, r]) => encodeOutboxRecord({ t: 'd', k, r })),
		...[...state.pending.values()].map(encodeOutboxRecord)
	];
	const fd = fs.openSync(tmp, 'w');
	fs.writeSync(fd, lines.join(''));
	fs.fsyncSync(fd);
	fs.closeSync(fd);
	fs.renameSync(tmp, file);
	const dir = fs.openSync(path.dirname(file), 'r');
	fs.fsyncSync(dir);
	fs.closeSync(dir);
}
