import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDatabase } from '../src/lib/server/db';
import { openDatabase, type DatabaseHandle } from '../src/lib/server/db/client';
import { openReplicas, reader, readingReplica, replicaStatus, useReplicas, WROTE_COOKIE, type ReplicaSet } from '../src/lib/server/db/replicas';
import * as s from '../src/lib/server/db/schema';
import { provinceDashboard } from '../src/lib/server/dashboards';
import { periodFromDays } from '../src/lib/server/dashboards/period';
import { seedCentre } from '../src/lib/server/ratings/test-fixtures';
import { pgBinariesForTests, startPgCluster, type PgCluster } from './support/pg-cluster';

/**
 * Read replicas on a real streaming standby (tests/support/pg-cluster.ts): a primary and a
 * standby of this file's own, the app's migrations on the primary, the province dashboard read
 * through `readingReplica` as the overview page does.
 */
const binaries = pgBinariesForTests();
const MAX_LAG_S = 2;

describe.skipIf(!binaries)('read replicas on a primary and a streaming standby', () => {
	let cluster: PgCluster;
	let primary: DatabaseHandle;
	let replicas: ReplicaSet;
	let f: Awaited<ReturnType<typeof seedCentre>>;
	let dossier: number;
	let keys = 0;
	const march = periodFromDays('2026-03-01', '2026-03-31');
	const choice = { from: march.from, to: march.to, period: march.period, previous: march.previous };
	const dashboard = () => provinceDashboard(null, choice);

	const rate = async (level: number) => {
		await primary.db.insert(s.ratings).values({
			idempotencyKey: `rep-${++keys}`,
			scaleId: f.scaleId,
			level,
			source: 'tablet',
			pressedAt: new Date(`2026-03-02T09:${String(keys % 60).padStart(2, '0')}:00+07:00`),
			officerId: f.officerId,
			unitId: f.unitId,
			dossierId: dossier,
			stage: 'receiving',
			counted: true
		});
	};

	beforeAll(async () => {
		cluster = await startPgCluster(binaries!, { standbys: 1, ports: [5500, 5599] });
		await cluster.createDatabase('app');
		primary = await openDatabase({ kind: 'postgres', url: cluster.primary.url('app'), max: 4 });
		await primary.migrate(path.resolve('drizzle'));
		useDatabase(primary);
		f = await seedCentre(primary.db, 1);
		dossier = await f.dossier();
		for (const level of [1, 2, 3, 5]) await rate(level);
		// measured at every pick (no cache), so each step below sees the standby as it is now
		replicas = await openReplicas([cluster.standbys[0].url('app')], { maxLagS: MAX_LAG_S, cacheMs: 0 });
		useReplicas(replicas);
	});

	afterAll(async () => {
		useReplicas(null);
		await replicas?.close();
		await primary?.close();
		await cluster?.stop();
	});

	it('reads the dashboard from the standby once it has replayed, with the same figures as the primary', async () => {
		await rate(1);
		await cluster.waitForReplay();
		const fromPrimary = await dashboard();
		const read = await readingReplica(null, async () => ({ where: reader().description, figures: await dashboard() }));
		expect(read.value.where).toMatch(/standby/);
		expect(read.staleSeconds).toBeGreaterThanOrEqual(1);
		expect(read.value.figures).toEqual(fromPrimary);
		expect(fromPrimary.totals.ratings).toBe(5);
		const status = await replicaStatus();
		expect(status).toMatchObject({ configured: 1, usable: 1, withinBounds: true });
		expect(status.replicas[0].lagSeconds).toBe(0);
	});

	it('reads the primary when the standby is further behind than the limit, and the standby again once it caught up', async () => {
		const standby = cluster.standbys[0];
		await cluster.pauseReplay(standby);
		try {
			await rate(5);
			// the standby still has 5 ratings; the primary 6
			const onStandby = await readingReplica(null, async () => reader().description);
			const behind = async () => (await replicaStatus()).usable === 0;
			const deadline = Date.now() + 30_000;
			while (!(await behind())) {
				if (Date.now() > deadline) throw new Error('the paused standby never counted as behind');
				await new Promise((r) => setTimeout(r, 200));
			}
			const read = await readingReplica(null, async () => ({ where: reader().description, figures: await dashboard() }));
			expect(read.staleSeconds).toBeNull();
			expect(read.value.where).not.toMatch(/standby/);
			expect(read.value.figures.totals.ratings).toBe(6);
			const status = await replicaStatus();
			expect(status.withinBounds).toBe(false);
			expect(status.replicas[0].problem).toMatch(/behind by .* \(limit 2 s\)/);
			expect(onStandby.value).toBeDefined();
		} finally {
			await cluster.resumeReplay(standby);
		}
		await cluster.waitForReplay();
		const again = await readingReplica(null, async () => ({ where: reader().description, figures: await dashboard() }));
		expect(again.value.where).toMatch(/standby/);
		expect(again.value.figures.totals.ratings).toBe(6);
	});

	it('keeps a browser that just wrote on the primary', async () => {
		const wrote = { get: (name: string) => (name === WROTE_COOKIE ? String(Date.now() + 5000) : undefined) };
		const read = await readingReplica({ cookies: wrote }, async () => reader().description);
		expect(read.staleSeconds).toBeNull();
		expect(read.value).not.toMatch(/standby/);
		const expired = { get: () => String(Date.now() - 1) };
		expect((await readingReplica({ cookies: expired }, async () => reader().description)).value).toMatch(/standby/);
	});

	it('falls back to the primary when the standby stops, even in the middle of a cached measurement', async () => {
		// a second set that measured the standby while it was up and trusts that for a minute
		const cached = await openReplicas([cluster.standbys[0].url('app')], { maxLagS: MAX_LAG_S, cacheMs: 60_000 });
		try {
			useReplicas(cached);
			expect((await readingReplica(null, async () => reader().description)).value).toMatch(/standby/);
			cluster.standbys[0].stop();
			await rate(2);
			const fromPrimary = await dashboard();
			expect(fromPrimary.totals.ratings).toBe(7);
			// the cache still says "usable": the read fails on the standby and is run on the primary
			const read = await readingReplica(null, dashboard);
			expect(read.staleSeconds).toBeNull();
			expect(read.value).toEqual(fromPrimary);
			// measured again: unreachable, skipped before any read
			useReplicas(replicas);
			const next = await readingReplica(null, async () => ({ where: reader().description, figures: await dashboard() }));
			expect(next.staleSeconds).toBeNull();
			expect(next.value.where).not.toMatch(/standby/);
			expect(next.value.figures).toEqual(fromPrimary);
			const status = await replicaStatus();
			expect(status).toMatchObject({ configured: 1, usable: 0, withinBounds: false });
			expect(status.replicas[0].problem).toMatch(/unreachable/);
		} finally {
			useReplicas(replicas);
			await cached.close();
		}
	});
});
