import type { PGlite } from '@electric-sql/pglite';
import type { Sql } from 'postgres';
import type { Db } from '../db';
import { SIPAS_KEY } from '../indices/settings';
import { KIOSK_QUESTIONS_KEY } from '../kiosk/questions';
import { SCALE_IN_FORCE_SQL } from './scale-rules';
import { groupCommitBatch } from '../ops/metrics';
import { bool, num, numOrNull, type DbBool, type DbNumber } from '../db/decode';

/**
 * The SQL of a rating batch, and the two round trips that run it. A batch is decided in memory
 * (attribution.ts) from facts read under lock, then written by one INSERT:
 *
 *   1. BEGIN; lock the service events the batch rates (FOR UPDATE, id order); read the facts
 *   2. INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING; COMMIT
 *
 * On PostgreSQL each step is one pipelined write on one reserved connection, so a batch of any
 * size costs two round trips. The facts are read by a statement of their own, after the lock
 * statement: in READ COMMITTED every statement takes a new snapshot, so the facts include any
 * rating committed by a transaction that held one of the locks (a lock and a read in one
 * statement would share a snapshot taken before the lock was granted, and two presses racing for
 * one service could both count). Inputs and rows travel as one JSON text parameter, so each
 * statement's text never changes and postgres.js prepares it once per connection.
 */

/** One rating of the batch as the look-ups need it (JSON keys kept short: they are sent per rating). */
export type LookupInput = {
	/** Position in the batch. */
	o: number;
	k: string;
	/** Device, or counter for sources without one; named service event; press time (ISO). */
	d: number | null;
	c: number | null;
	e: number | null;
	p: string;
};

/** What the batch's decisions rest on, read after the locks were granted. */
export type BatchFacts = {
	scale: { id: number; levels: number } | null;
	/** Keys of the batch already stored, with the stored outcome. */
	existing: { k: string; id: number; counted: boolean; reason: string | null; counter: number | null; unit: number | null; event: number | null }[];
	/** Per input (by `o`): the counter (device binding at press time, or the given counter) and the candidate event. */
	inputs: { o: number; counter: number | null; event: number | null }[];
	/** The candidate events, times in epoch milliseconds, and whether a counted rating already exists for each (or its dossier and stage). */
	events: {
		id: number;
		counter: number;
		officer: number;
		unit: number;
		dossier: number | null;
		stage: 'receiving' | 'returning';
		opened: number;
		closed: number | null;
		priorEvent: boolean;
		priorDossierStage: boolean;
	}[];
	/**
	 * The stored `kiosk.questions` and `indices.sipas` settings (null when unset), read in the same
	 * transaction: an answer is kept only if its question is asked at the stage of the service
	 * the rating is attributed to (kiosk/questions.ts, answersForStage).
	 */
	questions: unknown;
	sipas: unknown;
};

/** A row for ratings, in the JSON the INSERT reads (pressed time as ISO text). */
export type RatingRow = {
	o: number;
	k: string;
	level: number;
	source: string;
	p: string;
	d: number | null;
	e: number | null;
	c: number | null;
	officer: number | null;
	unit: number | null;
	dossier: number | null;
	stage: string | null;
	answers: Record<string, number> | null;
	reasons: string[] | null;
	comment: string | null;
	contact: number | null;
	bridge: number | null;
	counted: boolean;
	why: string | null;
};

export type StoredRating = { id: number; k: string; counted: boolean; reason: string | null; counter: number | null; unit: number | null; event: number | null };

// Per input: the counter (a device's binding in force at the press, else the given counter) and
// the candidate event (the named one, else the latest opened at that counter at or before the press).
// The open binding is found through its unique index; only a press from before the device's
// current binding looks through the history. MATERIALIZED: each look-up runs once per input.
const CANDIDATES = `
	x as materialized (select * from json_to_recordset($1::text::json) as x(o int, k text, d int, c int, e bigint, p timestamptz)),
	xc as materialized (
		select x.o, x.e, x.p,
			case when x.d is null then x.c else coalesce(
				(select b.counter_id from device_bindings b where b.device_id = x.d and b.unbound_at is null and b.bound_at <= x.p),
				(select b.counter_id from device_bindings b
					where b.device_id = x.d and b.bound_at <= x.p and b.unbound_at > x.p
					order by b.bound_at desc, b.id desc limit 1)) end as counter_id
		from x),
	xe as materialized (
		select xc.o, xc.counter_id,
			case when xc.counter_id is null then null when xc.e is not null then xc.e else (
				select s.id from service_events s
				where s.counter_id = xc.counter_id and s.opened_at <= xc.p
				order by s.opened_at desc, s.id limit 1) end as event_id
		from xc)`;

// Every look-up below is an index probe per input (LATERAL … LIMIT 1; ORDER BY the indexed
// column … LIMIT 1 for the "already counted?" checks, which then stop at the first counted
// rating instead of reading every repeat press of a service), by construction: the
// statements are prepared and PostgreSQL keeps a generic plan per connection, so a plan chosen
// while a table was small (a hash join over a scan of ratings) must not be possible, or it
// would scan the whole table on every batch once the table has grown.
const EVENT_IDS = `(select distinct event_id as id from xe where event_id is not null order by 1) ev`;

/** Locks the candidate events in id order: presses for one service are decided one transaction after another. */
export const LOCK_SQL = `with ${CANDIDATES}
	select s.id from ${EVENT_IDS} cross join lateral (select s.id from service_events s where s.id = ev.id for update) s`;

const ms = (col: string) => `(extract(epoch from ${col}) * 1000)`;

export const FACTS_SQL = `with ${CANDIDATES}
	select json_build_object(
		'scale', (select json_build_object('id', s.id, 'levels', s.level_count) from (${SCALE_IN_FORCE_SQL}) s),
		'existing', coalesce((
			select json_agg(json_build_object('k', r.idempotency_key, 'id', r.id, 'counted', r.counted, 'reason', r.not_counted_reason,
				'counter', r.counter_id, 'unit', r.unit_id, 'event', r.service_event_id))
			from x cross join lateral (select * from ratings r where r.idempotency_key = x.k limit 1) r), '[]'::json),
		'inputs', (select json_agg(json_build_object('o', o, 'counter', counter_id, 'event', event_id)) from xe),
		'events', coalesce((
			select json_agg(json_build_object('id', s.id, 'counter', s.counter_id, 'officer', s.officer_id, 'unit', s.unit_id,
				'dossier', s.dossier_id, 'stage', s.stage, 'opened', ${ms('s.opened_at')}, 'closed', ${ms('s.closed_at')},
				'priorEvent', exists (select 1 from ratings r where r.service_event_id = s.id and r.counted order by r.service_event_id limit 1),
				'priorDossierStage', exists (
					select 1 from ratings r where r.dossier_id = s.dossier_id and r.stage = s.stage and r.counted order by r.dossier_id limit 1)))
			from ${EVENT_IDS} cross join lateral (select * from service_events s where s.id = ev.id limit 1) s), '[]'::json),
		'questions', (select value from settings where key = '${KIOSK_QUESTIONS_KEY}'),
		'sipas', (select value from settings where key = '${SIPAS_KEY}')
	) as facts`;

export const INSERT_SQL = `insert into ratings (idempotency_key, scale_id, level, source, pressed_at, received_at, device_id,
		service_event_id, counter_id, officer_id, unit_id, dossier_id, stage, answers, reason_codes, comment, contact_id, bridge_id, counted, not_counted_reason)
	select x.k, $2::int, x.level, x.source, x.p, $3::text::timestamptz, x.d, x.e, x.c, x.officer, x.unit, x.dossier, x.stage,
		x.answers::jsonb, x.reasons, x.comment, x.contact, x.bridge, x.counted, x.why
	from json_to_recordset($1::text::json) as x(o int, k text, level smallint, source text, p timestamptz, d int, e bigint, c int,
		officer int, unit int, dossier bigint, stage text, answers json, reasons text[], comment text, contact int, bridge int, counted boolean, why text)
	order by x.o
	on conflict (idempotency_key) do nothing
	returning id, idempotency_key as k`;

/** Stored outcomes of keys another transaction wrote between our look-up and our insert. */
export const STORED_SQL = `select r.id, r.idempotency_key as k, r.counted, r.not_counted_reason as reason, r.counter_id as counter,
		r.unit_id as unit, r.service_event_id as event
	from json_array_elements_text($1::text::json) as k(key)
	cross join lateral (select * from ratings r where r.idempotency_key = k.key limit 1) r`;

/**
 * A write plan made from the facts: the rows to insert, or a refusal (thrown: the transaction
 * is rolled back). The scale id goes with the rows.
 */
export type Plan = { scaleId: number; rows: RatingRow[] };

type Client = { kind: 'postgres'; sql: Sql } | { kind: 'pglite'; pglite: PGlite };

function clientOf(db: Db): Client {
	const raw = (db as unknown as { $client: unknown }).$client;
	if (typeof raw === 'function' && 'reserve' in raw) return { kind: 'postgres', sql: raw as Sql };
	if (raw && typeof raw === 'object' && 'transaction' in raw) return { kind: 'pglite', pglite: raw as PGlite };
	throw new Error('ratings: unknown database driver');
}

/**
 * postgres.js sends an `unsafe` query with parameters unprepared by default: a describe round
 * trip, then parse and plan on every call. Prepared, a statement is parsed once per connection
 * and PostgreSQL settles on a generic plan (the text never changes: the inputs are one JSON
 * parameter), so a call is one Bind/Execute.
 */
const PREPARED = { prepare: true } as const;

/**
 * Runs a batch's statements with generic plans forced. PostgreSQL otherwise compares each
 * call's custom plan with the generic one and, for these CTE-heavy statements, kept planning
 * afresh on every batch; forcing generic plans lowered PostgreSQL's CPU per rating in bench:api
 * (docs/benchmarks.md, "Figures behind code decisions"). The statements are written to be index probes whatever the plan
 * (see above; batch.test.ts checks their generic plans). The triggers' statements take no
 * parameters, so they had generic plans already. SET LOCAL ends with the transaction.
 */
const GENERIC_PLANS = 'set local plan_cache_mode = force_generic_plan';


/** A row INSERT_SQL returns. */
type InsertedRow = { id: DbNumber; k: string };
const inserted = (rows: InsertedRow[]) => rows.map((r) => ({ id: num(r.id), k: r.k }));

/** A row STORED_SQL returns. */
type StoredRow = { id: DbNumber; k: string; counted: DbBool; reason: string | null; counter: DbNumber | null; unit: DbNumber | null; event: DbNumber | null };

/**
 * Runs one batch: reads the facts under lock, lets `plan` decide (it may throw to refuse the
 * batch), inserts the rows and commits. Resolves only after the commit, with the ids of the rows
 * this transaction inserted (a key missing there was stored by another transaction meanwhile).
 */
export function runBatch(db: Db, lookups: LookupInput[], receivedAt: Date, plan: (facts: BatchFacts) => Plan): Promise<{ id: number; k: string }[]> {
	groupCommitBatch.observe(lookups.length);
	return runBatchNow(db, lookups, receivedAt, plan);
}

async function runBatchNow(
	db: Db,
	lookups: LookupInput[],
	receivedAt: Date,
	plan: (facts: BatchFacts) => Plan
): Promise<{ id: number; k: string }[]> {
	const client = clientOf(db);
	const input = JSON.stringify(lookups);
	const at = receivedAt.toISOString();
	if (client.kind === 'pglite') {
		return client.pglite.transaction(async (tx) => {
			await tx.exec(GENERIC_PLANS);
			await tx.query(LOCK_SQL, [input]);
			const facts = (await tx.query<{ facts: BatchFacts }>(FACTS_SQL, [input])).rows[0].facts;
			const p = plan(facts);
			if (p.rows.length === 0) return [];
			return inserted((await tx.query<InsertedRow>(INSERT_SQL, [JSON.stringify(p.rows), p.scaleId, at])).rows);
		});
	}

	const c = await client.sql.reserve();
	// Issued without waiting in between: postgres.js writes them together and PostgreSQL runs
	// them in order. Every promise gets a handler at once, so a failure is never "unhandled".
	const settle = <T>(q: Promise<T>) => q.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
	let inTransaction = false;
	try {
		const begin = settle(c.unsafe('begin').execute());
		inTransaction = true;
		const generic = settle(c.unsafe(GENERIC_PLANS).execute());
		const lock = settle(c.unsafe(LOCK_SQL, [input], PREPARED).execute());
		const read = settle(c.unsafe<{ facts: BatchFacts }[]>(FACTS_SQL, [input], PREPARED).execute());
		for (const step of [await begin, await generic, await lock, await read]) if (!step.ok) throw step.error;
		const p = plan((await read as { ok: true; value: { facts: BatchFacts }[] }).value[0].facts);
		if (p.rows.length === 0) {
			inTransaction = false;
			await c.unsafe('commit');
			return [];
		}
		const insert = settle(c.unsafe<InsertedRow[]>(INSERT_SQL, [JSON.stringify(p.rows), p.scaleId, at], PREPARED).execute());
		// If the INSERT fails, PostgreSQL answers this COMMIT with a rollback: nothing is stored.
		const commit = settle(c.unsafe('commit').execute());
		inTransaction = false;
		const [ins, done] = [await insert, await commit];
		if (!ins.ok) throw ins.error;
		if (!done.ok) throw done.error;
		return inserted(ins.value);
	} catch (e) {
		if (inTransaction) await c.unsafe('rollback').catch(() => {});
		throw e;
	} finally {
		c.release();
	}
}

/** The stored outcome of keys (after a lost race). */
export async function storedRatings(db: Db, keys: string[]): Promise<StoredRating[]> {
	const client = clientOf(db);
	const param = JSON.stringify(keys);
	const rows =
		client.kind === 'pglite'
			? (await client.pglite.query<StoredRow>(STORED_SQL, [param])).rows
			: await client.sql.unsafe<StoredRow[]>(STORED_SQL, [param], PREPARED);
	return rows.map((r) => ({
		id: num(r.id),
		k: r.k,
		counted: bool(r.counted),
		reason: r.reason,
		counter: numOrNull(r.counter),
		unit: numOrNull(r.unit),
		event: numOrNull(r.event)
	}));
}
