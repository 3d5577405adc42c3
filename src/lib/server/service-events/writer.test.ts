import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { subscribe } from '../events/bus';
import { seedDossierFixture, type DossierFixture } from '../dossiers/test-fixture';
import { pushServiceEvent } from '../dossiers/service-events';
import { upsertDossiers } from '../dossiers/upsert';
import { serve, takeCounter } from '../counter/counter';
import { callTicket } from '../queue/calls';
import { formatNationalDate } from '../national/schema';
import { syncNationalDossiers } from '../national/sync';

/**
 * Every path that writes service events goes through one writer (writer.ts): the counter screen,
 * our JSON API, queue calls and the national sync's steps follow one busy-counter rule (the new
 * service closes the open one and says so), take one lock, and count the service in the
 * officer's posting at service time.
 */

type Row = {
	id: number;
	closed_at: Date | string | null;
	superseded_by: number | string | null;
	unit_id: number;
	origin: string;
};

describe.each(testDatabaseKinds)('the one service-event writer on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	const scope = () => [f.nhaTrang.path];
	const vn = (local: string) => new Date(`${local}+07:00`);
	const base = {
		unitCode: 'KH-PNT',
		procedureCode: '1.001193',
		channel: 'counter',
		receivedAt: '2026-03-02T08:00:00+07:00'
	};
	const service = async (id: number) =>
		(
			await h.rows<Row>(
				sql`select id, closed_at, superseded_by, unit_id, origin from service_events where id = ${id}`
			)
		).map((r) => ({
			...r,
			closed_at: r.closed_at === null ? null : new Date(r.closed_at).toISOString(),
			superseded_by: r.superseded_by === null ? null : Number(r.superseded_by)
		}))[0];
	const openAt = async (counterId: number) =>
		(
			await h.rows<{ id: number }>(
				sql`select id from service_events where counter_id = ${counterId} and closed_at is null`
			)
		).map((r) => Number(r.id));
	const nationalItem = (code: string, officer: string, at: Date) => ({
		MaHoSo: code,
		MaTTHC: '1.001193',
		KenhThucHien: 1,
		NgayTiepNhan: formatNationalDate(at),
		NgayHenTra: formatNationalDate(new Date(at.getTime() + 3 * 86_400_000)),
		TrangThaiHoSo: 2,
		DonViXuLy: 'KH-PNT',
		QuaTrinhXuLy: [
			{
				NguoiXuLy: officer,
				ThoiDiemXuLy: formatNationalDate(at),
				NoiDungXuLy: 'Tiếp nhận hồ sơ',
				TrangThai: 2
			}
		]
	});

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		await upsertDossiers(
			['W-1', 'W-2', 'W-3', 'W-5', 'C-1', 'C-2', 'C-3', 'C-4', 'T-1', 'T-2', 'T-3', 'T-5'].map(
				(code) => ({ ...base, code })
			),
			scope()
		);
	});
	afterAll(async () => h?.close());

	it('closes a busy counter’s open service, whichever path opens the next, and records which one closed it', async () => {
		const published: string[] = [];
		const stops = [
			subscribe('service.opened', (e) => published.push(`opened ${e.serviceEventId}`)),
			subscribe('service.closed', (e) => published.push(`closed ${e.serviceEventId}`))
		];
		const counter = f.counterNT;
		expect(await takeCounter(f.officerNT, counter, true, vn('2026-03-02T07:30:00'))).toEqual({
			ok: true
		});

		// 1. the counter screen
		const screen = await serve(f.officerNT, 'W-1', 'receiving', vn('2026-03-02T08:00:00'));
		if (!screen.ok) throw new Error(`serve: ${screen.reason}`);
		// 2. our JSON API at the busy counter: opens, and closes the screen's service (no 409)
		const api = await pushServiceEvent(
			{
				dossierCode: 'W-2',
				centreCode: 'KH-PNT-MC',
				counterCode: 'Q01',
				officer: 'KH-000101',
				stage: 'receiving',
				openedAt: vn('2026-03-02T08:10:00')
			},
			scope()
		);
		expect(api).toMatchObject({
			ok: true,
			status: 201,
			event: { result: 'opened', superseded: [screen.serviceEventId] }
		});
		if (!api.ok) throw new Error('unreachable');
		expect(await service(screen.serviceEventId)).toMatchObject({
			closed_at: vn('2026-03-02T08:10:00').toISOString(),
			superseded_by: api.event.id
		});
		// 3. a queue call
		const call = await callTicket(
			{
				ticket: 'A012',
				centreCode: 'KH-PNT-MC',
				counterCode: 'Q01',
				calledAt: vn('2026-03-02T08:20:00'),
				dossierCode: 'W-3'
			},
			scope()
		);
		expect(call).toMatchObject({
			ok: true,
			status: 201,
			call: { result: 'opened', superseded: [api.event.id] }
		});
		if (!call.ok) throw new Error('unreachable');
		expect(await service(api.event.id)).toMatchObject({
			closed_at: vn('2026-03-02T08:20:00').toISOString(),
			superseded_by: call.call.id
		});
		// 4. a live receiving step of the national sync
		const stepAt = vn('2026-03-02T08:30:00');
		const synced = await syncNationalDossiers([nationalItem('W-4', 'KH-000101', stepAt)], scope(), {
			now: new Date(stepAt.getTime() + 60_000)
		});
		expect(synced.problems).toEqual([]);
		const step = synced.results[0].services[0];
		expect(step).toMatchObject({ result: 'opened' });
		expect(await service(call.call.id)).toMatchObject({
			closed_at: stepAt.toISOString(),
			superseded_by: step.serviceEventId
		});
		// 5. the counter screen again closes the synced one
		const again = await serve(f.officerNT, 'W-5', 'receiving', vn('2026-03-02T08:40:00'));
		if (!again.ok) throw new Error('unreachable');
		expect(await service(step.serviceEventId!)).toMatchObject({
			closed_at: vn('2026-03-02T08:40:00').toISOString(),
			superseded_by: again.serviceEventId
		});
		expect(await openAt(counter)).toEqual([again.serviceEventId]);
		stops.forEach((stop) => stop());
		for (const closed of [screen.serviceEventId, api.event.id, call.call.id, step.serviceEventId])
			expect(published).toContain(`closed ${closed}`);

		// a service's own end, reported after the next call closed it, is the truer time
		const ownEnd = await pushServiceEvent(
			{
				dossierCode: 'W-2',
				centreCode: 'KH-PNT-MC',
				counterCode: 'Q01',
				officer: 'KH-000101',
				stage: 'receiving',
				openedAt: vn('2026-03-02T08:10:00'),
				closedAt: vn('2026-03-02T08:15:00')
			},
			scope()
		);
		expect(ownEnd).toMatchObject({ ok: true, status: 200, event: { result: 'closed' } });
		expect(await service(api.event.id)).toMatchObject({
			closed_at: vn('2026-03-02T08:15:00').toISOString(),
			superseded_by: call.call.id
		});
		// a report earlier than what the counter already has is recorded closed and closes nothing
		const late = await pushServiceEvent(
			{
				dossierCode: 'W-1',
				centreCode: 'KH-PNT-MC',
				counterCode: 'Q01',
				officer: 'KH-000101',
				stage: 'returning',
				openedAt: vn('2026-03-02T08:35:00')
			},
			scope()
		);
		expect(late).toMatchObject({
			ok: true,
			status: 201,
			event: {
				result: 'recorded',
				superseded: [],
				closedAt: vn('2026-03-02T08:35:00').toISOString()
			}
		});
		expect(await openAt(counter)).toEqual([again.serviceEventId]);
	});

	it('ends two concurrent calls at one counter with exactly one open service', async () => {
		const [counter] = await h.db
			.insert(s.counters)
			.values({
				centreId: (
					await h.rows<{ id: number }>(sql`select id from service_centres where code = 'KH-PNT-MC'`)
				)[0].id,
				code: 'Q09',
				nameVi: 'Quầy 09'
			})
			.returning();
		const push = (code: string, at: string) =>
			pushServiceEvent(
				{
					dossierCode: code,
					centreCode: 'KH-PNT-MC',
					counterCode: 'Q09',
					officer: 'KH-000101',
					stage: 'receiving',
					openedAt: vn(at)
				},
				scope()
			);
		const [a, b] = await Promise.all([
			push('C-1', '2026-03-03T09:00:00'),
			push('C-2', '2026-03-03T09:00:01')
		]);
		expect(a.ok && b.ok).toBe(true);
		expect(await openAt(counter.id)).toHaveLength(1);
		const superseded = await h.rows<{ n: number }>(
			sql`select count(*)::int as n from service_events where counter_id = ${counter.id} and superseded_by is not null`
		);
		const recorded = [a, b].filter((r) => r.ok && r.event.result === 'recorded').length;
		// either the later came second and closed the earlier, or the earlier came second and was recorded closed
		expect(Number(superseded[0].n) + recorded).toBe(1);

		// two paths at once: a queue call and a push
		const [c, d] = await Promise.all([
			callTicket(
				{
					ticket: 'B001',
					centreCode: 'KH-PNT-MC',
					counterCode: 'Q09',
					calledAt: vn('2026-03-03T09:10:00'),
					dossierCode: 'C-3',
					officer: 'KH-000101'
				},
				scope()
			),
			push('C-4', '2026-03-03T09:10:00')
		]);
		expect(c.ok && d.ok).toBe(true);
		expect(await openAt(counter.id)).toHaveLength(1);
	});

	it('counts the service in the officer’s posting at service time, on every path', async () => {
		// KH-000303 served in Cam Ranh until 10 March, then Nha Trang; sits at Nha Trang's Q02 throughout
		const [officer] = await h.db
			.insert(s.officers)
			.values({ staffNumber: 'KH-000303', fullName: 'Lê Thị Mai' })
			.returning();
		const transfer = vn('2026-03-10T00:00:00');
		await h.db.insert(s.officerAssignments).values([
			{
				officerId: officer.id,
				unitId: f.camRanh.id,
				positionVi: 'Công chức một cửa',
				startedAt: new Date('2024-01-01T00:00:00Z'),
				endedAt: transfer
			},
			{
				officerId: officer.id,
				unitId: f.nhaTrang.id,
				positionVi: 'Công chức một cửa',
				startedAt: transfer
			}
		]);
		const centre = (
			await h.rows<{ id: number }>(sql`select id from service_centres where code = 'KH-PNT-MC'`)
		)[0].id;
		const [counter] = await h.db
			.insert(s.counters)
			.values({ centreId: centre, code: 'Q02', nameVi: 'Quầy 02' })
			.returning();
		await h.db
			.insert(s.counterShifts)
			.values({
				counterId: counter.id,
				officerId: officer.id,
				startedAt: vn('2026-03-01T07:00:00')
			});

		const screen = await serve(officer.id, 'T-1', 'receiving', vn('2026-03-05T09:00:00'));
		if (!screen.ok) throw new Error(`serve: ${screen.reason}`);
		const api = await pushServiceEvent(
			{
				dossierCode: 'T-2',
				centreCode: 'KH-PNT-MC',
				counterCode: 'Q02',
				officer: 'KH-000303',
				stage: 'receiving',
				openedAt: vn('2026-03-05T10:00:00'),
				closedAt: vn('2026-03-05T10:05:00')
			},
			scope()
		);
		const call = await callTicket(
			{
				ticket: 'A001',
				centreCode: 'KH-PNT-MC',
				counterCode: 'Q02',
				calledAt: vn('2026-03-05T11:00:00'),
				dossierCode: 'T-3'
			},
			scope()
		);
		const synced = await syncNationalDossiers(
			[nationalItem('T-4', 'KH-000303', vn('2026-03-05T12:00:00'))],
			scope(),
			{ now: vn('2026-03-06T08:00:00') }
		);
		const after = await pushServiceEvent(
			{
				dossierCode: 'T-5',
				centreCode: 'KH-PNT-MC',
				counterCode: 'Q02',
				officer: 'KH-000303',
				stage: 'receiving',
				openedAt: vn('2026-03-12T09:00:00')
			},
			scope()
		);
		if (!api.ok || !call.ok || !after.ok) throw new Error('a write was refused');
		expect(synced.results[0].services[0]).toMatchObject({ result: 'recorded' });
		const before = [
			screen.serviceEventId,
			api.event.id,
			call.call.id,
			synced.results[0].services[0].serviceEventId!
		];
		for (const id of before) expect((await service(id)).unit_id).toBe(f.camRanh.id);
		expect((await service(after.event.id)).unit_id).toBe(f.nhaTrang.id);
	});
});
