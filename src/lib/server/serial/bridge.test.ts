import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedBox, seededRandom } from '../../../../firmware-protocol/simulator/box';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedCentre } from '../ratings/test-fixtures';
import { assignBridgeCounters } from './admin';
import { handleBoxApi } from './box-api';
import { createBridgeToken, revokeBridge } from './bridge-auth';
import type { LedMode } from './codec';
import { Outbox } from './outbox';
import { closePort, serialTestsLeftOut, openPort, ptyPair, sleep, waitFor, type PtyPair } from './test-pty';

const BRIDGE = path.resolve(__dirname, '../../../../scripts/bridge.ts');

/** The device API on a bare node:http server (same handler as the SvelteKit routes), with a switch that cuts the network. */
function apiServer(h: DatabaseHandle) {
	const state = { down: false, requests: 0 };
	const server = http.createServer(async (req, res) => {
		state.requests++;
		if (state.down) return req.socket.destroy();
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const url = new URL(req.url ?? '/', 'http://localhost');
		const route = url.pathname.replace('/api/v1/boxes/', '') as 'hello' | 'presses' | 'status' | 'led';
		const request = new Request(url, {
			method: req.method,
			headers: req.headers as Record<string, string>,
			body: req.method === 'POST' ? Buffer.concat(chunks) : undefined
		});
		try {
			const response = await handleBoxApi(route, request, { db: h.db });
			res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text());
		} catch (e) {
			res.writeHead(500).end(String(e));
		}
	});
	return { server, state };
}

function startBridge(args: string[]): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', BRIDGE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	child.stderr!.resume();
	return new Promise((resolve, reject) => {
		const t = setTimeout(() => reject(new Error('bridge did not start')), 20_000);
		child.stdout!.on('data', (d: Buffer) => {
			if (d.toString().includes('ready')) {
				clearTimeout(t);
				resolve(child);
			}
		});
		child.on('exit', (code) => reject(new Error(`bridge exited ${code}`)));
	});
}
const kill9 = (c: ChildProcess) =>
	new Promise<void>((resolve) => {
		if (c.exitCode !== null || c.signalCode !== null) return resolve();
		c.once('exit', () => resolve());
		c.kill('SIGKILL');
	});

describe.skipIf(serialTestsLeftOut).each(testDatabaseKinds)('bridge → device API on %s', (kind) => {
	let h: DatabaseHandle;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let api: ReturnType<typeof apiServer>;
	let base: string;
	const cleanup: (() => Promise<unknown> | unknown)[] = [];

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		f = await seedCentre(h.db, 1);
		api = apiServer(h);
		await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
		base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		for (const c of cleanup.reverse()) await c();
		api?.server.closeAllConnections();
		await new Promise((r) => api?.server.close(r));
		await h?.close();
	});

	it('refuses a missing, wrong or revoked token', async () => {
		const { id, token } = await createBridgeToken(h.db, 'Quầy 1 PC', null);
		const post = (auth: string) =>
			handleBoxApi('status', new Request(`${base}/api/v1/boxes/status`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ port: '/dev/x', connected: 'open' }) }), { db: h.db });
		expect((await post(`Bearer ${token}`)).status).toBe(200);
		expect((await post(`Bearer ${token}x`)).status).toBe(401);
		expect((await post('')).status).toBe(401);
		const [row] = await h.rows<{ secret_hash: string }>(sql`select secret_hash from box_bridges where id = ${id}`);
		expect(row.secret_hash).not.toContain(token.split('.')[1]);
		await revokeBridge(h.db, id, null);
		expect((await post(`Bearer ${token}`)).status).toBe(401);
	});

	it('answers 503 (keep it, retry) when no scale is active, and rejects only a button the box lacks', async () => {
		const { token } = await createBridgeToken(h.db, 'API test', null);
		const post = (presses: unknown[]) =>
			handleBoxApi('presses', new Request(`${base}/api/v1/boxes/presses`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ presses }) }), { db: h.db });
		const p = { uid: 'API-1', boot: 1, seq: 1, button: 2, buttons: 3, ageMs: 1500 };
		await h.db.execute(sql`update rating_scales set active = false`);
		const down = await post([p]);
		expect(down.status).toBe(503);
		await h.db.execute(sql`update rating_scales set active = true where id = ${f.scaleId}`);
		const res = await post([p, { ...p, seq: 2, button: 4 }, p]);
		expect(res.status).toBe(200);
		expect(((await res.json()) as { results: unknown[] }).results).toEqual([
			{ key: 'box:API-1:1:1', status: 'stored', counted: false, notCountedReason: 'unassigned_device' },
			{ key: 'box:API-1:1:2', status: 'rejected', reason: 'button_range', counted: false },
			{ key: 'box:API-1:1:1', status: 'duplicate', counted: false, notCountedReason: 'unassigned_device' }
		]);
		// the unknown uid was registered as an unassigned box; the press is dated by the server's clock
		const [row] = await h.rows<{ kind: string; reason: string; age: number | string }>(sql`
			select d.kind, r.not_counted_reason as reason, extract(epoch from (r.received_at - r.pressed_at)) * 1000 as age
			from ratings r join devices d on d.id = r.device_id where r.idempotency_key = 'box:API-1:1:1'`);
		expect(row).toMatchObject({ kind: 'button_box', reason: 'unassigned_device' });
		expect(Math.round(Number(row.age))).toBe(1500);
	});

	it('loses and doubles nothing when the bridge is killed with SIGKILL and the network drops', async () => {
		const random = seededRandom(kind === 'pglite' ? 21 : 22);
		await f.box('BR-1', f.counterIds[0]);
		await f.openService(f.counterIds[0], new Date(Date.now() - 1000));
		const { id: bridgeId, token } = await createBridgeToken(h.db, 'PC quầy 1', null);
		await assignBridgeCounters(h.db, bridgeId, [f.counterIds[0]], null);
		const pair: PtyPair = await ptyPair();
		cleanup.push(() => pair.kill());
		const boxPort = await openPort(pair.a);
		cleanup.push(() => closePort(boxPort));
		const box = new SimulatedBox(boxPort, { uid: 'BR-1', boot: 4, buttons: 5, random, resendFirstMs: 200, resendMaxMs: 1000, hbIntervalMs: 500 });
		const acked = new Set<string>();
		const leds: LedMode[] = [];
		box.on('acked', (seq) => acked.add(`box:BR-1:4:${seq}`));
		box.on('led', (m) => leds.push(m));
		const outbox = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-')), 'outbox.jsonl');
		const args = ['--port', pair.b, '--server', base, '--token', token, '--outbox', outbox, '--led-poll-ms', '300'];
		let bridge = await startBridge(args);
		cleanup.push(() => kill9(bridge));
		box.start();
		// The LED poll (every 1.5 s) sees the open service; a busy machine may need a few polls.
		await waitFor(() => leds.includes('ASK'), 6_000, 'the ASK LED from the bridge');
		expect(leds).toContain('ASK');

		const N = 200;
		let streaming = true;
		const stream = (async () => {
			for (let i = 0; i < N; i++) {
				while (box.pending >= 56) await sleep(10);
				box.press(1 + (i % 5));
				await sleep(12);
			}
		})().finally(() => (streaming = false));
		let kills = 0;
		while (streaming && kills < 3) {
			await sleep(300 + random() * 900);
			if (kills === 1) {
				api.state.down = true; // the network goes away for a while, with the bridge running
				await sleep(1500);
				api.state.down = false;
			}
			await kill9(bridge);
			kills++;
			await sleep(random() * 300);
			bridge = await startBridge(args);
		}
		await stream;
		await box.waitIdle(40_000);
		expect(kills).toBeGreaterThanOrEqual(2);

		const rows = await h.rows<{ k: string; counted: boolean }>(sql`select idempotency_key as k, counted from ratings where device_id = (select id from devices where uid = 'BR-1')`);
		const keys = rows.map((r) => r.k);
		expect(keys.length).toBe(N);
		expect(new Set(keys)).toEqual(new Set(Array.from({ length: N }, (_, i) => `box:BR-1:4:${i + 1}`)));
		for (const k of acked) expect(keys).toContain(k);
		expect(box.stats).toMatchObject({ pressed: N, acked: N, lost: 0 });
		expect(rows.filter((r) => r.counted)).toHaveLength(1);
		expect(leds).toContain('THANKS');

		await kill9(bridge);
		const o = Outbox.open(outbox);
		expect(o.pending.size).toBe(0);
		o.close();
		box.stop();
	});
});
