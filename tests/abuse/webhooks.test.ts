import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { Subscriber } from '../../src/lib/server/webhooks/subscriber.fixture';
import { startProductionServer, type ProductionServer } from './production-server';
import { FormClient } from './guards-client';
import { fields, pick } from './tokens-client';

/**
 * Issue 16, "Done when": the production server feeds ratings back to a real HTTP subscriber that
 * fails for a while (500s, then its port closed), and the server is stopped and started again on
 * the same database while events are owed: when the subscriber recovers it has every event, each
 * signed with its secret, each id once.
 */
const FAST = {
	WEBHOOK_ALLOW_PRIVATE_HTTP: '1',
	WEBHOOK_RETRY_BASE_SECONDS: '0.05',
	WEBHOOK_RETRY_CAP_SECONDS: '0.5',
	WEBHOOK_POLL_SECONDS: '0.1'
};

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

describe.each(testDatabaseKinds)('webhooks across a server restart, on %s', (kind) => {
	let server: ProductionServer | null = null;
	const subscriber = new Subscriber();
	let seq = 0;
	const uid = `WH-${kind}-${Date.now().toString(36)}`.toUpperCase();

	beforeAll(async () => {
		await subscriber.start();
		server = await startProductionServer(kind, FAST);
	}, 180_000);
	afterAll(async () => {
		await subscriber.down();
		await server?.stop();
	});

	/** n button-box presses through a bridge (stored uncounted: the box is bound to no counter); each is a rating.stored event. */
	async function press(token: string, n: number) {
		const presses = Array.from({ length: n }, () => ({ uid, boot: 1, seq: ++seq, button: 1, buttons: 5, ageMs: 0 }));
		const res = await fetch(`${server!.base}/api/v1/boxes/presses`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ presses })
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as { results: { status: string }[] };
		expect(body.results.every((r) => r.status === 'stored')).toBe(true);
	}

	it('every event reaches a subscriber that failed, went down and came back, with the server restarted in between', async () => {
		const admin = await new FormClient(server!.base).signIn('admin', server!.password);
		// The subscriber, as an administrator adds it: ratings only (the demo's late dossiers open complaints on their own clock).
		subscriber.mode = 500;
		const made = await admin.post('/app/admin/webhooks?/create', fields({ name: 'Phần mềm một cửa tỉnh', url: subscriber.url, events: ['rating.stored'] }));
		expect(made.status).toBe(200);
		subscriber.secret = pick(made.text, /(whsec_[A-Za-z0-9_-]{43})/, 'the signing secret');
		// an address that is neither https nor private http is refused
		const refused = await admin.post('/app/admin/webhooks?/create', fields({ name: 'Ngoài', url: 'http://8.8.8.8/hooks', events: ['rating.stored'] }));
		expect(refused.status).toBe(400);

		const bridge = await admin.post('/app/admin/boxes?/createBridge', fields({ name: `PC ${uid}` }));
		const token = pick(bridge.text, /(brg_\d+\.[A-Za-z0-9_-]+)/, 'the bridge token');
		const hello = await fetch(`${server!.base}/api/v1/boxes/hello`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ port: '/dev/ttyUSB0', uid, fw: '1.0.0', buttons: 5, boot: 1 })
		});
		expect(hello.status).toBe(200);

		// 1. the subscriber answers 500
		await press(token, 15);
		await until('failed deliveries', () => subscriber.failed >= 2);
		// 2. then its port is closed (connection refused), and more ratings arrive
		await subscriber.down();
		await press(token, 10);
		// the subscribers page shows it failing (recorded once the batch's POSTs have all answered)
		await until('the page shows the failures', async () => /Gửi lỗi \d+ lần liên tiếp/.test((await admin.get('/app/admin/webhooks')).text));

		// 3. the server stops with 25 events owed, and starts again on the same database
		const store = server!.store;
		await server!.stop({ keepData: true });
		server = await startProductionServer(kind, FAST, store);
		const again = await new FormClient(server.base).signIn('admin', server.password);
		await press(token, 5);

		// 4. the subscriber comes back on the same port: the backlog follows the first success
		await subscriber.up();
		await until('all 30 events delivered', () => subscriber.ids().size >= 30, 90_000);

		expect(subscriber.ids().size).toBe(30);
		expect(subscriber.received.every((r) => r.verified)).toBe(true);
		expect(subscriber.received.every((r) => r.type === 'rating.stored' && r.parsed.id === r.eventId)).toBe(true);
		// the payload names the rating, never a phone number or a name
		const data = subscriber.received[0].parsed.data;
		expect(Object.keys(data)).toContain('ratingId');
		expect(data).toMatchObject({ level: 1, counted: false, notCountedReason: 'unassigned_device', source: 'button_box' });
		const ratingIds = new Set(subscriber.received.map((r) => r.parsed.data.ratingId));
		expect(ratingIds.size).toBe(30);
		if (server.sql) {
			const [row] = await server.sql`select count(*)::int as n, count(*) filter (where status = 'delivered')::int as delivered from webhook_deliveries`;
			expect(row).toEqual({ n: 30, delivered: 30 });
		}
		// the delivery log page lists the attempts: failures with their cause, then successes
		// (each delivered event shows its result twice: in the deliveries table and in the attempts table)
		const successes = (html: string) => html.split('Thành công (mã 204)').length - 1;
		await until('every delivery recorded', async () => successes((await again.get('/app/admin/webhooks/1')).text) >= 60, 30_000);
		const log = await again.get('/app/admin/webhooks/1');
		expect(log.text).toContain('Bị từ chối (mã 500)');
		expect(log.text).toContain('Không kết nối được (ECONNREFUSED)');
		expect(log.text).toContain('Thành công (mã 204)');
	}, 300_000);
});
