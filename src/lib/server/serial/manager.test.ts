import { sql } from 'drizzle-orm';
import type { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBox } from '../../../../firmware-protocol/simulator/box';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase } from '../db/testing';
import { publish } from '../events/bus';
import { boxPressKey } from '../ratings/record';
import { seedCentre } from '../ratings/test-fixtures';
import type { LedMode } from './codec';
import { startSerialReaders, type SerialService } from './manager';
import { closePort, serialTestsLeftOut, openPort, ptyPair, waitFor, type PtyPair } from './test-pty';

describe.skipIf(serialTestsLeftOut)('serial readers started from SERIAL_PORTS', () => {
	let h: DatabaseHandle;
	let service: SerialService;
	let pair: PtyPair;
	let port: SerialPort;
	let box: SimulatedBox;
	const leds: LedMode[] = [];

	beforeAll(async () => {
		h = await openTestDatabase('pglite');
		pair = await ptyPair();
		port = await openPort(pair.a);
	});
	afterAll(async () => {
		box?.stop();
		await service?.stop();
		await closePort(port);
		await pair?.kill();
		await h?.close();
	});

	it('reads the configured port, and drives the box LED from service events and counted ratings', async () => {
		const f = await seedCentre(h.db, 1);
		await f.box('LED-1', f.counterIds[0]);
		service = startSerialReaders(h, { env: { SERIAL_PORTS: `${pair.b}@115200` }, log: () => {} });
		expect(service.readers.map((r) => r.path)).toEqual([pair.b]);
		box = new SimulatedBox(port, { uid: 'LED-1', boot: 1, buttons: 5, resendFirstMs: 200 });
		box.on('led', (mode) => leds.push(mode));
		box.start();
		await waitFor(() => service.readers[0].uid === 'LED-1', 5000, 'HELLO');

		const e = await f.openService(f.counterIds[0], new Date());
		publish('service.opened', { serviceEventId: e.id, counterId: f.counterIds[0], officerId: f.officerId, dossierId: e.dossierId, stage: 'receiving' });
		await waitFor(() => box.led === 'ASK', 3000, 'LED ASK');
		box.press(1);
		await box.waitIdle(5000);
		await waitFor(() => leds.includes('THANKS'), 3000, 'LED THANKS');
		publish('service.closed', { serviceEventId: e.id, counterId: f.counterIds[0] });
		await waitFor(() => box.led === 'IDLE', 3000, 'LED IDLE');
		const rows = await h.rows<{ k: string; counted: boolean }>(sql`select idempotency_key as k, counted from ratings`);
		expect(rows).toEqual([{ k: boxPressKey('LED-1', 1, 1), counted: true }]);
	});

	it('starts nothing without SERIAL_PORTS', async () => {
		const none = startSerialReaders(h, { env: {} });
		expect(none.readers).toEqual([]);
		await none.stop();
	});
});
