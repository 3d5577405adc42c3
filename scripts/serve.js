// Starts the built app. adapter-node assumes https when ORIGIN is unset, which makes every
// form post on a plain http://localhost trial look cross-site; default ORIGIN to the local
// URL so `npm start` works out of the box. Deployments behind TLS set ORIGIN themselves.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT || 3000}`;
// CSV imports of a few thousand dossiers exceed adapter-node's 512K default body limit.
process.env.BODY_SIZE_LIMIT ||= '12M';

// adapter-node's documented custom server: its handler.js (which starts the app) behind our
// own http server, so that the tablets' rating POSTs take the app's fast path before
// SvelteKit (src/lib/server/fast-path.ts). Listening and shutdown follow adapter-node's
// index.js: PORT, HOST, SHUTDOWN_TIMEOUT, KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT; on SIGTERM or
// SIGINT stop accepting, let requests finish, then emit 'sveltekit:shutdown' (the app closes
// its serial ports and database on it). Socket activation and SOCKET_PATH are not offered.
import http from 'node:http';

const { handler } = await import('../build/handler.js');
const fastPath = globalThis[Symbol.for('hai-long.fast-path')];
if (typeof fastPath !== 'function') throw new Error('the app did not publish its fast path (hooks.server.ts init)');

const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);
const shutdownTimeout = Number(process.env.SHUTDOWN_TIMEOUT || 30);

const server = http.createServer((req, res) => {
	if (!fastPath(req, res)) handler(req, res, () => {});
});
if (process.env.KEEP_ALIVE_TIMEOUT) server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT) * 1000;
if (process.env.HEADERS_TIMEOUT) server.headersTimeout = Number(process.env.HEADERS_TIMEOUT) * 1000;

let stopping;
server.on('request', (req) => {
	// during shutdown, close connections as soon as they go idle
	req.on('close', () => stopping && server.closeIdleConnections());
});

function shutdown() {
	if (stopping) return;
	server.closeIdleConnections();
	server.close((error) => {
		if (error) return;
		clearTimeout(stopping);
		process.emit('sveltekit:shutdown', 'SIGTERM');
	});
	stopping = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen({ host, port }, () => console.log(`Listening on http://${host}:${port}`));
