import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { db as appDb, type Db } from '../db';
import { deviceBindings, ratingScales, ratings, serviceEvents, type NotCountedReason, type RatingSource, type ReasonCode } from '../db/schema';
import { publish } from '../events/bus';
import { DEFAULT_GRACE_MS, decideAttribution, type CandidateEvent } from './attribution';
import { buttonToLevel } from './levels';

/**
 * The one way a rating enters the database, whatever its source (button box through a serial
 * reader or a bridge, tablet, QR). It is idempotent on `idempotencyKey`: a resend finds the
 * first row and reports it as a duplicate, never a second row. Attribution (which service
 * event, counted or not) is decided inside the transaction, with the service event row locked,
 * so two presses racing for one service cannot both count.
 */

export type RatingInput = {
	source: RatingSource;
	/** "box:<uid>:<boot>:<seq>", "tab:<uuid>", "qr:<uuid>": the same key always means the same rating. */
	idempotencyKey: string;
	/** The device that took the rating; its binding at pressedAt gives the counter. */
	deviceId?: number | null;
	/** The counter, for sources without a device (a QR code printed for one counter). */
	counterId?: number | null;
	/** The service event the caller says it rates (a tablet); it must be at the counter. */
	serviceEventId?: number | null;
	pressedAt: Date;
	/** Either a level of the active scale, or a button of a box with `buttons` buttons. */
	level?: number;
	button?: number;
	buttons?: number;
	reasonCodes?: ReasonCode[] | null;
	comment?: string | null;
	answers?: Record<string, number> | null;
	/** A citizen's consented contact for a call back (citizen_contacts), never the number itself. */
	contactId?: number | null;
};

export type RatingResult = {
	ratingId: number;
	counted: boolean;
	notCountedReason: NotCountedReason | null;
	/** The key was already stored (by this call's twin or an earlier one): nothing new was written. */
	duplicate: boolean;
	counterId: number | null;
	unitId: number | null;
	serviceEventId: number | null;
};

/** A rating that can never be stored as given (a caller error, not a transient failure). */
export class RatingRejected extends Error {
	constructor(
		readonly code: 'bad_level' | 'bad_key' | 'no_counter' | 'event_not_at_counter' | 'no_active_scale',
		message: string
	) {
		super(message);
		this.name = 'RatingRejected';
	}
}

export type RecordOptions = {
	db?: Db;
	graceMs?: number;
	receivedAt?: Date;
	/** Publish rating.recorded on the event bus after commit (default true). */
	publish?: boolean;
};

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Scale = { id: number; levelCount: number };

export function ratingGraceMs(env: Record<string, string | undefined> = process.env): number {
	const v = env.RATING_GRACE_SECONDS;
	if (v === undefined || v === '') return DEFAULT_GRACE_MS;
	const n = Number(v);
	if (!Number.isFinite(n) || n < 0 || n > 86_400) throw new Error(`RATING_GRACE_SECONDS must be 0..86400 seconds, got ${v}`);
	return n * 1000;
}

function levelOf(input: RatingInput, scale: Scale): number {
	const level =
		input.level !== undefined
			? Number.isInteger(input.level) && input.level >= 1 && input.level <= scale.levelCount
				? input.level
				: null
			: buttonToLevel(input.button ?? NaN, input.buttons ?? scale.levelCount, scale.levelCount);
	if (level === null) throw new RatingRejected('bad_level', `no level of the active scale for ${JSON.stringify({ level: input.level, button: input.button, buttons: input.buttons })}`);
	return level;
}

async function activeScale(tx: Tx): Promise<Scale> {
	const [scale] = await tx
		.select({ id: ratingScales.id, levelCount: ratingScales.levelCount })
		.from(ratingScales)
		.where(eq(ratingScales.active, true));
	if (!scale) throw new RatingRejected('no_active_scale', 'no rating scale is active');
	return scale;
}

type Row = { id: number; counted: boolean; notCountedReason: NotCountedReason | null; counterId: number | null; unitId: number | null; serviceEventId: number | null };
const asDuplicate = (r: Row): RatingResult => ({
	ratingId: r.id,
	counted: r.counted,
	notCountedReason: r.notCountedReason,
	duplicate: true,
	counterId: r.counterId,
	unitId: r.unitId,
	serviceEventId: r.serviceEventId
});

async function existing(tx: Tx, keys: string[]): Promise<Map<string, RatingResult>> {
	const rows = await tx
		.select({
			key: ratings.idempotencyKey,
			id: ratings.id,
			counted: ratings.counted,
			notCountedReason: ratings.notCountedReason,
			counterId: ratings.counterId,
			unitId: ratings.unitId,
			serviceEventId: ratings.serviceEventId
		})
		.from(ratings)
		.where(inArray(ratings.idempotencyKey, keys));
	return new Map(rows.map((r) => [r.key, asDuplicate(r)]));
}

type Binding = { deviceId: number; counterId: number; boundAt: Date; unboundAt: Date | null };

/** The counter a device was bound to at `at` (bindings keep history: the one in force then). */
function counterAt(bindings: Binding[], deviceId: number, at: Date): number | null {
	let best: Binding | null = null;
	for (const b of bindings) {
		if (b.deviceId !== deviceId || b.boundAt > at || (b.unboundAt !== null && b.unboundAt <= at)) continue;
		if (!best || b.boundAt > best.boundAt) best = b;
	}
	return best?.counterId ?? null;
}

const eventColumns = {
	id: serviceEvents.id,
	counterId: serviceEvents.counterId,
	officerId: serviceEvents.officerId,
	unitId: serviceEvents.unitId,
	dossierId: serviceEvents.dossierId,
	stage: serviceEvents.stage,
	openedAt: serviceEvents.openedAt,
	closedAt: serviceEvents.closedAt
};

/** The latest event at the counter opened at or before `at`. */
function eventAt(events: CandidateEvent[], counterId: number, at: Date): CandidateEvent | null {
	let best: CandidateEvent | null = null;
	for (const e of events) {
		if (e.counterId !== counterId || e.openedAt > at) continue;
		if (!best || e.openedAt > best.openedAt) best = e;
	}
	return best;
}

/**
 * Set-wise: a handful of queries per batch whatever its size (existing keys, bindings, service
 * events locked FOR UPDATE, prior counted ratings, one multi-row insert); the decisions are made
 * in order in memory, each seeing the ones before it.
 */
async function recordBatch(tx: Tx, inputs: RatingInput[], scale: Scale, graceMs: number, receivedAt: Date): Promise<RatingResult[]> {
	const keys = [...new Set(inputs.map((i) => i.idempotencyKey))];
	const stored = await existing(tx, keys);
	const fresh = inputs.filter((i) => !stored.has(i.idempotencyKey));
	const levels = new Map<RatingInput, number>(fresh.map((i) => [i, levelOf(i, scale)]));
	for (const i of fresh) if (i.deviceId == null && i.counterId == null) throw new RatingRejected('no_counter', 'a rating needs a device or a counter');

	const deviceIds = [...new Set(fresh.map((i) => i.deviceId).filter((d): d is number => d != null))];
	const bindings: Binding[] = deviceIds.length
		? await tx
				.select({ deviceId: deviceBindings.deviceId, counterId: deviceBindings.counterId, boundAt: deviceBindings.boundAt, unboundAt: deviceBindings.unboundAt })
				.from(deviceBindings)
				.where(inArray(deviceBindings.deviceId, deviceIds))
		: [];
	const counterOf = new Map<RatingInput, number | null>(
		fresh.map((i) => [i, i.deviceId != null ? counterAt(bindings, i.deviceId, i.pressedAt) : (i.counterId ?? null)])
	);

	// Candidate events: named ones, and per counter those that could hold a press of the batch.
	const counterIds = [...new Set([...counterOf.values()].filter((c): c is number => c !== null))];
	const named = [...new Set(fresh.map((i) => i.serviceEventId).filter((e): e is number => e != null))];
	let events: CandidateEvent[] = [];
	if (counterIds.length || named.length) {
		const times = fresh.map((i) => i.pressedAt.getTime());
		const minAt = new Date(Math.min(...times) - graceMs);
		const maxAt = new Date(Math.max(...times));
		const byTime = counterIds.length
			? and(inArray(serviceEvents.counterId, counterIds), lte(serviceEvents.openedAt, maxAt), or(isNull(serviceEvents.closedAt), gte(serviceEvents.closedAt, minAt)))
			: undefined;
		const byId = named.length ? inArray(serviceEvents.id, named) : undefined;
		// FOR UPDATE, in id order: presses for one service are decided one transaction after another.
		events = await tx
			.select(eventColumns)
			.from(serviceEvents)
			.where(byTime && byId ? or(byTime, byId) : (byTime ?? byId))
			.orderBy(asc(serviceEvents.id))
			.for('update');
	}

	const countedEvents = new Set<number>();
	const countedDossierStages = new Set<string>();
	const ds = (dossierId: number, stage: string) => `${dossierId}:${stage}`;
	if (events.length) {
		const prior = await tx
			.select({ serviceEventId: ratings.serviceEventId, dossierId: ratings.dossierId, stage: ratings.stage })
			.from(ratings)
			.where(
				and(
					eq(ratings.counted, true),
					or(
						inArray(
							ratings.serviceEventId,
							events.map((e) => e.id)
						),
						inArray(ratings.dossierId, [...new Set(events.map((e) => e.dossierId))])
					)
				)
			);
		for (const p of prior) {
			if (p.serviceEventId !== null) countedEvents.add(p.serviceEventId);
			if (p.dossierId !== null && p.stage !== null) countedDossierStages.add(ds(p.dossierId, p.stage));
		}
	}

	const results = new Map<string, RatingResult>(stored);
	const rows: (typeof ratings.$inferInsert)[] = [];
	const pending: { key: string; result: RatingResult }[] = [];
	for (const input of fresh) {
		if (results.has(input.idempotencyKey)) continue; // a twin earlier in this batch
		const counterId = counterOf.get(input) ?? null;
		let event: CandidateEvent | null = null;
		if (counterId !== null) {
			if (input.serviceEventId != null) {
				event = events.find((e) => e.id === input.serviceEventId) ?? null;
				if (event && event.counterId !== counterId) throw new RatingRejected('event_not_at_counter', `service event ${event.id} is not at counter ${counterId}`);
			} else event = eventAt(events, counterId, input.pressedAt);
		}
		const priorCounted = !event ? null : countedEvents.has(event.id) ? 'same_event' : countedDossierStages.has(ds(event.dossierId, event.stage)) ? 'same_dossier_stage' : null;
		const decision = decideAttribution({ pressedAt: input.pressedAt, counterId, event, named: input.serviceEventId != null, priorCounted, graceMs });
		const e = decision.event;
		if (decision.counted) {
			countedEvents.add(decision.event.id);
			countedDossierStages.add(ds(decision.event.dossierId, decision.event.stage));
		}
		rows.push({
			idempotencyKey: input.idempotencyKey,
			scaleId: scale.id,
			level: levels.get(input)!,
			source: input.source,
			pressedAt: input.pressedAt,
			receivedAt,
			deviceId: input.deviceId ?? null,
			serviceEventId: e?.id ?? null,
			counterId,
			officerId: e?.officerId ?? null,
			unitId: e?.unitId ?? null,
			dossierId: e?.dossierId ?? null,
			stage: e?.stage ?? null,
			answers: input.answers ?? null,
			reasonCodes: input.reasonCodes ?? null,
			comment: input.comment ?? null,
			contactId: input.contactId ?? null,
			counted: decision.counted,
			notCountedReason: decision.notCountedReason
		});
		const result: RatingResult = {
			ratingId: 0,
			counted: decision.counted,
			notCountedReason: decision.notCountedReason,
			duplicate: false,
			counterId,
			unitId: e?.unitId ?? null,
			serviceEventId: e?.id ?? null
		};
		results.set(input.idempotencyKey, result);
		pending.push({ key: input.idempotencyKey, result });
	}

	if (rows.length) {
		const inserted = await tx
			.insert(ratings)
			.values(rows)
			.onConflictDoNothing({ target: ratings.idempotencyKey })
			.returning({ id: ratings.id, key: ratings.idempotencyKey });
		const ids = new Map(inserted.map((r) => [r.key, r.id]));
		const raced = pending.filter((p) => !ids.has(p.key)).map((p) => p.key);
		// Keys another transaction stored between our look-up and our insert: theirs stands.
		const theirs = raced.length ? await existing(tx, raced) : new Map<string, RatingResult>();
		for (const p of pending) {
			const id = ids.get(p.key);
			if (id !== undefined) p.result.ratingId = id;
			else {
				const other = theirs.get(p.key);
				if (!other) throw new Error(`rating ${p.key}: conflict but no row`);
				results.set(p.key, other);
			}
		}
	}

	// Every input gets its key's result; the second and later occurrences are duplicates.
	const seen = new Set<string>();
	return inputs.map((i) => {
		const r = results.get(i.idempotencyKey)!;
		const first = !seen.has(i.idempotencyKey);
		seen.add(i.idempotencyKey);
		return first ? r : { ...r, duplicate: true };
	});
}

function validate(input: RatingInput): void {
	if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.length < 1 || input.idempotencyKey.length > 128) {
		throw new RatingRejected('bad_key', 'idempotency key must be 1–128 characters');
	}
	if (!(input.pressedAt instanceof Date) || Number.isNaN(input.pressedAt.getTime())) {
		throw new RatingRejected('bad_key', 'pressedAt is not a date');
	}
}

/**
 * Records several ratings in ONE transaction, in order (a later one sees the earlier ones: a
 * repeat inside the batch is a repeat). When this resolves, every rating is committed. If it
 * throws, nothing of the batch is stored.
 */
export async function recordRatings(inputs: RatingInput[], options: RecordOptions = {}): Promise<RatingResult[]> {
	if (inputs.length === 0) return [];
	for (const input of inputs) validate(input);
	const db = options.db ?? appDb;
	const graceMs = options.graceMs ?? ratingGraceMs();
	const receivedAt = options.receivedAt ?? new Date();
	const results = await db.transaction(async (tx) => {
		const scale = await activeScale(tx);
		return recordBatch(tx, inputs, scale, graceMs, receivedAt);
	});
	if (options.publish !== false) {
		for (const r of results) {
			if (r.duplicate) continue;
			publish('rating.recorded', { ratingId: r.ratingId, counterId: r.counterId, unitId: r.unitId, serviceEventId: r.serviceEventId, counted: r.counted });
		}
	}
	return results;
}

export async function recordRating(input: RatingInput, options: RecordOptions = {}): Promise<RatingResult> {
	const [result] = await recordRatings([input], options);
	return result;
}

/** The key a button-box press is stored under. */
export function boxPressKey(uid: string, boot: number, seq: number): string {
	return `box:${uid}:${boot}:${seq}`;
}
