import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormClient } from './abuse/guards-client';
import { startProductionServer, type ProductionServer } from './abuse/production-server';
import { pgBinariesForTests, startPgCluster, type PgCluster } from './support/pg-cluster';

/**
 * The production server with DATABASE_READ_URL on a standby of its own (tests/support/pg-cluster.ts):
 * what a reader sees. The note under the header says how old the figures may be when a page read
 * the standby; a browser that has just written (signed in) reads the primary, without the note,
 * until the lag limit has passed; with the standby stopped the pages still answer, from the primary.
 */
const binaries = pgBinariesForTests();
const NOTE_VI = /Số liệu đọc từ bản sao cơ sở dữ liệu, có thể chậm tối đa (\d+) giây/;

describe.skipIf(!binaries)('the server with a read replica', () => {
	let cluster: PgCluster;
	let server: ProductionServer;

	beforeAll(async () => {
		cluster = await startPgCluster(binaries!, { standbys: 1, ports: [5500, 5599] });
		await cluster.createDatabase('app');
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-replica-server-'));
		server = await startProductionServer(
			'postgres',
			{ DATABASE_READ_URL: cluster.standbys[0].url('app'), DATABASE_READ_MAX_LAG_S: '2' },
			{ dataDir, databaseUrl: cluster.primary.url('app'), dbName: null }
		);
		await cluster.waitForReplay();
	});

	afterAll(async () => {
		await server?.stop();
		await cluster?.stop();
	});

	it('lists the standby in the start-up banner', () => {
		expect(server.output()).toMatch(new RegExp(`read replica: postgres://postgres@127\\.0\\.0\\.1:${cluster.standbys[0].port}/app`));
	});

	it('says how old the public figures may be when they come from the standby', async () => {
		const page = await new FormClient(server.base).get('/minh-bach');
		expect(page.status).toBe(200);
		const m = NOTE_VI.exec(page.text);
		expect(m, 'the replica note on /minh-bach').not.toBeNull();
		expect(Number(m![1])).toBeGreaterThanOrEqual(1);
		expect(Number(m![1])).toBeLessThanOrEqual(3);
	});

	it('reads the primary right after a browser wrote, and the standby once the lag limit has passed', async () => {
		const head = await new FormClient(server.base).signIn('lanhdao1', server.password);
		const right = await head.get('/app');
		expect(right.status).toBe(200);
		expect(right.text).not.toMatch(NOTE_VI);
		await new Promise((r) => setTimeout(r, 3500)); // DATABASE_READ_MAX_LAG_S + 1 s
		const later = await head.get('/app');
		expect(later.status).toBe(200);
		expect(later.text).toMatch(NOTE_VI);
	});

	it('answers from the primary, without the note, when the standby is stopped', async () => {
		cluster.standbys[0].stop();
		const page = await new FormClient(server.base).get('/minh-bach');
		expect(page.status).toBe(200);
		expect(page.text).not.toMatch(NOTE_VI);
		expect(server.alive()).toBe(true);
	});
});
