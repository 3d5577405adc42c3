import type { KioskState } from './contract';
import type { KioskIo } from './machine';
import { count, enqueue, flush, newKey } from './outbox';

/** The machine's I/O in the browser: the device API with the bearer credential, IndexedDB, localStorage. */
export function browserIo(): KioskIo {
	return {
		async fetchState(credential, knownKey, waitSeconds) {
			const res = await fetch(`/api/v1/device/prompt?known=${encodeURIComponent(knownKey)}&wait=${waitSeconds}`, {
				headers: { authorization: `Bearer ${credential}` }
			});
			if (res.status === 401) return 'unauthorised';
			if (!res.ok) throw new Error(String(res.status));
			return (await res.json()) as KioskState;
		},
		enqueue,
		flush,
		count,
		// read when used, not when made: the page also renders on the server, which has no localStorage
		storage: {
			getItem: (key) => localStorage.getItem(key),
			setItem: (key, value) => localStorage.setItem(key, value),
			removeItem: (key) => localStorage.removeItem(key)
		},
		newKey,
		now: () => Date.now()
	};
}
