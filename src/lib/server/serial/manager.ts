import { log as appLog } from '../ops/log';
import type { DatabaseHandle } from '../db';
import { publish, subscribe } from '../events/bus';
import { ratingGraceMs } from '../ratings/record';
import { boxUidsAtCounter, ledModeForBox } from './boxes';
import type { LedMode } from './codec';
import { DbSink } from './db-sink';
import { parseSerialPorts, type PortSpec } from './port-spec';
import { SerialReader } from './reader';
import { reportSerialState } from '../ops/metrics';

/**
 * The server's own serial readers: one per SERIAL_PORTS entry, all storing into the app
 * database, with box LEDs following the counter (ASK when a service opens, THANKS on the
 * counted rating, IDLE on close). Start once at start-up, stop on `sveltekit:shutdown`.
 */
export type SerialService = { readers: SerialReader[]; stop(): Promise<void> };

export function startSerialReaders(
	handle: DatabaseHandle,
	options: { ports?: PortSpec[]; env?: Record<string, string | undefined>; log?: (line: string) => void } = {}
): SerialService {
	const env = options.env ?? process.env;
	const ports = options.ports ?? parseSerialPorts(env.SERIAL_PORTS);
	const log = options.log ?? ((l: string) => appLog.warn(l));
	if (ports.length === 0) return { readers: [], stop: async () => {} };

	const sink = new DbSink({ db: handle.db, concurrency: handle.kind === 'postgres' ? 3 : 1, graceMs: ratingGraceMs(env), log });
	const readers = ports.map((p) => new SerialReader({ path: p.path, baudRate: p.baudRate, sink, log }));

	const ledAtCounter = async (counterId: number | null, mode: LedMode) => {
		if (counterId === null) return;
		const uids = new Set(await boxUidsAtCounter(handle.db, counterId));
		for (const r of readers) if (r.uid && uids.has(r.uid)) r.setLed(mode);
	};
	const guard = (p: Promise<unknown>) => p.catch((e: Error) => log(`serial: LED update failed: ${e.message}`));
	const unsubscribe = [
		subscribe('service.opened', (e) => void guard(ledAtCounter(e.counterId, 'ASK'))),
		subscribe('service.closed', (e) => void guard(ledAtCounter(e.counterId, 'IDLE'))),
		subscribe('rating.recorded', (e) => {
			if (e.counted) void guard(ledAtCounter(e.counterId, 'THANKS'));
		})
	];
	for (const r of readers) {
		// A box that (re)started shows IDLE; put it back in step with its counter.
		r.on('hello', (h) => void guard(ledModeForBox(handle.db, h.uid).then((mode) => mode !== 'IDLE' && r.setLed(mode))));
		const changed = (uid: string | null) =>
			void (uid ? sink.deviceId(uid) : Promise.resolve(null)).then((deviceId) => deviceId !== null && publish('device.status', { deviceId }));
		r.on('online', changed);
		r.on('offline', changed);
		r.start();
	}
	reportSerialState(() => ({ portsOpen: readers.filter((r) => r.isOpen).length, boxesOnline: readers.filter((r) => r.boxOnline).length }));
	log(`serial: reading ${ports.map((p) => `${p.path}@${p.baudRate}`).join(', ')}`);
	return {
		readers,
		async stop() {
			for (const u of unsubscribe) u();
			await Promise.all(readers.map((r) => r.stop()));
		}
	};
}
