/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

/**
 * Lets a counter tablet reload and keep rating while the network is down: the kiosk page is
 * served network-first with a cached fallback, the app's own built files cache-first. Nothing
 * else is intercepted (staff pages always go to the network; API calls are never cached).
 */
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `hailong-${version}`;
const ASSETS = [...build, ...files];
const KIOSK_PAGES = new Set(['/kiosk']);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			// The kiosk page itself too, so a tablet can reload offline from its first minute.
			.then((cache) => cache.addAll([...ASSETS, ...KIOSK_PAGES]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (ASSETS.includes(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(request)));
		return;
	}
	if (KIOSK_PAGES.has(url.pathname)) {
		event.respondWith(
			fetch(request)
				.then(async (response) => {
					if (response.ok) (await caches.open(CACHE)).put(url.pathname, response.clone());
					return response;
				})
				.catch(async () => (await caches.match(url.pathname)) ?? Response.error())
		);
	}
});
