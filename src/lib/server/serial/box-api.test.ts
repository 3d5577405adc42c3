import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { assignBridgeCounters, bridgeList } from './admin';
import { handleBoxApi, type PressOutcomeJson } from './box-api';
import { createBridgeToken, revokeBridge } from './bridge-auth';

const DAY = 86_400_000;

/** What a bridge token may make count: presses of boxes at its assigned counters, no older than the cap. */
describe.each(testDatabaseKinds)('bridge presses and the counters a bridge serves, on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let seq = 0;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		f = await seedCentre(h.db, 3);
	});
	afterAll(async () => h?.close());

	const press = async (token: string, uid: string, ageMs: number, maxAgeMs?: number): Promise<PressOutcomeJson> => {
		const body = { presses: [{ uid, boot: 1, seq: ++seq, button: 1, buttons: 5, ageMs }] };
		const res = await handleBoxApi(
			'presses',
			new Request('http://bridge.test/api/v1/boxes/presses', {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(body)
			}),
			{ db: h.db, maxAgeMs }
		);
		expect(res.status).toBe(200);
		return ((await res.json()) as { results: PressOutcomeJson[] }).results[0];
	};
	const stored = async (key: string) => {
		const [r] = await h.rows<Record<string, unknown>>(sql`
			select counted, not_counted_reason as reason, bridge_id, service_event_id, counter_id from ratings where idempotency_key = ${key}`);
		const id = (v: unknown) => (v === null ? null : Number(v));
		return { counted: r.counted, reason: r.reason, bridge_id: id(r.bridge_id), service_event_id: id(r.service_event_id), counter_id: id(r.counter_id) };
	};

	it('stores a press of a box at a counter the bridge does not serve uncounted, and counts it once the counter is assigned', async () => {
		const [k1, k2] = f.counterIds;
		await f.box('BA-1', k1);
		await f.box('BA-2', k2);
		const e1 = await f.openService(k1, new Date(Date.now() - 60_000));
		await f.openService(k2, new Date(Date.now() - 60_000));
		const { id: bridgeId, token } = await createBridgeToken(h.db, 'PC quầy 1', null);

		// A new bridge (and every bridge made before counters could be assigned) serves no counter.
		const none = await press(token, 'BA-1', 1000);
		expect(none).toMatchObject({ status: 'stored', counted: false, notCountedReason: 'bridge_not_assigned' });
		expect(await stored(none.key)).toMatchObject({ counted: false, reason: 'bridge_not_assigned', bridge_id: bridgeId, service_event_id: null, counter_id: k1 });

		expect(await assignBridgeCounters(h.db, bridgeId, [k1], null)).toBe(true);
		const other = await press(token, 'BA-2', 1000);
		expect(other).toMatchObject({ status: 'stored', counted: false, notCountedReason: 'bridge_not_assigned' });
		const own = await press(token, 'BA-1', 1000);
		expect(own).toEqual({ key: own.key, status: 'stored', counted: true });
		expect(await stored(own.key)).toMatchObject({ counted: true, reason: null, bridge_id: bridgeId, service_event_id: e1.id });

		// The boxes page warns about the bridge: two presses it brought could not count.
		const listed = (await bridgeList(h)).find((b) => b.id === bridgeId)!;
		expect(listed).toMatchObject({ counterIds: [k1], notAssigned: 2, tooOld: 0 });
	});

	it('stores a press claiming to be older than the cap uncounted, even inside a service that was open then', async () => {
		const k3 = f.counterIds[2];
		await f.box('BA-3', k3);
		const { id: bridgeId, token } = await createBridgeToken(h.db, 'PC quầy 3', null);
		await assignBridgeCounters(h.db, bridgeId, [k3], null);
		// Services 10 and 9 days ago, never rated.
		await f.openService(k3, new Date(Date.now() - 10 * DAY), new Date(Date.now() - 10 * DAY + 600_000));
		const e9 = await f.openService(k3, new Date(Date.now() - 9 * DAY), new Date(Date.now() - 9 * DAY + 600_000));

		const old = await press(token, 'BA-3', 10 * DAY - 60_000); // the default cap: 7 days
		expect(old).toMatchObject({ status: 'stored', counted: false, notCountedReason: 'too_old' });
		expect(await stored(old.key)).toMatchObject({ counted: false, reason: 'too_old', bridge_id: bridgeId, service_event_id: null });
		// A deployment whose bridges may be offline longer raises the cap.
		const allowed = await press(token, 'BA-3', 9 * DAY - 60_000, 30 * DAY);
		expect(allowed).toMatchObject({ status: 'stored', counted: true });
		expect((await stored(allowed.key)).service_event_id).toBe(e9.id);
		expect((await bridgeList(h)).find((b) => b.id === bridgeId)).toMatchObject({ notAssigned: 0, tooOld: 1 });
	});

	it('replaces a bridge’s counters, refuses a revoked bridge and an unknown counter', async () => {
		const { id } = await createBridgeToken(h.db, 'PC', null);
		expect(await assignBridgeCounters(h.db, id, [f.counterIds[0], f.counterIds[1], f.counterIds[0]], null)).toBe(true);
		expect(await assignBridgeCounters(h.db, id, [f.counterIds[1], f.counterIds[2]], null)).toBe(true);
		expect((await bridgeList(h)).find((b) => b.id === id)!.counterIds).toEqual([f.counterIds[1], f.counterIds[2]]);
		expect(await assignBridgeCounters(h.db, id, [], null)).toBe(true);
		expect((await bridgeList(h)).find((b) => b.id === id)!.counterIds).toEqual([]);
		await expect(assignBridgeCounters(h.db, id, [999_999], null)).rejects.toThrow();
		await revokeBridge(h.db, id, null);
		expect(await assignBridgeCounters(h.db, id, [f.counterIds[0]], null)).toBe(false);
		expect(await assignBridgeCounters(h.db, 999_999, [f.counterIds[0]], null)).toBe(false);
	});
});
