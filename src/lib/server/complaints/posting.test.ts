import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localTime, seedCalendar } from '../calendar';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { recordRating } from '../ratings';
import { act, ComplaintInputError, createComplaint, promoteRating, type NewCase } from '.';
import { seedComplaintCast } from './test-fixtures';

/** Issue 19 finding 7: a complaint names only an officer posted in the case unit's subtree at the time. */
describe.each(testDatabaseKinds)('the officer a complaint names, on %s', (kind) => {
	let h: DatabaseHandle;
	let cast: Awaited<ReturnType<typeof seedComplaintCast>>;
	let subUnit: number;
	/** Posted in a unit under A since 2020. */
	let inSubUnit: number;
	/** Posted in A until 1 June 2026, in B since. */
	let transferred: number;
	/** No posting at all. */
	let nowhere: number;
	const t0 = localTime('2026-11-23', 9);
	const june = new Date('2026-06-01T00:00:00Z');
	const spies: { mockRestore(): void }[] = [];

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		await seedCalendar(h);
		cast = await seedComplaintCast(h.db);
		spies.push(vi.spyOn(console, 'log').mockImplementation(() => {}));
		const [a] = await h.db.select({ path: s.units.path }).from(s.units).where(eq(s.units.id, cast.unitA));
		const [sub] = await h.db.insert(s.units).values({ code: 'PX-T1', nameVi: 'Tổ một cửa 1', level: 'commune', path: '/0/' }).returning();
		await h.db.update(s.units).set({ path: `${a.path}${sub.id}/` }).where(eq(s.units.id, sub.id));
		subUnit = sub.id;
		const officer = async (staffNumber: string) => (await h.db.insert(s.officers).values({ staffNumber, fullName: staffNumber }).returning())[0].id;
		const post = (officerId: number, unitId: number, startedAt: Date, endedAt: Date | null = null) =>
			h.db.insert(s.officerAssignments).values({ officerId, unitId, positionVi: 'Công chức', startedAt, endedAt });
		inSubUnit = await officer('CB-T1');
		await post(inSubUnit, subUnit, new Date('2020-01-01T00:00:00Z'));
		transferred = await officer('CB-CHUYEN');
		await post(transferred, cast.unitA, new Date('2020-01-01T00:00:00Z'), june);
		await post(transferred, cast.unitB, june);
		nowhere = await officer('CB-KHONG');
	});
	afterAll(async () => {
		spies.forEach((s) => s.mockRestore());
		await h?.close();
	});

	const complaint = (over: Partial<NewCase>) =>
		createComplaint({ unitId: cast.unitA, channel: 'hotline', description: 'Cán bộ gây phiền hà khi tiếp nhận hồ sơ.', receivedAt: t0, ...over }, { userId: cast.inspectorA });
	const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ name: 'Error', reason: 'officer_not_posted' } satisfies Partial<ComplaintInputError>);
	const dossierReceived = async (receivedAt: Date) => {
		const id = await cast.centre.dossier();
		await h.db.update(s.dossiers).set({ receivedAt, dueAt: receivedAt }).where(eq(s.dossiers.id, id));
		return id;
	};

	it('accepts an officer posted in the case’s unit or a unit under it, and refuses one of another unit or of none', async () => {
		await expect(complaint({ officerId: inSubUnit })).resolves.toMatchObject({ code: expect.stringMatching(/^PA-2026-/) });
		await expect(complaint({ officerId: inSubUnit, unitId: subUnit })).resolves.toBeTruthy();
		await refused(complaint({ officerId: inSubUnit, unitId: cast.unitB }));
		await refused(complaint({ officerId: nowhere }));
		// no officer named: nothing to check
		await expect(complaint({ officerId: null })).resolves.toBeTruthy();
		const stored = await h.db.select({ officerId: s.complaints.officerId, unitId: s.complaints.unitId }).from(s.complaints);
		expect(stored.filter((c) => c.officerId === nowhere || (c.officerId === inSubUnit && c.unitId === cast.unitB))).toEqual([]);
	});

	it('judges at the complaint’s time, or over the named dossier’s life from its receipt', async () => {
		// moved to B in June: a November complaint about A cannot name them…
		await refused(complaint({ officerId: transferred }));
		await expect(complaint({ officerId: transferred, unitId: cast.unitB })).resolves.toBeTruthy();
		// …unless it is about a dossier A received while they were there
		await expect(complaint({ officerId: transferred, dossierId: await dossierReceived(new Date('2026-05-20T02:00:00Z')) })).resolves.toBeTruthy();
		await refused(complaint({ officerId: transferred, dossierId: await dossierReceived(new Date('2026-07-01T02:00:00Z')) }));
		// a complaint made in May names them in A
		await expect(complaint({ officerId: transferred, receivedAt: new Date('2026-05-25T02:00:00Z') })).resolves.toBeTruthy();
	});

	it('refuses to uphold, fully or partly, a case stored before the rule against an officer of another unit', async () => {
		const [c] = await h.db
			.insert(s.complaints)
			.values({ code: 'PA-2026-990001', unitId: cast.unitA, officerId: transferred, channel: 'hotline', description: 'Ghi trước khi sửa lỗi.', status: 'investigating', assigneeId: cast.inspectorA, receivedAt: t0, dueAt: t0 })
			.returning();
		const A = { userId: cast.inspectorA };
		expect(await act(c.id, A, { kind: 'resolve', outcome: 'upheld', note: 'Đúng' })).toEqual({ ok: false, reason: 'officer_not_posted' });
		expect(await act(c.id, A, { kind: 'resolve', outcome: 'partly_upheld', note: 'Đúng một phần' })).toEqual({ ok: false, reason: 'officer_not_posted' });
		const [still] = await h.db.select({ status: s.complaints.status, outcome: s.complaints.outcome }).from(s.complaints).where(eq(s.complaints.id, c.id));
		expect(still).toEqual({ status: 'investigating', outcome: null });
		expect(await act(c.id, A, { kind: 'resolve', outcome: 'not_upheld', note: 'Không đúng người' })).toEqual({ ok: true, status: 'resolved' });

		// a case that may name its officer is upheld as before
		const fine = await complaint({ officerId: inSubUnit });
		await act(fine.id, A, { kind: 'assign', assigneeId: cast.inspectorA });
		await act(fine.id, A, { kind: 'start' });
		expect(await act(fine.id, A, { kind: 'resolve', outcome: 'upheld', note: 'Đúng' })).toEqual({ ok: true, status: 'resolved' });
	});

	it('takes the officer and unit a rating’s service recorded as they are', async () => {
		// the centre's officer served at a counter of A; their posting is left out of this check
		await h.db.delete(s.officerAssignments).where(eq(s.officerAssignments.officerId, cast.centre.officerId));
		const ev = await cast.centre.openService(cast.centre.counterIds[0], t0);
		const r = await recordRating(
			{ source: 'tablet', idempotencyKey: `tab:posting-${kind}`, counterId: cast.centre.counterIds[0], serviceEventId: ev.id, pressedAt: new Date(t0.getTime() + 60_000), level: 5 },
			{ receivedAt: t0, publish: false }
		);
		const opened = await promoteRating(r.ratingId!, { userId: cast.inspectorA });
		expect(opened).toBeTruthy();
		const A = { userId: cast.inspectorA };
		await act(opened!.id, A, { kind: 'assign', assigneeId: cast.inspectorA });
		await act(opened!.id, A, { kind: 'start' });
		expect(await act(opened!.id, A, { kind: 'resolve', outcome: 'upheld', note: 'Đúng' })).toEqual({ ok: true, status: 'resolved' });
	});
});
