/**
 * The tablet's outbox: every tapped rating is written to IndexedDB first and sent from there,
 * so a rating survives a lost network, a reload or a reboot. An item leaves the outbox only
 * when the server has answered for its key (the server stores each key once).
 */
import type { TabletRatingBody, TabletRatingDetails } from './contract';

export type OutboxItem = {
	key: string;
	tappedAt: number;
	body: TabletRatingDetails;
};

const DB_NAME = 'hailong-kiosk';
const STORE = 'outbox';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open(DB_NAME, 1);
		req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const req = fn(tx.objectStore(STORE));
			tx.oncomplete = () => resolve(req.result);
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

export const enqueue = (item: OutboxItem) => run('readwrite', (s) => s.put(item)).then(() => undefined);
export const remove = (key: string) => run('readwrite', (s) => s.delete(key)).then(() => undefined);
export const pending = () => run<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
export const count = () => run<number>('readonly', (s) => s.count());

/** A random UUID that also works on plain http:// LAN addresses (randomUUID needs a secure context). */
export function newKey(): string {
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export type SendOutcome = 'sent' | 'offline' | 'unauthorised';

/**
 * What an answer to one sent rating means for the queue: a 401 stops (the tablet is unpaired), a
 * 5xx stops (the item stays for the next attempt), anything else removes the item: a 2xx was
 * stored, and another 4xx will never be accepted (the server says why) and must not block the queue.
 */
export function verdict(status: number): 'remove' | 'unauthorised' | 'retry' {
	if (status === 401) return 'unauthorised';
	if (status >= 500) return 'retry';
	return 'remove';
}

/**
 * Sends every queued rating, oldest first. The press time travels as an age measured on the
 * tablet's own clock, so the server needs no agreement between clocks. A 4xx other than 401
 * means the server will never accept the item (it says why); it is dropped so it cannot block
 * the queue. Network errors and 5xx keep it for the next attempt.
 */
export async function flush(credential: string): Promise<SendOutcome> {
	const items = (await pending()).sort((a, b) => a.tappedAt - b.tappedAt);
	for (const item of items) {
		let res: Response;
		try {
			res = await fetch('/api/v1/device/ratings', {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
				body: JSON.stringify({ key: item.key, ageMs: Math.max(0, Date.now() - item.tappedAt), ...item.body } satisfies TabletRatingBody)
			});
		} catch {
			return 'offline';
		}
		const next = verdict(res.status);
		if (next === 'unauthorised') return 'unauthorised';
		if (next === 'retry') return 'offline';
		if (!res.ok) console.warn('rating refused', item.key, res.status, await res.text());
		await remove(item.key);
	}
	return 'sent';
}
