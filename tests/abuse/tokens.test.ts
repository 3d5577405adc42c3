import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { startProductionServer, type ProductionServer } from './production-server';
import { FormClient } from './guards-client';
import { fields, pick, serveNewDossier, takeCounter } from './tokens-client';

/**
 * Issue 19, findings 2 and 3: a bridge token makes presses count only for the boxes of the
 * counters an administrator assigned it, and only as far back as an outbox lives; a rating QR
 * is printed only for a service the officer gave, and a dossier code gets nobody a rating link.
 */
type Press = { key: string; status: string; counted: boolean; notCountedReason?: string };
const DAY = 86_400_000;

describe.each(testDatabaseKinds)('tokens reach no further than their counter, on %s', (kind) => {
	let server: ProductionServer;
	let admin: FormClient;
	let canbo1: FormClient;
	let canbo2: FormClient;
	let seq = 0;
	const run = `${kind}-${Date.now().toString(36)}`.toUpperCase();

	beforeAll(async () => {
		server = await startProductionServer(kind);
		// One after another: sign-ins at once from one address are throttled (each reserves an attempt).
		admin = await new FormClient(server.base).signIn('admin', server.password);
		canbo1 = await new FormClient(server.base).signIn('canbo1', server.password);
		canbo2 = await new FormClient(server.base).signIn('canbo2', server.password);
	}, 180_000);
	afterAll(async () => server?.stop());

	const bridgeCall = (token: string, route: string, body: unknown) =>
		fetch(`${server.base}/api/v1/boxes/${route}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
	const press = async (token: string, uid: string, ageMs: number): Promise<Press> => {
		const res = await bridgeCall(token, 'presses', { presses: [{ uid, boot: 1, seq: ++seq, button: 1, buttons: 5, ageMs }] });
		expect(res.status).toBe(200);
		return ((await res.json()) as { results: Press[] }).results[0];
	};
	const storedPress = async (key: string) => {
		const [r] = await server.sql!`select counted, not_counted_reason, bridge_id from ratings where idempotency_key = ${key}`;
		return { counted: r.counted, reason: r.not_counted_reason, bridgeId: r.bridge_id === null ? null : Number(r.bridge_id) };
	};

	it('a bridge token’s press for a box at a counter not assigned to it, or back-dated beyond the cap, is stored uncounted', async () => {
		// canbo1 serves a dossier at counter K: a press there now would count.
		const counterId = await takeCounter(canbo1);
		await serveNewDossier(canbo1, `AB-BR-${run}`);

		const created = await admin.post('/app/admin/boxes?/createBridge', fields({ name: `PC ${run}` }));
		const token = pick(created.text, /(brg_\d+\.[A-Za-z0-9_-]+)/, 'the bridge token');
		const bridgeId = Number(pick(token, /^brg_(\d+)\./, 'the bridge id'));
		const uid = `AB-${run}`;
		const hello = await bridgeCall(token, 'hello', { port: '/dev/ttyUSB0', uid, fw: '1.0.0', buttons: 5, boot: 1 });
		expect(hello.status).toBe(200);
		const { deviceId } = (await hello.json()) as { deviceId: number };
		expect((await admin.post('/app/admin/boxes?/bind', fields({ deviceId, counterId, uid }))).status).toBe(200);

		// The bridge serves no counter yet (as every bridge made before counters could be assigned).
		const foreign = await press(token, uid, 0);
		expect(foreign).toMatchObject({ status: 'stored', counted: false, notCountedReason: 'bridge_not_assigned' });
		if (server.sql) expect(await storedPress(foreign.key)).toEqual({ counted: false, reason: 'bridge_not_assigned', bridgeId });
		const page = await admin.get('/app/admin/boxes');
		expect(page.text).toContain('data-testid="bridge-not-assigned"');
		expect(page.text).toContain('data-testid="bridge-no-counters"');

		// Assigned the counter, the same box's next press counts.
		expect((await admin.post('/app/admin/boxes?/assignBridge', fields({ bridgeId, counterId: [counterId] }))).status).toBe(200);
		expect(await press(token, uid, 0)).toMatchObject({ status: 'stored', counted: true });

		// Back-dated beyond BRIDGE_MAX_AGE_DAYS (7): stored, not counted, even into a service that was open then.
		let ageMs = 8 * DAY;
		if (server.sql) {
			await server.sql`update device_bindings set bound_at = now() - interval '30 days' where device_id = ${deviceId} and unbound_at is null`;
			// 02:00 in Vietnam, at least seven days ago: no demo service then.
			const [past] = await server.sql`
				insert into service_events (dossier_id, counter_id, officer_id, unit_id, stage, opened_at, closed_at, origin)
				select dossier_id, counter_id, officer_id, unit_id, 'returning', t, t + interval '10 minutes', 'counter'
				from service_events, (select date_trunc('day', now() - interval '8 days') + interval '19 hours' as t) at
				where counter_id = ${counterId} and closed_at is null
				returning extract(epoch from now() - opened_at) * 1000 as age`;
			ageMs = Math.round(Number(past.age)) - 5 * 60_000;
		}
		const old = await press(token, uid, ageMs);
		expect(old).toMatchObject({ status: 'stored', counted: false, notCountedReason: 'too_old' });
		if (server.sql) expect(await storedPress(old.key)).toEqual({ counted: false, reason: 'too_old', bridgeId });
		expect((await admin.get('/app/admin/boxes')).text).toContain('data-testid="bridge-too-old"');
	});

	it('an officer gets a rating slip only for a service they gave: not for another unit’s dossier, nor for someone else’s service', async () => {
		// canbo2 (a department) serves a dossier of their unit.
		const theirCounter = await takeCounter(canbo2);
		const otherCode = `AB-QR2-${run}`;
		await serveNewDossier(canbo2, otherCode);
		await takeCounter(canbo1, [theirCounter]);
		const refused = async (path: string) => {
			const r = await canbo1.get(path);
			expect([400, 403, 404], path).toContain(r.status);
			expect(r.text, path).not.toMatch(/\/r\/[a-z][0-9a-z]+\.[A-Za-z0-9_-]{16}/);
		};
		// Typing the code of another unit's dossier gets no slip…
		await refused(`/app/counter/slip?code=${otherCode}`);
		// …nor does naming another officer's service, or one that does not exist.
		const theirService = Number(pick((await canbo2.get('/app/counter')).text, /\/app\/counter\/slip\?service=(\d+)/, 'canbo2’s slip link'));
		await refused(`/app/counter/slip?service=${theirService}`);
		await refused('/app/counter/slip?service=99999999');
		// Nor does the public look-up hand a rating link to anyone who knows (or guesses) the code.
		const lookup = await new FormClient(server.base).get(`/tra-cuu?code=${otherCode}`);
		expect(lookup.status).toBe(200);
		expect(lookup.text).toContain(otherCode);
		expect(lookup.text).not.toMatch(/\/r\/[a-z][0-9a-z]+\./);

		// Their own service: the slip rates it, once.
		await serveNewDossier(canbo1, `AB-QR1-${run}`);
		const ownService = Number(pick((await canbo1.get('/app/counter')).text, /\/app\/counter\/slip\?service=(\d+)/, 'canbo1’s slip link'));
		const slip = await canbo1.get(`/app/counter/slip?service=${ownService}`);
		expect(slip.status).toBe(200);
		const path = pick(slip.text, /https?:\/\/[^/"<\s]+(\/r\/s[0-9a-z]+\.[A-Za-z0-9_-]{16})/, 'the slip’s QR link');
		const citizen = new FormClient(server.base);
		expect((await citizen.get(path)).status).toBe(200);
		const rated = await citizen.post(`${path}?/rate`, fields({ key: `abuse-${run}`.toLowerCase(), level: 1 }));
		expect(rated.status).toBe(200);
		expect(rated.text).toContain('Cảm ơn Ông/Bà đã đánh giá!');
		if (server.sql) {
			const rows = await server.sql`select service_event_id, counted, source from ratings where idempotency_key = ${`qr:abuse-${run}`.toLowerCase()}`;
			expect(rows.map((r) => ({ event: Number(r.service_event_id), counted: r.counted, source: r.source }))).toEqual([{ event: ownService, counted: true, source: 'qr' }]);

			// A dossier token of the old kind (any code used to get one) shows the status and rates nothing.
			const [{ secret }] = await server.sql`select value #>> '{}' as secret from settings where key = 'qr.secret'`;
			const [{ id }] = await server.sql`select id from dossiers where code = ${otherCode}`;
			const mac = createHmac('sha256', Buffer.from(secret, 'base64')).update(`dossier:${Number(id)}`).digest('base64url').slice(0, 16);
			const oldPath = `/r/d${Number(id).toString(36)}.${mac}`;
			const oldPage = await citizen.get(oldPath);
			expect(oldPage.status).toBe(200);
			expect(oldPage.text).toContain('data-testid="old-slip"');
			const oldRate = await citizen.post(`${oldPath}?/rate`, fields({ key: `abuse-old-${run}`.toLowerCase(), level: 1, stage: 'receiving' }));
			expect(oldRate.status).toBe(403);
			expect(await server.sql`select 1 from ratings where dossier_id = ${id}`).toHaveLength(0);
		}
	});
});
