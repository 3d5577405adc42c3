// Starts the built app. adapter-node assumes https when ORIGIN is unset, which makes every
// form post on a plain http://localhost trial look cross-site; default ORIGIN to the local
// URL so `npm start` works out of the box. Deployments behind TLS set ORIGIN themselves.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT || 3000}`;
// The largest body: the dossier CSV import's (adapter-node's default, 512K, is too small for it).
// Every other route has a smaller limit, refused from its Content-Length before the body is read
// (src/lib/server/body-limits.ts, through the fast path below).
process.env.BODY_SIZE_LIMIT ||= '12M';

// adapter-node's documented custom server: its handler.js (which starts the app) behind our
// own http server, so that the tablets' rating POSTs take the app's fast path before
// SvelteKit (src/lib/server/fast-path.ts). Listening and shutdown follow adapter-node's
// index.js: PORT, HOST, SHUTDOWN_TIMEOUT, KEEP_ALIVE_TIMEOUT, HEADERS_TIMEOUT; on SIGTERM or
// SIGINT stop accepting, let requests finish, then emit 'sveltekit:shutdown' (the app closes
// its serial ports and database on it). Socket activation and SOCKET_PATH are refused.
import http from 'node:http';

/** A whole number of seconds (or a port) from the environment; anything else stops start-up, naming it. */
function whole(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	if (!/^[0-9]+$/.test(raw)) throw new Error(`${name} must be a whole number, not '${raw}'`);
	return Number(raw);
}
if (process.env.SOCKET_PATH || process.env.LISTEN_FDS) throw new Error('SOCKET_PATH and socket activation are not supported by scripts/serve.js; use PORT and HOST');
const host = process.env.HOST || '0.0.0.0';
const port = whole('PORT', 3000);
const shutdownTimeout = whole('SHUTDOWN_TIMEOUT', 30);
const keepAlive = whole('KEEP_ALIVE_TIMEOUT');
const headersTimeout = whole('HEADERS_TIMEOUT');

// starts the app (hooks.server.ts init)
const { handler } = await import('../build/handler.js');
const fastPath = globalThis[Symbol.for('hai-long.fast-path')];
if (typeof fastPath !== 'function') throw new Error('the app did not publish its fast path (hooks.server.ts init)');

/**
 * What adapter-node's polka does for the handler: an error it throws or rejects with (a static
 * file's bad Range header makes sirv throw, for one) is a 500 for that request, never the end of
 * the process.
 */
function failed(req, res, error) {
	console.error(`${req.method} ${req.url}: unhandled`, error);
	if (res.headersSent) return void res.destroy();
	res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
	res.end('Lỗi máy chủ / Internal error');
}

const server = http.createServer((req, res) => {
	if (fastPath(req, res)) return;
	const notFound = () => res.writeHead(404).end();
	try {
		const done = handler(req, res, notFound);
		if (done && typeof done.catch === 'function') done.catch((e) => failed(req, res, e));
	} catch (e) {
		failed(req, res, e);
	}
});
if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive * 1000;
if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

let stopping;
server.on('request', (req) => {
	// during shutdown, close connections as soon as they go idle
	req.on('close', () => stopping && server.closeIdleConnections());
});

function shutdown(signal) {
	if (stopping) return;
	server.closeIdleConnections();
	server.close((error) => {
		if (error) return;
		clearTimeout(stopping);
		process.emit('sveltekit:shutdown', signal);
	});
	stopping = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

// PORT=0 takes a free port (the tests' production servers do); print the one taken.
server.listen({ host, port }, () => console.log(`Listening on http://${host}:${server.address().port}`));
