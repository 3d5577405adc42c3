import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { subscribe } from '../events/bus';
import { seedDossierFixture, type DossierFixture } from './test-fixture';
import { pushServiceEvent } from './service-events';
import type { ServiceEventPush } from './schema';
import { upsertDossiers } from './upsert';

describe.each(testDatabaseKinds)('service events pushed by the one-stop software on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	const scope = () => [f.nhaTrang.path];
	const push = (extra: Partial<ServiceEventPush> = {}): ServiceEventPush => ({
		dossierCode: 'SE-1',
		centreCode: 'KH-PNT-MC',
		counterCode: 'Q01',
		officer: 'KH-000101',
		stage: 'receiving',
		openedAt: new Date('2026-03-02T01:15:00Z'),
		...extra
	});

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		const base = { unitCode: 'KH-PNT', procedureCode: '1.001193', channel: 'counter', receivedAt: '2026-03-02T08:00:00+07:00' };
		await upsertDossiers([{ ...base, code: 'SE-1' }, { ...base, code: 'SE-2' }], scope());
		await upsertDossiers([{ ...base, code: 'SE-CR', unitCode: 'KH-PCR' }], [f.camRanh.path]);
	});
	afterAll(async () => h?.close());

	it('opens once, closes once, and answers repeats without writing', async () => {
		const seen: string[] = [];
		const stops = [subscribe('service.opened', () => seen.push('opened')), subscribe('service.closed', () => seen.push('closed'))];
		const opened = await pushServiceEvent(push(), scope());
		expect(opened).toMatchObject({ ok: true, status: 201, event: { result: 'opened', closedAt: null } });
		if (!opened.ok) throw new Error('unreachable');
		expect(await pushServiceEvent(push(), scope())).toMatchObject({ ok: true, status: 200, event: { id: opened.event.id, result: 'unchanged' } });
		// a second service at the same time at the busy counter is no conflict: the first ends when the second opens (service-events/writer.test.ts)

		const closedAt = new Date('2026-03-02T01:25:00Z');
		expect(await pushServiceEvent(push({ closedAt }), scope())).toMatchObject({ ok: true, status: 200, event: { id: opened.event.id, result: 'closed' } });
		expect(await pushServiceEvent(push({ closedAt }), scope())).toMatchObject({ ok: true, event: { result: 'unchanged' } });
		expect(await pushServiceEvent(push({ closedAt: new Date('2026-03-02T01:30:00Z') }), scope())).toMatchObject({ ok: false, status: 409 });
		stops.forEach((stop) => stop());
		expect(seen).toEqual(['opened', 'closed']);

		const rows = await h.rows<{ unit_id: number; origin: string; officer_id: number }>(sql`select unit_id, origin, officer_id from service_events`);
		expect(rows).toEqual([{ unit_id: f.nhaTrang.id, origin: 'integration', officer_id: f.officerNT }]);
	});

	it('records a finished service in one push, and closing before opening is refused', async () => {
		const done = await pushServiceEvent(push({ dossierCode: 'SE-2', stage: 'returning', closedAt: new Date('2026-03-05T02:10:00Z'), openedAt: new Date('2026-03-05T02:00:00Z') }), scope());
		expect(done).toMatchObject({ ok: true, status: 201, event: { result: 'recorded' } });
		const backwards = await pushServiceEvent(push({ closedAt: new Date('2026-03-02T01:00:00Z') }), scope());
		expect(backwards).toMatchObject({ ok: false, status: 400, problems: [{ field: 'closedAt', key: 'dossiers.error.beforeOpened' }] });
	});

	it('refuses another unit’s dossier, counter and officer, and unknown ones', async () => {
		const foreign = await pushServiceEvent(push({ dossierCode: 'SE-CR', centreCode: 'KH-PCR-MC', officer: 'KH-000202' }), scope());
		expect(foreign).toMatchObject({ ok: false, status: 403 });
		if (foreign.ok) throw new Error('unreachable');
		expect(foreign.problems.map((p) => p.field)).toEqual(['dossierCode', 'counterCode', 'officer']);
		const unknown = await pushServiceEvent(push({ dossierCode: 'NOPE', counterCode: 'Q99', officer: 'KH-0' }), scope());
		expect(unknown).toMatchObject({ ok: false, status: 400 });
		if (unknown.ok) throw new Error('unreachable');
		expect(unknown.problems.map((p) => p.key)).toEqual(['dossiers.error.unknownDossier', 'dossiers.error.unknownCounter', 'dossiers.error.unknownOfficer']);
	});
});
