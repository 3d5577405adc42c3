import { db as appDb, type Db } from '../db';
import type { NotCountedReason, RatingSource, ReasonCode } from '../db/schema';
import { publish } from '../events/bus';
import { DEFAULT_GRACE_MS, decideAttribution, type CandidateEvent } from './attribution';
import { runBatch, storedRatings, type BatchFacts, type LookupInput, type Plan, type RatingRow, type StoredRating } from './batch-store';
import { buttonToLevel } from './levels';
import { parseSipasMapping } from '../indices/settings';
import { answersForStage, parseKioskQuestions, returnOnlyKeys, type IgnoredAnswer } from '../kiosk/questions';
import { ratingLatency, ratingsStored } from '../ops/metrics';

/**
 * The one way a rating enters the database, whatever its source (button box through a serial
 * reader or a bridge, tablet, QR). It is idempotent on `idempotencyKey`: a resend finds the
 * first row and reports it as a duplicate, never a second row. Attribution (which service
 * event, counted or not) is decided inside the transaction, with the service event row locked,
 * so two presses racing for one service cannot both count. A batch costs two round trips to the
 * database whatever its size (batch-store.ts).
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
	/**
	 * The bridge that posted a box press: recorded on the rating, and the press counts only if the
	 * box is bound to one of the counters assigned to that bridge (else 'bridge_not_assigned').
	 */
	bridge?: { id: number; counterIds: readonly number[] } | null;
	/** A press claiming to be older than this when received is stored uncounted, 'too_old'. */
	maxAgeMs?: number;
};

export type RatingResult = {
	ratingId: number;
	counted: boolean;
	notCountedReason: NotCountedReason | null;
	/** The key was already stored (by this call's twin or an earlier one): nothing new was written. */
	duplicate: boolean;
	/**
	 * Answers set aside because their question is not asked at the stage of the service rated (the
	 * result and feedback questions are asked only when the result is returned); the rating and
	 * its other answers are stored. Present only on the answer to the call that stored the rating.
	 */
	ignoredAnswers?: IgnoredAnswer[];
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

const asDuplicate = (r: StoredRating): RatingResult => ({
	ratingId: r.id,
	counted: r.counted,
	notCountedReason: r.reason as NotCountedReason | null,
	duplicate: true,
	counterId: r.counter,
	unitId: r.unit,
	serviceEventId: r.event
});

const toEvent = (e: BatchFacts['events'][number]): CandidateEvent => ({
	id: e.id,
	counterId: e.counter,
	officerId: e.officer,
	unitId: e.unit,
	dossierId: e.dossier,
	stage: e.stage,
	openedAt: new Date(e.opened),
	closedAt: e.closed === null ? null : new Date(e.closed)
});

/**
 * The decisions of one batch, in order, each seeing the ones before it (a second press for a
 * service in the same batch is a repeat), from facts read under lock (batch-store.ts). Fills
 * `results` for every key; returns the rows to insert. Throws RatingRejected to refuse the batch.
 */
function decideBatch(inputs: RatingInput[], facts: BatchFacts, graceMs: number, receivedAt: Date, results: Map<string, RatingResult>): Plan {
	if (!facts.scale) throw new RatingRejected('no_active_scale', 'no rating scale is active');
	const scale: Scale = { id: facts.scale.id, levelCount: facts.scale.levels };
	for (const r of facts.existing) results.set(r.k, asDuplicate(r));
	const events = new Map(facts.events.map((e) => [e.id, toEvent(e)]));
	const countedEvents = new Set<number>();
	const countedDossierStages = new Set<string>();
	// A queue ticket's service without a dossier yet is its own "dossier": one counted rating per service.
	const ds = (dossierId: number | null, stage: string, eventId: number) => (dossierId === null ? `event:${eventId}` : `${dossierId}:${stage}`);
	for (const e of facts.events) {
		if (e.priorEvent) countedEvents.add(e.id);
		if (e.priorDossierStage) countedDossierStages.add(ds(e.dossier, e.stage, e.id));
	}
	const candidates = new Map(facts.inputs.map((i) => [i.o, i]));
	// the extra questions' stages, parsed only for a batch that carries answers
	let stages: { questions: ReturnType<typeof parseKioskQuestions>; returnOnly: Set<string> } | null = null;
	const questionStages = () => (stages ??= { questions: parseKioskQuestions(facts.questions), returnOnly: returnOnlyKeys(parseSipasMapping(facts.sipas)) });

	const rows: RatingRow[] = [];
	inputs.forEach((input, o) => {
		if (results.has(input.idempotencyKey)) return; // stored before, or a twin earlier in this batch
		const level = levelOf(input, scale);
		if (input.deviceId == null && input.counterId == null) throw new RatingRejected('no_counter', 'a rating needs a device or a counter');
		const candidate = candidates.get(o);
		const counterId = candidate?.counter ?? null;
		const event = candidate?.event != null ? (events.get(candidate.event) ?? null) : null;
		if (event && input.serviceEventId != null && event.counterId !== counterId) {
			throw new RatingRejected('event_not_at_counter', `service event ${event.id} is not at counter ${counterId}`);
		}
		const priorCounted = !event ? null : countedEvents.has(event.id) ? 'same_event' : countedDossierStages.has(ds(event.dossierId, event.stage, event.id)) ? 'same_dossier_stage' : null;
		const decision = decideAttribution({
			pressedAt: input.pressedAt,
			counterId,
			event,
			named: input.serviceEventId != null,
			priorCounted,
			graceMs,
			channelCounters: input.bridge?.counterIds ?? null,
			tooOld: input.maxAgeMs !== undefined && receivedAt.getTime() - input.pressedAt.getTime() > input.maxAgeMs
		});
		const e = decision.event;
		const answers = input.answers ? answersForStage(input.answers, e?.stage ?? null, questionStages().questions, questionStages().returnOnly) : null;
		if (decision.counted) {
			countedEvents.add(decision.event.id);
			countedDossierStages.add(ds(decision.event.dossierId, decision.event.stage, decision.event.id));
		}
		rows.push({
			o,
			k: input.idempotencyKey,
			level,
			source: input.source,
			p: input.pressedAt.toISOString(),
			d: input.deviceId ?? null,
			e: e?.id ?? null,
			c: counterId,
			officer: e?.officerId ?? null,
			unit: e?.unitId ?? null,
			dossier: e?.dossierId ?? null,
			stage: e?.stage ?? null,
			answers: answers?.kept ?? null,
			reasons: input.reasonCodes ?? null,
			comment: input.comment ?? null,
			contact: input.contactId ?? null,
			bridge: input.bridge?.id ?? null,
			counted: decision.counted,
			why: decision.notCountedReason
		});
		results.set(input.idempotencyKey, {
			ratingId: 0,
			counted: decision.counted,
			notCountedReason: decision.notCountedReason,
			duplicate: false,
			counterId,
			unitId: e?.unitId ?? null,
			serviceEventId: e?.id ?? null,
			...(answers?.ignored.length ? { ignoredAnswers: answers.ignored } : {})
		});
	});
	return { scaleId: scale.id, rows };
}

/** Two round trips whatever the batch's size (batch-store.ts); the decisions are made in memory between them. */
async function recordBatch(db: Db, inputs: RatingInput[], graceMs: number, receivedAt: Date): Promise<RatingResult[]> {
	const lookups: LookupInput[] = inputs.map((i, o) => ({
		o,
		k: i.idempotencyKey,
		d: i.deviceId ?? null,
		c: i.deviceId != null ? null : (i.counterId ?? null),
		e: i.serviceEventId ?? null,
		p: i.pressedAt.toISOString()
	}));
	const results = new Map<string, RatingResult>();
	const fresh = new Set<string>();
	const inserted = await runBatch(db, lookups, receivedAt, (facts) => {
		results.clear();
		const plan = decideBatch(inputs, facts, graceMs, receivedAt, results);
		fresh.clear();
		for (const r of plan.rows) fresh.add(r.k);
		return plan;
	});
	for (const { id, k } of inserted) {
		results.get(k)!.ratingId = id;
		fresh.delete(k);
	}
	// Keys another transaction stored between our look-up and our insert: theirs stands.
	if (fresh.size) {
		const theirs = new Map((await storedRatings(db, [...fresh])).map((r) => [r.k, asDuplicate(r)]));
		for (const k of fresh) {
			const other = theirs.get(k);
			if (!other) throw new Error(`rating ${k}: conflict but no row`);
			results.set(k, other);
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
	const started = performance.now();
	const results = await recordBatch(db, inputs, graceMs, receivedAt);
	ratingLatency.observe((performance.now() - started) / 1000);
	results.forEach((r, i) => r.duplicate || ratingsStored.inc({ source: inputs[i].source }));
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
