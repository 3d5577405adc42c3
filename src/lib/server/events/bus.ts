import { EventEmitter } from 'node:events';

/**
 * In-process events between capabilities: the counter screen opens a service, serial readers
 * light the box's LED, kiosks get a prompt, dashboards refresh (server-sent events). One app
 * process per deployment, so an EventEmitter is enough; a multi-process deployment would
 * replace this module with PostgreSQL LISTEN/NOTIFY behind the same functions.
 */
export type AppEvents = {
	/** dossierId is null for a queue ticket's service whose dossier is not known yet. */
	'service.opened': { serviceEventId: number; counterId: number; officerId: number; dossierId: number | null; stage: 'receiving' | 'returning' };
	'service.closed': { serviceEventId: number; counterId: number };
	'rating.recorded': { ratingId: number; counterId: number | null; unitId: number | null; serviceEventId: number | null; counted: boolean };
	'complaint.changed': { complaintId: number; unitId: number };
	'device.status': { deviceId: number };
};

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function publish<K extends keyof AppEvents>(name: K, payload: AppEvents[K]): void {
	emitter.emit(name, payload);
}

/** Subscribes; returns the unsubscribe function. */
export function subscribe<K extends keyof AppEvents>(name: K, listener: (payload: AppEvents[K]) => void): () => void {
	emitter.on(name, listener);
	return () => emitter.off(name, listener);
}
