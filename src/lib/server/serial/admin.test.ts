import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { boxPressKey, recordRating } from '../ratings/record';
import { seedCentre } from '../ratings/test-fixtures';
import { bindBox, boxStatusList, unidentifiedPorts } from './admin';
import { writePortStatus } from './port-status';

describe.each(testDatabaseKinds)('boxes page data on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	beforeAll(async () => {
		h = await openTestDatabase(kind);
		f = await seedCentre(h.db, 2);
	});
	afterAll(async () => h?.close());

	it('shows online/offline from the last frame, presses today, bad frames by code, pending', async () => {
		const now = new Date();
		const box = await f.box('ST-1', null);
		const status = { bridgeId: null, path: '/dev/ttyUSB0', deviceId: box, connected: 'open' as const, boot: 4, lastSeq: 9, pending: 2, lastFrameAt: now, heartbeatAt: now, validDelta: 10, badDelta: { crc: 2 } };
		await writePortStatus(h.db, status);
		await writePortStatus(h.db, { ...status, validDelta: 5, badDelta: { crc: 1, too_long: 1 }, pending: 1, lastFrameAt: new Date(now.getTime() - 1000) });
		await writePortStatus(h.db, { ...status, path: '/dev/ttyACM0', deviceId: null, badDelta: { framing: 7 } });
		await recordRating({ source: 'button_box', idempotencyKey: boxPressKey('ST-1', 4, 1), deviceId: box, pressedAt: now, button: 1, buttons: 5 }, { db: h.db, publish: false });
		let [s] = (await boxStatusList(h, now)).filter((b) => b.uid === 'ST-1');
		expect(s).toMatchObject({ online: true, pending: 1, boot: null, badFrames: 4, badByCode: { crc: 3, too_long: 1 }, pressesToday: 1, countedToday: 0, counterId: null, port: '/dev/ttyUSB0' });
		[s] = (await boxStatusList(h, new Date(now.getTime() + 10_001))).filter((b) => b.uid === 'ST-1');
		expect(s.online).toBe(false);
		expect((await unidentifiedPorts(h)).map((p) => [p.path, p.badFrames])).toEqual([['/dev/ttyACM0', 7]]);
	});

	it('binds, moves and unbinds a box keeping the history', async () => {
		const box = await f.box('ST-2', null);
		const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
		expect(await bindBox(h.db, box, f.counterIds[0], null, t(0))).toBe(true);
		expect(await bindBox(h.db, box, f.counterIds[1], null, t(5))).toBe(true);
		expect(await bindBox(h.db, box, null, null, t(9))).toBe(true);
		const rows = await h.rows<{ counter_id: number; unbound_at: string | null }>(sql`select counter_id, unbound_at from device_bindings where device_id = ${box} order by bound_at`);
		expect(rows.map((r) => [Number(r.counter_id), r.unbound_at !== null])).toEqual([
			[f.counterIds[0], true],
			[f.counterIds[1], true]
		]);
		expect(await bindBox(h.db, 999_999, f.counterIds[0], null)).toBe(false);
	});
});
