// A tiny round-robin HTTP load balancer for the benchmarks (bench:api's two-process mode):
// `node scripts/bench-lb.mjs <port> <upstream port> [<upstream port> …]`. Keep-alive to every
// upstream, X-Forwarded-For / -Proto set as nginx does in deploy/nginx.conf. Not for production:
// deploy/ has the nginx configuration.
import http from 'node:http';

const [port, ...upstreams] = process.argv.slice(2).map(Number);
if (!port || upstreams.length === 0 || [port, ...upstreams].some((p) => !Number.isInteger(p))) {
	console.error('usage: node scripts/bench-lb.mjs <port> <upstream port>…');
	process.exit(2);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
let next = 0;

const server = http.createServer((req, res) => {
	const upstream = upstreams[next++ % upstreams.length];
	const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '', 'x-forwarded-proto': 'http' };
	const out = http.request({ host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers, agent }, (answer) => {
		res.writeHead(answer.statusCode ?? 502, answer.headers);
		answer.pipe(res);
	});
	out.on('error', () => {
		if (res.headersSent) return void res.destroy();
		res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
	});
	req.pipe(out);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`Listening on ${port} → ${upstreams.join(', ')}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
