import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { subscribe } from '../events/bus';
import { seedCentre } from '../ratings/test-fixtures';
import { recordRating } from '../ratings';
import { counterChoices, createAndServe, currentShift, finishService, leaveCounter, serve, servicesToday, takeCounter } from './counter';
import { kioskState } from '../kiosk/prompt';

describe.each(testDatabaseKinds)('the counter on %s', (kind) => {
	let h: DatabaseHandle;
	let c: Awaited<ReturnType<typeof seedCentre>>;
	let colleague: number;
	let province: number;
	const t0 = new Date('2026-11-23T01:30:00Z'); // 08:30 in Vietnam

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		c = await seedCentre(h.db, 2);
		province = c.unitId;
		const [o] = await h.db.insert(s.officers).values({ staffNumber: 'CB002', fullName: 'Trần Văn Hùng' }).returning();
		colleague = o.id;
		await h.db.insert(s.officerAssignments).values([
			{ officerId: c.officerId, unitId: c.unitId, positionVi: 'Chuyên viên', startedAt: new Date('2025-01-01') },
			{ officerId: colleague, unitId: c.unitId, positionVi: 'Chuyên viên', startedAt: new Date('2025-01-01') }
		]);
	});
	afterAll(async () => h?.close());

	it('takes a free counter, asks before taking a colleague’s, and ends the colleague’s shift and service', async () => {
		expect((await counterChoices(c.officerId)).map((k) => k.id).sort()).toEqual([...c.counterIds].sort());
		expect(await takeCounter(colleague, c.counterIds[0], false, t0)).toEqual({ ok: true });
		const served = await serve(colleague, await dossierCode(), 'receiving', t0);
		expect(served.ok).toBe(true);
		expect(await takeCounter(c.officerId, c.counterIds[0], false, t0)).toEqual({ ok: false, reason: 'held', holderName: 'Trần Văn Hùng' });
		expect(await takeCounter(c.officerId, c.counterIds[0], true, t0)).toEqual({ ok: true });
		expect(await currentShift(colleague)).toBeNull();
		expect((await currentShift(c.officerId))?.counterId).toBe(c.counterIds[0]);
		const open = await h.rows(sql`select id from service_events where counter_id = ${c.counterIds[0]} and closed_at is null`);
		expect(open).toHaveLength(0);
		// a counter in another unit's centre is not offered and cannot be taken
		expect(await takeCounter(c.officerId, 999_999, false, t0)).toEqual({ ok: false, reason: 'not_allowed' });
	});

	it('opens one service at a time, prompts the devices, and shows only whether a rating arrived', async () => {
		await takeCounter(c.officerId, c.counterIds[1], true, t0);
		const events: string[] = [];
		const off = [subscribe('service.opened', () => events.push('opened')), subscribe('service.closed', () => events.push('closed'))];
		const first = await serve(c.officerId, await dossierCode(), 'receiving', t0);
		const code2 = await dossierCode();
		const second = await serve(c.officerId, code2, 'returning', new Date(t0.getTime() + 60_000));
		off.forEach((f) => f());
		expect(first.ok && second.ok).toBe(true);
		expect(events).toEqual(['opened', 'closed', 'opened']);
		const state = await kioskState(c.counterIds[1]);
		expect(state.prompt).toMatchObject({ stage: 'returning', officer: { fullName: 'Nguyễn Thị Lan', staffNumber: 'CB001' } });

		if (!second.ok) throw new Error('unreachable');
		await recordRating({ source: 'tablet', idempotencyKey: 'tab:counter-test-1', counterId: c.counterIds[1], serviceEventId: second.serviceEventId, pressedAt: new Date(t0.getTime() + 90_000), level: 5 });
		const today = await servicesToday(c.officerId, new Date(t0.getTime() + 120_000));
		const row = today.find((x) => x.id === second.serviceEventId)!;
		expect(row.rated).toBe(true);
		expect(JSON.stringify(today)).not.toMatch(/"level"/);
		// once rated, the tablet goes back to idle although the service is still open
		expect((await kioskState(c.counterIds[1])).prompt).toBeNull();
		const [dossier] = await h.db.select().from(s.dossiers).where(eq(s.dossiers.code, code2));
		expect(dossier.returningOfficerId).toBe(c.officerId);
		await finishService(c.officerId, new Date(t0.getTime() + 180_000));
		expect((await kioskState(c.counterIds[1])).key).toBe('idle');
	});

	it('creates an unknown dossier at the counter with a due date on the working-day calendar', async () => {
		const friday = new Date('2026-11-27T02:00:00Z'); // Friday 09:00 in Vietnam
		await h.db.update(s.procedures).set({ handlingDays: 3 });
		const result = await createAndServe(c.officerId, 'MOI.2026-000777', (await h.db.select().from(s.procedures))[0].id, friday);
		expect(result.ok).toBe(true);
		const [d] = await h.db.select().from(s.dossiers).where(eq(s.dossiers.code, 'MOI.2026-000777'));
		expect(d.provinceId).toBe(province);
		expect(d.receivingOfficerId).toBe(c.officerId);
		// three working days after a Friday: Mon, Tue, Wed → Wednesday 17:00 local
		expect(d.dueAt.toISOString()).toBe('2026-12-02T10:00:00.000Z');
		expect(await serve(c.officerId, 'KHONG-CO', 'receiving', friday)).toEqual({ ok: false, reason: 'unknown_dossier' });
		await leaveCounter(c.officerId, friday);
		expect(await serve(c.officerId, 'MOI.2026-000777', 'returning', friday)).toEqual({ ok: false, reason: 'no_counter' });
	});

	async function dossierCode(): Promise<string> {
		const id = await c.dossier();
		const [d] = await h.db.select({ code: s.dossiers.code }).from(s.dossiers).where(eq(s.dossiers.id, id));
		return d.code;
	}
});
