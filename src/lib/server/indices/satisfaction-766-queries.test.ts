import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTime } from '../calendar/working-days';
import { useDatabase, type Db } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { monthOf } from './period';
import { dossierCounts766, petitionCounts766, report766 } from './satisfaction-766-queries';
import { countDossiers766, DEFAULT_SETTINGS_766, type DossierFlags766 } from './satisfaction-766';

/**
 * A small province worked by hand, October 2026 (NQ 76 target for 2026: 95 %).
 *
 * Phường An (A), dossiers whose handling ended in October:
 *   D1  on time                                                       satisfied
 *   D2  on time, two satisfied ratings                                satisfied
 *   D3  late                                                          late
 *   D4  late + citizen's web petition (C1) + dissatisfied rating      late, petitioned, dissatisfied
 *   D5  dissatisfied at receiving, satisfied at returning             dissatisfied
 *   D6  hotline petition (C2); its dissatisfied rating was excluded   petitioned
 *   D7  on time, only an automatic "late without apology" case (C4)   satisfied (internal case)
 *   D8  a dissatisfied press that was not counted (repeat press)      satisfied
 *   D9  late + dissatisfied rating                                    late, dissatisfied
 *   D10 early                                                         satisfied
 *   handled 10; dissatisfied D4 D5 D9 = 3; petitioned D4 D6 = 2; late D3 D4 D9 = 3;
 *   not satisfied (union) D3 D4 D5 D6 D9 = 5 (not 3 + 2 + 3 = 8);
 *   rate = (10 − 5) ÷ 10 = 0.5; points = 6 × 0.5 ÷ 0.95 = 3.157894…
 *   Not counted: handled in September, in November, still open (with a petition).
 * Sở Bình (B): B1, B2 on time, B3 on time with a QR petition (C7):
 *   handled 3, petitioned 1, union 1; rate = 2 ÷ 3.
 * Province (A + B): handled 13, dissatisfied 3, petitioned 3, late 3, union 6;
 *   rate = 7 ÷ 13 = 0.538461…; points = 6 × (7 ÷ 13) ÷ 0.95 = 42 ÷ 12.35 = 3.400809…
 * Tỉnh Khác (Q), outside the province: one late dossier.
 *
 * Citizens' cases closed in October, by the case's unit:
 *   A: C1 closed 20/10, due 25/10 (on time), re-survey "not resolved" then "resolved" → satisfied
 *      C2 closed 28/10, due 26/10 (late), re-survey "not resolved"
 *      C3 rejected 10/10, due 15/10 (on time), no answer
 *      (C4 internal: never counted; C5 closed in November; C6 open)
 *      closed 3, on time 2 → 2 ÷ 3; answered 2, satisfied 1 → 0.5
 *   B: C7 closed 12/10, due 14/10, "resolved": closed 1, on time 1, answered 1, satisfied 1
 *   Province: closed 4, on time 3 → 0.75; answered 3, satisfied 2 → 2 ÷ 3
 */
const october = monthOf('2026-10')!;
const period = { from: october.from, to: october.to };

async function unit(db: Db, code: string, nameVi: string, parent: { id: number; path: string } | null) {
	const [u] = await db.insert(s.units).values({ code, nameVi, level: parent ? 'commune' : 'province', path: '/0/', parentId: parent?.id ?? null }).returning();
	const path = `${parent?.path ?? '/'}${u.id}/`;
	await db.update(s.units).set({ path }).where(eq(s.units.id, u.id));
	return { id: u.id, path };
}

describe.each(testDatabaseKinds)('QĐ 766 satisfaction component in SQL (%s)', (kind) => {
	let h: DatabaseHandle;
	let db: Db;
	let P: { id: number; path: string }, A: typeof P, B: typeof P, Q: typeof P;
	let procedureId: number, officerId: number, userId: number, scaleId: number;
	let seq = 0;

	async function dossier(u: { id: number }, due: string, completed: string | null) {
		const dueAt = localTime(due, 17);
		const [d] = await db
			.insert(s.dossiers)
			.values({
				provinceId: P.id,
				unitId: u.id,
				code: `D-${++seq}`,
				procedureId,
				channel: 'counter',
				receivedAt: new Date(dueAt.getTime() - 10 * 86_400_000),
				dueAt,
				completedAt: completed === null ? null : localTime(completed, 9),
				status: completed === null ? 'in_progress' : 'ready'
			})
			.returning({ id: s.dossiers.id });
		return d.id;
	}

	/** Levels 1–2 satisfied, 3 neutral, 4–5 dissatisfied. */
	async function rating(u: { id: number }, dossierId: number, level: number, counted = true) {
		const [r] = await db
			.insert(s.ratings)
			.values({
				idempotencyKey: `tab:${++seq}`,
				scaleId,
				level,
				source: 'tablet',
				pressedAt: localTime('2026-10-01', 10),
				officerId,
				unitId: u.id,
				dossierId,
				stage: 'receiving',
				counted,
				notCountedReason: counted ? null : 'repeat_press'
			})
			.returning({ id: s.ratings.id });
		return r.id;
	}

	async function complaint(
		u: { id: number },
		dossierId: number | null,
		v: { channel: s.ComplaintChannel; due: string; closed: string | null; status?: s.ComplaintStatus; answers?: ('resolved' | 'not_resolved')[] }
	) {
		const status = v.status ?? (v.closed === null ? 'investigating' : 'resolved');
		const [k] = await db
			.insert(s.complaints)
			.values({
				code: `PA-${++seq}`,
				unitId: u.id,
				dossierId,
				channel: v.channel,
				kind: v.channel === 'late_dossier' ? 'internal' : 'petition',
				description: 'Phản ánh thử',
				status,
				outcome: status === 'resolved' ? 'not_upheld' : null,
				receivedAt: localTime('2026-10-01', 8),
				dueAt: localTime(v.due, 17),
				closedAt: v.closed === null ? null : localTime(v.closed, 10)
			})
			.returning({ id: s.complaints.id });
		let hour = 8;
		for (const answer of v.answers ?? [])
			await db.insert(s.complaintEvents).values({ complaintId: k.id, at: localTime('2026-11-02', hour++), kind: 'note', data: { resurvey: answer } });
		return k.id;
	}

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		db = h.db;
		P = await unit(db, 'P', 'Tỉnh Thử', null);
		A = await unit(db, 'PA', 'Phường An', P);
		B = await unit(db, 'PB', 'Sở Bình', P);
		Q = await unit(db, 'Q', 'Tỉnh Khác', null);
		const [field] = await db.insert(s.fields).values({ code: 'HT', nameVi: 'Hộ tịch' }).returning();
		[{ id: procedureId }] = await db.insert(s.procedures).values({ code: 'F', nameVi: 'Thủ tục F', fieldId: field.id, handlingDays: 5, mode: 'one_stop' }).returning();
		[{ id: officerId }] = await db.insert(s.officers).values({ staffNumber: 'CB1', fullName: 'Lê Văn Một' }).returning();
		[{ id: userId }] = await db.insert(s.users).values({ username: 'thanhtra.t', displayName: 'Thanh tra', passwordHash: 'x' }).returning();
		const [scale] = await db.insert(s.ratingScales).values({ code: 'std', version: 1, levelCount: 5, nameVi: 'Thang 5 mức', active: true }).returning();
		scaleId = scale.id;
		const classes = ['satisfied', 'satisfied', 'neutral', 'dissatisfied', 'dissatisfied'] as const;
		await db.insert(s.ratingScaleLevels).values(classes.map((c, i) => ({ scaleId, level: i + 1, labelVi: `Mức ${i + 1}`, labelEn: `Level ${i + 1}`, class: c })));

		// Phường An
		await dossier(A, '2026-10-10', '2026-10-09'); // D1
		const d2 = await dossier(A, '2026-10-10', '2026-10-10');
		await rating(A, d2, 1);
		await rating(A, d2, 2);
		await dossier(A, '2026-10-12', '2026-10-14'); // D3 late
		const d4 = await dossier(A, '2026-10-12', '2026-10-15');
		await rating(A, d4, 5);
		await complaint(A, d4, { channel: 'web', due: '2026-10-25', closed: '2026-10-20', answers: ['not_resolved', 'resolved'] }); // C1
		const d5 = await dossier(A, '2026-10-20', '2026-10-19');
		await rating(A, d5, 4);
		await rating(A, d5, 1);
		const d6 = await dossier(A, '2026-10-20', '2026-10-20');
		const excluded = await rating(A, d6, 5);
		await db.insert(s.ratingExclusions).values({ ratingId: excluded, reason: 'suspected_manipulation', note: 'thử', excludedBy: userId });
		await complaint(A, d6, { channel: 'hotline', due: '2026-10-26', closed: '2026-10-28', answers: ['not_resolved'] }); // C2, late
		const d7 = await dossier(A, '2026-10-21', '2026-10-21');
		await complaint(A, d7, { channel: 'late_dossier', due: '2026-10-30', closed: '2026-10-22', answers: ['not_resolved'] }); // C4, internal
		const d8 = await dossier(A, '2026-10-21', '2026-10-20');
		await rating(A, d8, 5, false);
		const d9 = await dossier(A, '2026-10-22', '2026-10-27');
		await rating(A, d9, 4);
		await dossier(A, '2026-10-30', '2026-10-26'); // D10
		// outside October, and not completed
		await rating(A, await dossier(A, '2026-09-20', '2026-09-25'), 5);
		await dossier(A, '2026-11-10', '2026-11-02');
		await complaint(A, await dossier(A, '2026-10-28', null), { channel: 'web', due: '2026-11-20', closed: null }); // C6, open
		await complaint(A, null, { channel: 'in_person', due: '2026-10-15', closed: '2026-10-10', status: 'rejected' }); // C3
		await complaint(A, null, { channel: 'web', due: '2026-11-05', closed: '2026-11-03', answers: ['resolved'] }); // C5, November

		// Sở Bình
		await dossier(B, '2026-10-10', '2026-10-08');
		await dossier(B, '2026-10-10', '2026-10-09');
		const b3 = await dossier(B, '2026-10-15', '2026-10-15');
		await complaint(B, b3, { channel: 'qr', due: '2026-10-14', closed: '2026-10-12', answers: ['resolved'] }); // C7

		// outside the province
		await dossier(Q, '2026-10-10', '2026-10-12');
	}, 120_000);
	afterAll(async () => h?.close());

	it('counts the dossiers of each unit as worked by hand, each one once', async () => {
		const rows = await dossierCounts766([P.path], period);
		expect(rows.sort((x, y) => x.unitId - y.unitId)).toEqual(
			[
				{ unitId: A.id, counts: { handled: 10, dissatisfied: 3, petitioned: 2, late: 3, notSatisfied: 5 } },
				{ unitId: B.id, counts: { handled: 3, dissatisfied: 0, petitioned: 1, late: 0, notSatisfied: 1 } }
			].sort((x, y) => x.unitId - y.unitId)
		);
		expect((await dossierCounts766(null, period)).map((r) => r.unitId)).toContain(Q.id);
		expect(await dossierCounts766([], period)).toEqual([]);
	});

	it("counts citizens' cases closed in the month, on time, and the citizens' latest re-survey answers", async () => {
		const rows = await petitionCounts766([P.path], period);
		expect(rows.find((r) => r.unitId === A.id)?.counts).toEqual({ closed: 3, closedOnTime: 2, answered: 2, satisfied: 1 });
		expect(rows.find((r) => r.unitId === B.id)?.counts).toEqual({ closed: 1, closedOnTime: 1, answered: 1, satisfied: 1 });
	});

	it('pins the three rates and the points per unit and for the province', async () => {
		const r = await report766([P.path], period, [P, A, B], DEFAULT_SETTINGS_766);
		expect(r.year).toBe(2026);
		expect(r.units.map((u) => u.id)).toEqual([A.id, B.id]); // the province's own office handled nothing
		const a = r.units[0].figures;
		expect(a.rate).toBe(0.5);
		expect(a.target).toBe(0.95);
		expect(a.points).toBeCloseTo(3.157894736842105, 12);
		expect(a.petitionsOnTimeRate).toBeCloseTo(2 / 3, 12);
		expect(a.petitionSatisfactionRate).toBe(0.5);
		const b = r.units[1].figures;
		expect(b.rate).toBeCloseTo(2 / 3, 12);
		expect([b.petitionsOnTimeRate, b.petitionSatisfactionRate]).toEqual([1, 1]);
		expect(r.total).toMatchObject({ handled: 13, dissatisfied: 3, petitioned: 3, late: 3, notSatisfied: 6, closed: 4, closedOnTime: 3, answered: 3, satisfied: 2 });
		expect(r.total.rate).toBeCloseTo(7 / 13, 12);
		expect(r.total.points).toBeCloseTo(3.4008097165991904, 12);
		expect(r.total.petitionsOnTimeRate).toBe(0.75);
		expect(r.total.petitionSatisfactionRate).toBeCloseTo(2 / 3, 12);
		expect(r.sources.rate.citation).toMatch(/^Quyết định 766\/QĐ-TTg, Phụ lục/);
		expect(r.sources.target.citation).toMatch(/^Nghị quyết 76\/NQ-CP/);
		// all-or-nothing below the target: no points
		expect((await report766([P.path], period, [A], { ...DEFAULT_SETTINGS_766, rule: 'threshold' })).total.points).toBe(0);
	});

	it('has no figure at all for a month with nothing handled or closed', async () => {
		const r = await report766([P.path], monthOf('2027-03')!, [P, A, B], DEFAULT_SETTINGS_766);
		expect(r.units).toEqual([]);
		expect([r.total.rate, r.total.points, r.total.petitionsOnTimeRate, r.total.petitionSatisfactionRate]).toEqual([null, null, null, null]);
	});

	it('property: random dossiers counted in SQL equal the rule counted in TypeScript', async () => {
		const may = monthOf('2027-05')!;
		await fc.assert(
			fc.asyncProperty(fc.array(fc.record({ dissatisfied: fc.boolean(), petitioned: fc.boolean(), late: fc.boolean(), noise: fc.boolean() }), { minLength: 1, maxLength: 12 }), async (ds) => {
				const R = await unit(db, `R${++seq}`, 'Xã Ngẫu Nhiên', P);
				for (const d of ds) {
					const id = await dossier(R, '2027-05-12', d.late ? '2027-05-13' : '2027-05-11');
					if (d.dissatisfied) await rating(R, id, 4);
					if (d.petitioned) await complaint(R, id, { channel: 'web', due: '2027-05-30', closed: null });
					// noise that must not count: a satisfied rating, an internal case
					if (d.noise) {
						await rating(R, id, 1);
						await complaint(R, id, { channel: 'late_dossier', due: '2027-05-30', closed: null });
					}
				}
				const [row] = await dossierCounts766([R.path], may);
				expect(row.counts).toEqual(countDossiers766(ds as DossierFlags766[]));
			}),
			{ numRuns: 8 }
		);
	}, 120_000);
});
