import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { seedDossierFixture, type DossierFixture } from '../dossiers/test-fixture';
import { pushServiceEvent } from '../dossiers/service-events';
import { upsertDossiers } from '../dossiers/upsert';
import { recordRating } from '../ratings';
import { serve, takeCounter, finishService } from '../counter/counter';
import { localTime } from '../calendar/working-days';
import { upsertOfficers } from './upsert';

/**
 * Issue 13: a rating is attributed to the officer's posting at service time. Service events copy
 * the officer's unit when they open; a transfer entered later, or ahead of its day, moves nothing.
 */
describe.each(testDatabaseKinds)('ratings across a transfer on %s', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	let province: string[];
	let counterCR: number;
	let key = 0;

	const dossier = async (code: string, unitCode = 'KH-PNT') => {
		await upsertDossiers([{ code, unitCode, procedureCode: '1.001193', channel: 'counter', receivedAt: '2026-01-05T08:00:00+07:00' }], province);
	};
	const rate = (counterId: number, serviceEventId: number, pressedAt: Date) =>
		recordRating({ source: 'tablet', idempotencyKey: `tab:transfer-${kind}-${++key}`, counterId, serviceEventId, pressedAt, level: 1 }, { publish: false });
	const officerOf = async (staffNumber: string) => (await h.db.select({ id: s.officers.id }).from(s.officers).where(eq(s.officers.staffNumber, staffNumber)))[0].id;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		province = [`/${f.provinceId}/`];
		const [scale] = await h.db.insert(s.ratingScales).values({ code: 'tt', version: 1, levelCount: 3, nameVi: 'Thang 3 mức', active: true }).returning();
		await h.db.insert(s.ratingScaleLevels).values([
			{ scaleId: scale.id, level: 1, labelVi: 'Hài lòng', labelEn: 'Satisfied', class: 'satisfied' },
			{ scaleId: scale.id, level: 2, labelVi: 'Bình thường', labelEn: 'Neutral', class: 'neutral' },
			{ scaleId: scale.id, level: 3, labelVi: 'Không hài lòng', labelEn: 'Dissatisfied', class: 'dissatisfied' }
		]);
		[{ id: counterCR }] = await h.rows<{ id: number }>(sql`select k.id from counters k join service_centres c on c.id = k.centre_id where c.code = 'KH-PCR-MC'`);
	});
	afterAll(async () => h?.close());

	it('each rating counts for the unit of the posting when the service was given, before and after the transfer', async () => {
		const posting = (unitCode: string, from: string) => [{ unitCode, positionVi: 'Công chức Một cửa', from }];
		await upsertOfficers([{ staffNumber: 'KH-0300', fullName: 'Võ Thị Hạnh', postings: posting('KH-PNT', '2026-01-01') }], province);
		for (const code of ['TR-1', 'TR-2', 'TR-3']) await dossier(code);
		const service = async (dossierCode: string, centreCode: string, opened: Date) => {
			const reply = await pushServiceEvent(
				{ dossierCode, centreCode, counterCode: 'Q01', officer: 'KH-0300', stage: 'receiving', openedAt: opened, closedAt: new Date(opened.getTime() + 5 * 60_000) },
				province
			);
			if (!reply.ok) throw new Error(JSON.stringify(reply));
			return reply.event.id;
		};
		// in Nha Trang, rated before the transfer is even entered
		const before = await service('TR-1', 'KH-PNT-MC', localTime('2026-03-02', 9));
		const r1 = await rate(f.counterNT, before, localTime('2026-03-02', 9, 6));

		const moved = await upsertOfficers([{ staffNumber: 'KH-0300', fullName: 'Võ Thị Hạnh', postings: posting('KH-PCR', '2026-03-10') }], province);
		expect(moved.results).toMatchObject([{ result: 'updated', transfers: 1 }]);

		// the last evening in Nha Trang, and the first morning in Cam Ranh
		const lastDay = await service('TR-2', 'KH-PNT-MC', localTime('2026-03-09', 23, 30));
		const r2 = await rate(f.counterNT, lastDay, localTime('2026-03-09', 23, 34));
		const firstDay = await service('TR-3', 'KH-PCR-MC', localTime('2026-03-10', 0, 30));
		const r3 = await rate(counterCR, firstDay, localTime('2026-03-10', 0, 34));

		expect([r1, r2, r3].map((r) => [r.counted, r.unitId])).toEqual([
			[true, f.nhaTrang.id],
			[true, f.nhaTrang.id],
			[true, f.camRanh.id]
		]);
		const byUnit = await h.rows<{ unit_id: number; n: number }>(sql`
			select unit_id, count(*)::int as n from ratings r join officers o on o.id = r.officer_id
			where o.staff_number = 'KH-0300' and r.counted group by unit_id order by unit_id`);
		expect(byUnit).toEqual(
			[
				{ unit_id: f.nhaTrang.id, n: 2 },
				{ unit_id: f.camRanh.id, n: 1 }
			].sort((a, b) => a.unit_id - b.unit_id)
		);
	});

	it('a transfer entered ahead of its day leaves the officer serving the old unit until then', async () => {
		await upsertOfficers([{ staffNumber: 'KH-0400', fullName: 'Đinh Công Minh', postings: [{ unitCode: 'KH-PNT', positionVi: 'Công chức Một cửa', from: '2026-01-01' }] }], province);
		await upsertOfficers([{ staffNumber: 'KH-0400', fullName: 'Đinh Công Minh', postings: [{ unitCode: 'KH-PCR', positionVi: 'Công chức Một cửa', from: '2026-05-01' }] }], province);
		const officerId = await officerOf('KH-0400');
		await dossier('TR-4');
		const now = localTime('2026-04-20', 9);
		expect(await takeCounter(officerId, f.counterNT, true, now)).toEqual({ ok: true });
		const served = await serve(officerId, 'TR-4', 'receiving', now);
		if (!served.ok) throw new Error(served.reason);
		const rating = await rate(f.counterNT, served.serviceEventId, new Date(now.getTime() + 60_000));
		await finishService(officerId, new Date(now.getTime() + 120_000));
		expect([rating.counted, rating.unitId]).toEqual([true, f.nhaTrang.id]);
	});
});
