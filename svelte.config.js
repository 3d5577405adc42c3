import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * adapter-node, without one warning. Its Rollup step says 'Generated an empty chunk: "chunks/env.js"'
 * (and "internal2.js") on every build: two of SvelteKit's own modules bundle to nothing on the
 * server. Nothing is wrong, but a newcomer running `npm start` reads it as a failure, and
 * adapter-node takes no `onwarn`. Rollup prints warnings through console.warn: that one message
 * is left out while the adapter runs; every other warning is printed as before.
 * @param {import('@sveltejs/adapter-node').AdapterOptions} options
 * @returns {import('@sveltejs/kit').Adapter}
 */
function nodeAdapter(options) {
	const node = adapter(options);
	return {
		...node,
		async adapt(builder) {
			const warn = console.warn;
			console.warn = (...args) => {
				if (typeof args[0] === 'string' && /^Generated an empty chunk: "chunks\/(env|internal\d*)\.js"\.$/.test(args[0])) return;
				warn(...args);
			};
			try {
				await node.adapt(builder);
			} finally {
				console.warn = warn;
			}
		}
	};
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: nodeAdapter({ out: 'build' }),
		// Only the kiosk registers the service worker (offline rating); staff pages never use it.
		serviceWorker: { register: false },
		// The product runs on closed government networks: everything is served from 'self'.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
