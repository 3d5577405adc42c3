import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookBody } from './payloads';
import { HEADERS, verify } from './signature';

/**
 * A real HTTP subscriber for the webhook tests: a node:http server on a free port that answers
 * `mode` (200, 500, or 'down': the port closed, connections refused), verifies every signature
 * with the secret it is given, and keeps what it received.
 */
export type Received = { eventId: string; type: string; attempt: number; body: string; verified: boolean; parsed: WebhookBody };

export class Subscriber {
	mode: 200 | 500 | 'down' = 200;
	secret = '';
	readonly received: Received[] = [];
	/** Requests answered with an error (500) while failing. */
	failed = 0;
	private server: http.Server | null = null;
	port = 0;

	get url() {
		return `http://127.0.0.1:${this.port}/hooks/hai-long`;
	}

	async start(port = 0): Promise<this> {
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				if (this.mode === 500) {
					this.failed++;
					res.writeHead(500).end('down for maintenance');
					return;
				}
				const body = Buffer.concat(chunks).toString('utf8');
				const header = (name: string) => req.headers[name.toLowerCase()] as string | undefined;
				const verified = verify(this.secret, { timestamp: header(HEADERS.timestamp), signature: header(HEADERS.signature) }, body).ok;
				this.received.push({ eventId: header(HEADERS.eventId) ?? '', type: header(HEADERS.eventType) ?? '', attempt: Number(header(HEADERS.attempt)), body, verified, parsed: JSON.parse(body) as WebhookBody });
				res.writeHead(verified ? 204 : 401).end();
			});
		});
		await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
		this.server = server;
		this.port = (server.address() as AddressInfo).port;
		this.mode = 200;
		return this;
	}

	/** Closes the port: deliveries meet "connection refused" until start(port) again. */
	async down(): Promise<void> {
		this.mode = 'down';
		const s = this.server;
		this.server = null;
		if (s) await new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
	}

	/** Reopens on the same port. */
	async up(): Promise<void> {
		if (!this.server) await this.start(this.port);
		this.mode = 200;
	}

	/** Distinct event ids received with a good signature. */
	ids(): Set<string> {
		return new Set(this.received.filter((r) => r.verified).map((r) => r.eventId));
	}
}
