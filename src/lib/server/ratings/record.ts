import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
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

async function existing(tx: Tx, key: string): Promise<RatingResult | null> {
	const [row] = await tx
		.select({
			id: ratings.id,
			counted: ratings.counted,
			notCountedReason: ratings.notCountedReason,
			counterId: ratings.counterId,
			unitId: ratings.unitId,
			serviceEventId: ratings.serviceEventId
		})
		.from(ratings)
		.where(eq(ratings.idempotencyKey, key));
	if (!row) return null;
	return {
		ratingId: row.id,
		counted: row.counted,
		notCountedReason: row.notCountedReason,
		duplicate: true,
		counterId: row.counterId,
		unitId: row.unitId,
		serviceEventId: row.serviceEventId
	};
}

/** The counter a device was bound to at `at` (bindings keep history: the one in force then). */
async function counterAt(tx: Tx, deviceId: number, at: Date): Promise<number | null> {
	const [b] = await tx
		.select({ counterId: deviceBindings.counterId })
		.from(deviceBindings)
		.where(
			and(
				eq(deviceBindings.deviceId, deviceId),
				lte(deviceBindings.boundAt, at),
				or(isNull(deviceBindings.unboundAt), gt(deviceBindings.unboundAt, at))
			)
		)
		.orderBy(desc(deviceBindings.boundAt))
		.limit(1);
	return b?.counterId ?? null;
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

async function recordOne(tx: Tx, input: RatingInput, scale: Scale, graceMs: number, receivedAt: Date): Promise<RatingResult> {
	const dup = await existing(tx, input.idempotencyKey);
	if (dup) return dup;
	const level = levelOf(input, scale);

	let counterId: number | null;
	if (input.deviceId != null) counterId = await counterAt(tx, input.deviceId, input.pressedAt);
	else if (input.counterId != null) counterId = input.counterId;
	else throw new RatingRejected('no_counter', 'a rating needs a device or a counter');

	let event: CandidateEvent | null = null;
	if (counterId !== null) {
		// FOR UPDATE: presses for one service are decided one after the other (first counts).
		const [row] =
			input.serviceEventId != null
				? await tx.select(eventColumns).from(serviceEvents).where(eq(serviceEvents.id, input.serviceEventId)).for('update')
				: await tx
						.select(eventColumns)
						.from(serviceEvents)
						.where(and(eq(serviceEvents.counterId, counterId), lte(serviceEvents.openedAt, input.pressedAt)))
						.orderBy(desc(serviceEvents.openedAt))
						.limit(1)
						.for('update');
		if (input.serviceEventId != null && row && row.counterId !== counterId) {
			throw new RatingRejected('event_not_at_counter', `service event ${row.id} is not at counter ${counterId}`);
		}
		event = row ?? null;
	}

	let priorCounted: 'same_event' | 'same_dossier_stage' | null = null;
	if (event) {
		const [prior] = await tx
			.select({ sameEvent: sql<boolean>`${ratings.serviceEventId} = ${event.id}` })
			.from(ratings)
			.where(
				and(
					eq(ratings.counted, true),
					or(eq(ratings.serviceEventId, event.id), and(eq(ratings.dossierId, event.dossierId), eq(ratings.stage, event.stage)))
				)
			)
			.orderBy(desc(sql`${ratings.serviceEventId} = ${event.id}`))
			.limit(1);
		if (prior) priorCounted = prior.sameEvent ? 'same_event' : 'same_dossier_stage';
	}

	const decision = decideAttribution({ pressedAt: input.pressedAt, counterId, event, named: input.serviceEventId != null, priorCounted, graceMs });
	const e = decision.event;
	const [row] = await tx
		.insert(ratings)
		.values({
			idempotencyKey: input.idempotencyKey,
			scaleId: scale.id,
			level,
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
		})
		.onConflictDoNothing({ target: ratings.idempotencyKey })
		.returning({ id: ratings.id });
	if (!row) {
		// Another transaction stored the same key between our look-up and our insert.
		const raced = await existing(tx, input.idempotencyKey);
		if (!raced) throw new Error(`rating ${input.idempotencyKey}: conflict but no row`);
		return raced;
	}
	return {
		ratingId: row.id,
		counted: decision.counted,
		notCountedReason: decision.notCountedReason,
		duplicate: false,
		counterId,
		unitId: e?.unitId ?? null,
		serviceEventId: e?.id ?? null
	};
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
		const out: RatingResult[] = [];
		for (const input of inputs) out.push(await recordOne(tx, input, scale, graceMs, receivedAt));
		return out;
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
