import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localTime, seedCalendar } from '../calendar';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { recordRatings } from '../ratings';
import { act, createComplaint } from '../complaints';
import { seedComplaintCast } from '../complaints/test-fixtures';
import { createSubscriber, retryNow, setPaused, subscriberLog } from './store';
import { createWorker, type Worker } from './worker';
import { expireAndClean } from './outbox';
import { readWebhookSettings, type WebhookSettings } from './settings';
import { Subscriber } from './subscriber.fixture';
import { WEBHOOK_COMPONENTS, webhookSchemas, webhooks } from './openapi';
import { EXAMPLES, WEBHOOK_BODIES, complaintData, ratingStoredData } from './payloads';
import { componentSchemas, ref } from '../openapi/kit';
import type { WebhookEventType } from '../db/schema';

const documented = (name: string) => Object.keys(webhookSchemas[name].properties as object).sort();

/** A delivered body parses with the schema the document shows for its type, to the same value. */
function expectDocumentedBody(body: { type: string }) {
	const schema = WEBHOOK_BODIES[body.type as WebhookEventType];
	expect(schema, body.type).toBeDefined();
	const parsed = schema.safeParse(body);
	expect(parsed.error?.issues ?? [], JSON.stringify(body)).toEqual([]);
	expect(parsed.data, 'nothing the schema does not show').toEqual(body);
}

describe('the webhook bodies in the OpenAPI document', () => {
	it('are generated from payloads.ts, and its examples parse with them', () => {
		expect(webhookSchemas).toEqual(
			componentSchemas({ RatingStoredData: ratingStoredData, ComplaintData: complaintData, RatingStoredEvent: WEBHOOK_BODIES['rating.stored'], ComplaintOpenedEvent: WEBHOOK_BODIES['complaint.opened'], ComplaintClosedEvent: WEBHOOK_BODIES['complaint.closed'] })
		);
		for (const type of Object.keys(WEBHOOK_BODIES) as WebhookEventType[]) {
			const post = webhooks[type].post as { requestBody: { content: { 'application/json': { schema: unknown } } } };
			expect(post.requestBody.content['application/json'].schema).toEqual(ref(WEBHOOK_COMPONENTS[type]));
			expectDocumentedBody(EXAMPLES[type]);
		}
	});
});

/**
 * The outbox on both databases: an event row is written by the transaction that stores the fact
 * (and only then), and the worker delivers every event to a real HTTP subscriber that fails for a
 * while (500s, then its port closed), across a worker restart, signed, each event id once at
 * least and nothing lost.
 */

const FAST: WebhookSettings = {
	allowPrivateHttp: true,
	backoff: { baseMs: 20, capMs: 200 },
	expireMs: 7 * 86_400_000,
	timeoutMs: 2_000,
	pollMs: 20,
	concurrency: 4,
	logMs: 30 * 86_400_000,
	// the key the store seals with in tests (no WEBHOOK_SECRET_KEY): the worker must open what it sealed
	secretKey: readWebhookSettings({}).secretKey,
	secretKeyIsDevelopment: true
};

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

describe.each(testDatabaseKinds)('webhook outbox on %s', (kind) => {
	let h: DatabaseHandle;
	let cast: Awaited<ReturnType<typeof seedComplaintCast>>;
	const t0 = localTime('2026-11-23', 9);
	let key = 0;
	let slot = 0;
	const subscriber = new Subscriber();
	const spies: { mockRestore(): void }[] = [];

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		await seedCalendar(h);
		cast = await seedComplaintCast(h.db);
		await subscriber.start();
		spies.push(vi.spyOn(console, 'error').mockImplementation(() => {}));
	});
	afterAll(async () => {
		spies.forEach((x) => x.mockRestore());
		await subscriber.down();
		await h?.close();
	});

	const count = async (q: ReturnType<typeof sql>) => Number((await h.rows<{ n: number | string }>(sql`select (${q})::int as n`))[0].n);
	const events = () => count(sql`select count(*) from webhook_events`);

	/** n ratings at counter 1, one service each; the second press of a pair is a repeat (stored, not counted). */
	async function rate(n: number, level = 1) {
		const inputs = [];
		for (let i = 0; i < n; i++) {
			const opened = new Date(t0.getTime() + ++slot * 600_000);
			const ev = await cast.centre.openService(cast.centre.counterIds[0], opened, new Date(opened.getTime() + 300_000));
			inputs.push({ source: 'tablet' as const, idempotencyKey: `tab:w-${kind}-${++key}`, counterId: cast.centre.counterIds[0], serviceEventId: ev.id, pressedAt: new Date(opened.getTime() + 60_000), level });
		}
		return recordRatings(inputs, { receivedAt: new Date(t0.getTime() + (slot + 1) * 600_000), publish: false });
	}

	it('writes nothing while no subscriber wants the type', async () => {
		await rate(2);
		expect(await events()).toBe(0);
	});

	it('writes one event per rating and per complaint opened or closed, in the fact’s own transaction, without personal data', async () => {
		subscriber.secret = (await createSubscriber({ name: 'Một cửa tỉnh', url: subscriber.url, events: ['rating.stored', 'complaint.opened', 'complaint.closed'] }, cast.admin)).secret;
		// a second subscriber for complaints only, paused: its deliveries queue but are not sent
		const other = await createSubscriber({ name: 'Cổng DVC', url: 'https://dvc.example.gov.vn/hooks', events: ['complaint.opened', 'complaint.closed'] }, cast.admin);
		await setPaused(other.id, true);

		// A rating written and rolled back leaves no event: the outbox row lives in the fact's transaction.
		await expect(
			h.db.transaction(async (tx) => {
				await tx.insert(s.ratings).values({ idempotencyKey: `tab:rollback-${kind}`, scaleId: cast.centre.scaleId, level: 1, source: 'tablet', pressedAt: t0, counterId: cast.centre.counterIds[0], counted: false, notCountedReason: 'no_service' });
				const inside = (await tx.execute(sql`select count(*)::int as n from webhook_events`)) as unknown;
				const rows = (Array.isArray(inside) ? inside : (inside as { rows: { n: number }[] }).rows) as { n: number }[];
				expect(Number(rows[0].n)).toBe(1); // written by the trigger, inside this transaction
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		expect(await events()).toBe(0);

		const stored = await rate(3, 5);
		expect(await count(sql`select count(*) from webhook_events where type = 'rating.stored'`)).toBe(3);
		const [first] = await h.rows<{ data: unknown }>(sql`select data from webhook_events where type = 'rating.stored' order by seq limit 1`);
		const data = typeof first.data === 'string' ? JSON.parse(first.data) : first.data;
		expect(data).toMatchObject({ ratingId: stored[0].ratingId, stage: 'receiving', officerStaffNumber: 'CB001', unitCode: 'PX', level: 5, levelCount: 5, class: 'dissatisfied', counted: true, notCountedReason: null, source: 'tablet' });
		expect(data.dossierCode).toMatch(/^HS-/);
		// the trigger writes exactly the documented fields (OpenAPI and the examples agree with it)
		expect(Object.keys(data).sort()).toEqual(documented('RatingStoredData'));
		expect(Object.keys(EXAMPLES['rating.stored'].data).sort()).toEqual(documented('RatingStoredData'));
		expect(data.pressedAt).toMatch(/^2026-11-23T\d\d:\d\d:00\.000Z$/);

		const c = await createComplaint({ unitId: cast.unitA, channel: 'hotline', description: 'Ông Trần Văn Bình, 0912345678, phàn nàn', officerId: cast.centre.officerId, contact: { phone: '0912345678' }, receivedAt: t0 }, { userId: cast.inspectorA });
		expect((await act(c.id, { userId: cast.inspectorA }, { kind: 'assign', assigneeId: cast.inspectorA })).ok).toBe(true);
		expect(await count(sql`select count(*) from webhook_events where type like 'complaint.%'`)).toBe(1); // assigning is neither
		const c2 = await createComplaint({ unitId: cast.unitA, channel: 'web', description: 'Chờ lâu', receivedAt: t0 }, { userId: null });
		await act(c2.id, { userId: cast.inspectorA }, { kind: 'assign', assigneeId: cast.inspectorA });
		expect((await act(c2.id, { userId: cast.inspectorA }, { kind: 'reject', reason: 'Trùng phản ánh khác' })).ok).toBe(true);
		const complaintEvents = await h.rows<{ type: string; data: unknown }>(sql`select type, data from webhook_events where type like 'complaint.%' order by seq`);
		expect(complaintEvents.map((e) => e.type)).toEqual(['complaint.opened', 'complaint.opened', 'complaint.closed']);
		const closed = complaintEvents[2].data as Record<string, unknown>;
		expect(closed).toMatchObject({ complaintId: c2.id, complaintCode: c2.code, status: 'rejected', unitCode: 'PX', channel: 'web' });
		expect(closed.closedAt).toEqual(expect.any(String));
		for (const e of complaintEvents) expect(Object.keys(e.data as object).sort()).toEqual(documented('ComplaintData'));
		expect(Object.keys(EXAMPLES['complaint.closed'].data).sort()).toEqual(documented('ComplaintData'));

		// deliveries: the full subscriber gets all 6, the complaint-only one the 3 complaint events
		expect(await count(sql`select count(*) from webhook_deliveries where subscriber_id <> ${other.id}`)).toBe(6);
		expect(await count(sql`select count(*) from webhook_deliveries where subscriber_id = ${other.id}`)).toBe(3);
		// no phone number, no citizen's or officer's name, no free text anywhere in the outbox
		const outbox = JSON.stringify(await h.rows<{ data: unknown }>(sql`select data from webhook_events`));
		for (const secret of ['0912345678', 'Trần Văn Bình', 'Nguyễn Thị Lan', 'Chờ lâu', 'Trùng']) expect(outbox).not.toContain(secret);
	});

	it('delivers every event to a subscriber that fails, goes down and comes back, across a worker restart', async () => {
		let worker: Worker | null = null;
		try {
			// failing: 500 for every request
			subscriber.mode = 500;
			worker = createWorker(h, FAST);
			await until('a few failed attempts', () => subscriber.failed >= 3);
			// then down: connection refused, while more facts arrive
			await subscriber.down();
			await rate(4, 2);
			await until('a refused attempt', async () => (await count(sql`select count(*) from webhook_attempts where error = 'ECONNREFUSED'`)) >= 1);
			// the process stops (POSTs in flight are released) and a new one starts on the same database
			await worker.stop();
			const pendingAtStop = await count(sql`select count(*) from webhook_deliveries where status = 'pending' and subscriber_id = (select min(id) from webhook_subscribers)`);
			expect(pendingAtStop).toBe(10);
			await rate(2, 3);
			worker = createWorker(h, FAST);
			await subscriber.up();
			const expected = await h.rows<{ id: string }>(sql`select e.id::text as id from webhook_events e join webhook_deliveries d on d.event_seq = e.seq
				join webhook_subscribers s on s.id = d.subscriber_id where not s.paused`);
			expect(expected).toHaveLength(12);
			await until('every event delivered', () => expected.every((e) => subscriber.ids().has(e.id)), 60_000);
			await until('every delivery recorded', async () => (await count(sql`select count(*) from webhook_deliveries d join webhook_subscribers s on s.id = d.subscriber_id where not s.paused and d.status <> 'delivered'`)) === 0);
		} finally {
			await worker?.stop();
		}
		// every body was signed with the subscriber's secret; ids are unique per event and match the body
		expect(subscriber.received.every((r) => r.verified)).toBe(true);
		expect(subscriber.received.every((r) => r.parsed.id === r.eventId && r.parsed.type === r.type)).toBe(true);
		// every body as delivered is the one documented for its type (ratings, complaints opened and closed)
		expect(new Set(subscriber.received.map((r) => r.type))).toEqual(new Set(['rating.stored', 'complaint.opened', 'complaint.closed']));
		for (const r of subscriber.received) expectDocumentedBody(JSON.parse(r.body));
		const ids = subscriber.ids();
		expect(ids.size).toBe(12);
		// a delivery is at least once: duplicates are possible in general, but here each event came once
		expect(subscriber.received.length).toBe(12);
		// the paused subscriber was never called, its deliveries wait
		expect(await count(sql`select count(*) from webhook_deliveries d join webhook_subscribers s on s.id = d.subscriber_id where s.paused and d.status = 'pending' and d.attempts = 0`)).toBe(3);
		// attempts were logged: failures with their cause, then one success per delivery
		const log = await subscriberLog((await h.rows<{ id: number }>(sql`select min(id) as id from webhook_subscribers`))[0].id);
		expect(log!.attempts.some((a) => a.httpStatus === 500)).toBe(true);
		expect(log!.attempts.filter((a) => a.ok)).toHaveLength(12);
		expect(log!.deliveries.every((d) => d.status === 'delivered' && d.deliveredAt !== null)).toBe(true);
		expect(log!.subscriber.failures).toBe(0);
	});

	it('retry now lifts the back-off; deliveries still failing after the expiry are given up, and the log is cleared later', async () => {
		await subscriber.down();
		const subId = Number((await h.rows<{ id: number }>(sql`select min(id) as id from webhook_subscribers`))[0].id);
		await rate(1);
		const worker = createWorker(h, { ...FAST, backoff: { baseMs: 3_600_000, capMs: 3_600_000 } });
		try {
			await until('a failed attempt', async () => (await count(sql`select count(*) from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id where d.status = 'pending' and not a.ok and d.subscriber_id = ${subId}`)) >= 1);
			await subscriber.up();
			// an hour's back-off (jittered to 30–60 min): the delivery waits for its next attempt, until "retry now"
			expect(await count(sql`select count(*) from webhook_deliveries where status = 'pending' and subscriber_id = ${subId} and next_attempt_at > now() + interval '25 minutes'`)).toBe(1);
			expect(await retryNow(subId)).toBe(1);
			worker.wake();
			await until('delivered after retry now', async () => (await count(sql`select count(*) from webhook_deliveries where status = 'pending' and subscriber_id = ${subId}`)) === 0);
		} finally {
			await worker.stop();
		}
		// The paused subscriber's 3 deliveries are 8 days old by a clock 8 days ahead: expired.
		const later = new Date(Date.now() + 8 * 86_400_000);
		expect(await expireAndClean(h, later, FAST.expireMs, FAST.logMs)).toEqual({ expired: 3 });
		// 31 days ahead: the log (attempts, finished deliveries, their events) is gone
		await expireAndClean(h, new Date(Date.now() + 31 * 86_400_000), FAST.expireMs, FAST.logMs);
		expect(await count(sql`select count(*) from webhook_attempts`)).toBe(0);
		expect(await count(sql`select count(*) from webhook_deliveries`)).toBe(0);
		expect(await events()).toBe(0);
	});
});
