import { sql } from 'drizzle-orm';
import type { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBox, seededRandom } from '../../../../firmware-protocol/simulator/box';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { DbSink } from './db-sink';
import { SerialReader } from './reader';
import { closePort, serialTestsLeftOut, openPort, ptyPair, sleep, waitFor, type PtyPair } from './test-pty';


const BOXES = 4;
const PRESSES = 2000;

describe.skipIf(serialTestsLeftOut).each(testDatabaseKinds)('serial ingestion over socat ptys into %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	const pairs: PtyPair[] = [];
	const boxPorts: SerialPort[] = [];
	const readers: SerialReader[] = [];
	const boxes: SimulatedBox[] = [];

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		f = await seedCentre(h.db, 3);
		// Boxes 0–2 are bound to counters 0–2; box 3 is unknown until its HELLO.
		for (let i = 0; i < 3; i++) await f.box(`BOX-${i}`, f.counterIds[i]);
		await f.openService(f.counterIds[0], new Date(Date.now() - 60_000));
	});
	afterAll(async () => {
		for (const b of boxes) b.stop();
		await Promise.all(readers.map((r) => r.stop()));
		for (const p of boxPorts) await closePort(p);
		await Promise.all(pairs.map((p) => p.kill()));
		await h?.close();
	});

	it(`stores exactly ${PRESSES} presses from ${BOXES} boxes with 1 % corrupted frames and 5 % lost ACKs`, async () => {
		const logs: string[] = [];
		const sink = new DbSink({ db: h.db, concurrency: kind === 'postgres' ? 3 : 1, log: (l) => logs.push(l) });
		for (let i = 0; i < BOXES; i++) {
			const pair = await ptyPair();
			pairs.push(pair);
			const reader = new SerialReader({ path: pair.b, sink, log: (l) => logs.push(l) });
			readers.push(reader);
			reader.start();
			const port = await openPort(pair.a);
			boxPorts.push(port);
			const box = new SimulatedBox(port, {
				uid: `BOX-${i}`,
				boot: 7,
				buttons: 5,
				corrupt: 0.01,
				dropAck: 0.05,
				random: seededRandom(100 + i),
				resendFirstMs: 150,
				resendMaxMs: 1000,
				hbIntervalMs: 500
			});
			boxes.push(box);
		}
		await waitFor(() => readers.every((r) => r.isOpen), 5000, 'readers open');
		for (const b of boxes) b.start();
		await waitFor(() => readers.every((r) => r.uid !== null), 5000, 'HELLOs');

		const started = Date.now();
		await Promise.all(
			boxes.map(async (box, i) => {
				for (let n = 0; n < PRESSES / BOXES; n++) {
					while (box.pending >= 48) await sleep(5);
					box.press(1 + ((n + i) % 5));
					if (n % 25 === 0) await sleep(1);
				}
				await box.waitIdle(30_000);
			})
		);
		const seconds = (Date.now() - started) / 1000;

		const [stats] = await h.rows<{ n: string | number; keys: string | number; counted: string | number; unassigned: string | number }>(sql`
			select count(*) as n, count(distinct idempotency_key) as keys,
				count(*) filter (where counted) as counted,
				count(*) filter (where not_counted_reason = 'unassigned_device') as unassigned
			from ratings where source = 'button_box'`);
		expect(Number(stats.n)).toBe(PRESSES);
		expect(Number(stats.keys)).toBe(PRESSES);
		// Every identity the boxes pressed is there, and nothing else.
		const keys = await h.rows<{ k: string }>(sql`select idempotency_key as k from ratings`);
		const expected = new Set(boxes.flatMap((b) => Array.from({ length: PRESSES / BOXES }, (_, s) => `box:${b.uid}:7:${s + 1}`)));
		expect(new Set(keys.map((r) => r.k))).toEqual(expected);
		expect(Number(stats.counted)).toBe(1); // one open service, one counted rating; the rest repeats or no service
		expect(Number(stats.unassigned)).toBe(PRESSES / BOXES); // BOX-3 was unknown: stored, not counted
		for (const b of boxes) expect(b.stats).toMatchObject({ acked: PRESSES / BOXES, lost: 0, naked: 0 });
		expect(boxes.reduce((a, b) => a + b.stats.corrupted, 0)).toBeGreaterThan(0);
		expect(boxes.reduce((a, b) => a + b.stats.acksIgnored, 0)).toBeGreaterThan(0);

		// The unknown box was registered as an unassigned button box on HELLO.
		const [dev] = await h.rows<{ kind: string; buttons: number; bound: boolean }>(sql`
			select kind, buttons, exists (select 1 from device_bindings b where b.device_id = d.id) as bound from devices d where uid = 'BOX-3'`);
		expect(dev).toMatchObject({ kind: 'button_box', buttons: 5, bound: false });

		// Bad frames are counted per port (after the next heartbeat's status write).
		await sleep(700);
		const [bad] = await h.rows<{ bad: string | number; valid: string | number }>(sql`
			select sum(bad_frames) as bad, sum(valid_frames) as valid from serial_port_status`);
		expect(Number(bad.bad)).toBeGreaterThan(0);
		expect(Number(bad.valid)).toBeGreaterThan(PRESSES);
		console.log(`${kind}: ${PRESSES} presses in ${seconds.toFixed(1)} s (${Math.round(PRESSES / seconds)}/s), bad frames ${bad.bad}`);
	});
});
