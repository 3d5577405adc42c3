import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../calendar';
import { localTime } from '../calendar/working-days';
import { useDatabase, type Db } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { isLate, lateWithoutApology } from './late';
import { monthOf, monthsEnding } from './period';
import { lateCounts, lateDossiers, monthlyTrend, satisfactionByUnit, sipasAnswersByUnit, tt01Tallies, type Period, type Scope } from './queries';
import { indicesReport } from './report';
import { DEFAULT_SIPAS_MAPPING } from './settings';
import { DEFAULT_SETTINGS_766 } from './satisfaction-766';
import { DEFAULT_RANK_RULE, emptyTallies, scoreDossier, tallyDossier, TT01_INDICATORS, type DossierFacts } from './tt01';

/**
 * The read models on a small province written here by hand: unit A holds the three dossiers
 * worked by hand in tt01.test.ts (early, on the due day, late), unit B two more, unit Q sits
 * outside the province. Then random dossiers, scored both in SQL and by the pure functions.
 */
const october = monthOf('2026-10')!;
const tt01ByUnit = async (scope: Scope, period: Period, _asOf?: Date) => (await tt01Tallies(scope, period)).units;
const tt01ByOfficer = async (scope: Scope, period: Period, _asOf?: Date) => (await tt01Tallies(scope, period)).officers;
const asOf = localTime('2026-11-10', 9);
const due = localTime('2026-10-15', 17);

async function unit(db: Db, code: string, nameVi: string, parent: { id: number; path: string } | null) {
	const [u] = await db.insert(s.units).values({ code, nameVi, level: parent ? 'commune' : 'province', path: '/0/', parentId: parent?.id ?? null }).returning();
	const path = `${parent?.path ?? '/'}${u.id}/`;
	await db.update(s.units).set({ path }).where(eq(s.units.id, u.id));
	return { id: u.id, path, nameVi, nameEn: null };
}

describe.each(testDatabaseKinds)('indices read models (%s)', (kind) => {
	let h: DatabaseHandle;
	let db: Db;
	const ids = {} as Record<string, number>;
	let P: Awaited<ReturnType<typeof unit>>, A: typeof P, B: typeof P, Q: typeof P;
	let procs: Record<'full' | 'posted' | 'none' | 'unknown' | 'halfKnown', number>;
	let provinceId: number;
	let seq = 0;

	async function dossier(u: { id: number }, procedureId: number, v: Partial<typeof s.dossiers.$inferInsert> & { dueAt: Date }) {
		const receivedAt = v.receivedAt ?? new Date(v.dueAt.getTime() - 5 * 86_400_000);
		const [d] = await db
			.insert(s.dossiers)
			.values({ provinceId, unitId: u.id, code: `T-${++seq}`, procedureId, channel: 'counter', ...v, receivedAt })
			.returning({ id: s.dossiers.id });
		return d.id;
	}

	async function complaint(dossierId: number, v: { upheld?: boolean; channel?: s.ComplaintChannel; dueAt: Date; closedAt: Date | null; unitId: number }) {
		const status = v.closedAt === null ? 'investigating' : 'resolved';
		await db.insert(s.complaints).values({
			code: `PA-T-${++seq}`,
			unitId: v.unitId,
			dossierId,
			channel: v.channel ?? 'web',
			kind: v.channel === 'late_dossier' ? 'internal' : 'petition',
			description: 'Phản ánh thử',
			status,
			outcome: status === 'resolved' ? (v.upheld ? 'upheld' : 'not_upheld') : null,
			receivedAt: new Date(v.dueAt.getTime() - 10 * 86_400_000),
			dueAt: v.dueAt,
			closedAt: v.closedAt
		});
	}

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		db = h.db;
		P = await unit(db, 'P', 'Tỉnh Thử', null);
		A = await unit(db, 'PA', 'Phường An', P);
		B = await unit(db, 'PB', 'Sở Bình', P);
		Q = await unit(db, 'Q', 'Tỉnh Khác', null);
		provinceId = P.id;
		const [field] = await db.insert(s.fields).values({ code: 'HT', nameVi: 'Hộ tịch' }).returning();
		const proc = async (code: string, postedAtDesk: boolean | null, publishedOnline: boolean | null, onlineLevel: number | null) =>
			(await db.insert(s.procedures).values({ code, nameVi: `Thủ tục ${code}`, fieldId: field.id, handlingDays: 5, mode: 'one_stop', postedAtDesk, publishedOnline, onlineLevel }).returning())[0].id;
		procs = {
			full: await proc('F', true, true, 2),
			posted: await proc('P', true, false, 1),
			none: await proc('N', false, false, 0),
			// imported without the facts (NULL: unknown), or with one of the two disclosure facts only
			unknown: await proc('U', null, null, null),
			halfKnown: await proc('H', true, null, 0)
		};
		const officer = async (staffNumber: string, fullName: string) => (await db.insert(s.officers).values({ staffNumber, fullName }).returning())[0].id;
		ids.o1 = await officer('CB1', 'Lê Văn Một');
		ids.o2 = await officer('CB2', 'Trần Thị Hai');

		// unit A: the hand-worked dossiers of tt01.test.ts
		ids.early = await dossier(A, procs.full, { dueAt: due, completedAt: localTime('2026-10-13', 10), extraVisits: 0, agenciesCount: 1, channel: 'online', receivingOfficerId: ids.o1, returningOfficerId: ids.o1 });
		ids.onTheDay = await dossier(A, procs.posted, { dueAt: due, completedAt: localTime('2026-10-15', 9), extraVisits: 1, agenciesCount: 2, receivingOfficerId: ids.o1, returningOfficerId: ids.o2 });
		ids.late = await dossier(A, procs.none, { dueAt: due, completedAt: localTime('2026-10-16', 8), channel: 'postal', receivingOfficerId: ids.o2, status: 'ready' });
		await complaint(ids.onTheDay, { upheld: true, channel: 'rating', unitId: A.id, dueAt: localTime('2026-11-05', 17), closedAt: localTime('2026-11-02', 10) });
		await complaint(ids.late, { unitId: A.id, dueAt: localTime('2026-10-30', 17), closedAt: localTime('2026-11-03', 9) });
		await complaint(ids.late, { unitId: A.id, dueAt: localTime('2026-11-20', 17), closedAt: null });
		// an upheld automatic late-dossier case on the early dossier: handled on time, not about conduct
		await complaint(ids.early, { upheld: true, channel: 'late_dossier', unitId: A.id, dueAt: localTime('2026-10-20', 17), closedAt: localTime('2026-10-19', 9) });
		// outside October (completed in September and November) and not completed
		await dossier(A, procs.full, { dueAt: localTime('2026-09-20', 17), completedAt: localTime('2026-09-18', 9) });
		await dossier(A, procs.full, { dueAt: localTime('2026-11-05', 17), completedAt: localTime('2026-11-02', 9) });
		// open past its due time, apology only after the due time, with an explanation: late, flagged
		ids.open = await dossier(A, procs.full, { dueAt: localTime('2026-10-20', 17), status: 'in_progress', receivingOfficerId: ids.o1 });
		await db.insert(s.dossierLateNotices).values([
			{ dossierId: ids.open, kind: 'apology', documentNumber: '7/TXL', issuedAt: localTime('2026-10-21', 9), newDueAt: localTime('2026-10-28', 17) },
			{ dossierId: ids.open, kind: 'explanation', documentNumber: '3/BC', issuedAt: localTime('2026-10-22', 9) }
		]);
		// withdrawn past its due time: never late
		await dossier(A, procs.full, { dueAt: localTime('2026-10-21', 17), status: 'withdrawn' });

		// unit B: one early dossier and one late with both notices in time (the slip the working day before the due day)
		ids.bEarly = await dossier(B, procs.full, { dueAt: localTime('2026-10-09', 17), completedAt: localTime('2026-10-07', 9), extraVisits: 0, agenciesCount: 1 });
		ids.bLate = await dossier(B, procs.posted, { dueAt: localTime('2026-10-22', 17), completedAt: localTime('2026-10-23', 9), extraVisits: 2, agenciesCount: 3, status: 'returned', returnedAt: localTime('2026-10-23', 10) });
		await db.insert(s.dossierLateNotices).values([
			{ dossierId: ids.bLate, kind: 'apology', documentNumber: '1/TXL', issuedAt: localTime('2026-10-21', 9), newDueAt: localTime('2026-10-23', 17) },
			{ dossierId: ids.bLate, kind: 'explanation', documentNumber: '1/BC', issuedAt: localTime('2026-10-23', 9) }
		]);
		// unit Q, outside the province: late, no notice
		await dossier(Q, procs.full, { dueAt: localTime('2026-10-15', 17), completedAt: localTime('2026-10-19', 9) });

		// ratings on a 5-level scale (1–2 satisfied, 3 neutral, 4–5 dissatisfied)
		const [scale] = await db.insert(s.ratingScales).values({ code: 'std', version: 1, levelCount: 5, nameVi: 'Thang 5 mức', active: true }).returning();
		const classes = ['satisfied', 'satisfied', 'neutral', 'dissatisfied', 'dissatisfied'] as const;
		await db.insert(s.ratingScaleLevels).values(classes.map((c, i) => ({ scaleId: scale.id, level: i + 1, labelVi: `Mức ${i + 1}`, labelEn: `Level ${i + 1}`, class: c })));
		const rating = async (u: { id: number }, level: number, day: string, answers: Record<string, number> | null = null, counted = true) =>
			(
				await db
					.insert(s.ratings)
					.values({
						idempotencyKey: `tab:${++seq}`,
						scaleId: scale.id,
						level,
						source: 'tablet',
						pressedAt: localTime(day, 10),
						officerId: ids.o1,
						unitId: u.id,
						stage: 'receiving',
						answers,
						counted,
						notCountedReason: counted ? null : 'repeat_press'
					})
					.returning()
			)[0].id;
		await rating(A, 1, '2026-10-05', { access: 1, procedure: 3, result: 2 });
		await rating(A, 2, '2026-10-06', { access: 2, procedure: 7 }); // 7 is no level of the scale: ignored
		await rating(A, 3, '2026-10-07', { access: 4 });
		await rating(A, 5, '2026-10-08');
		await rating(A, 1, '2026-10-09', { access: 1 }, false); // a repeat press: not counted
		const excluded = await rating(A, 1, '2026-10-12', { access: 1 });
		const [user] = await db.insert(s.users).values({ username: 'caicach.t', displayName: 'Cải cách', passwordHash: 'x' }).returning();
		await db.insert(s.ratingExclusions).values({ ratingId: excluded, reason: 'test_data', note: 'thử', excludedBy: user.id });
		await rating(B, 1, '2026-10-05');
		await rating(B, 4, '2026-09-15');
		await rating(Q, 5, '2026-10-05');
	}, 120_000);
	afterAll(async () => h?.close());

	const period = { from: october.from, to: october.to };

	it('scores unit A as worked by hand, and keeps other units and months out', async () => {
		const rows = await tt01ByUnit([P.path], period, asOf);
		expect(rows.map((r) => r.unitId).sort()).toEqual([A.id, B.id].sort());
		const a = rows.find((r) => r.unitId === A.id)!;
		expect([a.dossiers, a.onTime]).toEqual([3, 2]);
		// per indicator, [dossiers with data, points]: see "unit of A, B, C" in tt01.test.ts
		expect(a.tallies.map((t) => [t.n, t.sum])).toEqual([
			[3, 3],
			[1, 2],
			[2, 3],
			[2, 3],
			[0, 0],
			[3, 3],
			[3, 2],
			[0, 0], // 8 is unit-level
			[3, 3]
		]);
		expect(await tt01ByUnit([A.path], period, asOf)).toHaveLength(1);
		expect((await tt01ByUnit(null, period, asOf)).map((r) => r.unitId)).toContain(Q.id);
		expect(await tt01ByUnit([], period, asOf)).toEqual([]);
	});

	it('leaves indicators 6 and 9 without data for a procedure whose facts are unknown', async () => {
		const U = await unit(db, 'PU', 'Phường Chưa Rõ', P);
		const july = monthOf('2027-07')!;
		const done = { dueAt: localTime('2027-07-16', 17), completedAt: localTime('2027-07-12', 9) };
		await dossier(U, procs.unknown, { ...done, channel: 'counter' });
		await dossier(U, procs.unknown, { ...done, channel: 'online' });
		await dossier(U, procs.halfKnown, { ...done, channel: 'postal' });
		const [row] = await tt01ByUnit([U.path], july, localTime('2027-07-20', 9));
		expect(row.dossiers).toBe(3);
		// 6: no dossier has both disclosure facts; 9: only the half-known one (0) — coming in online no longer shows provision
		expect(row.tallies[5]).toEqual({ n: 0, sum: 0 });
		expect(row.tallies[8]).toEqual({ n: 1, sum: 0 });
	});

	it('scores officers on the dossiers they received or returned', async () => {
		const rows = await tt01ByOfficer([A.path], period, asOf);
		expect(rows.map((r) => [r.staffNumber, r.dossiers])).toEqual([
			['CB1', 2], // early (received and returned: once) and on the due day
			['CB2', 2] // returned "on the due day", received "late"
		]);
		const o2 = rows[1].tallies;
		// indicator 1: (1 + 0); 2: none; 3: 1; 4: 1; 7: (1 + 0): the upheld complaint on "on the due day" names no officer,
		// so it costs the dossier (unit) but neither officer
		expect([o2[0], o2[1], o2[2], o2[3], o2[6]]).toEqual([
			{ n: 2, sum: 1 },
			{ n: 0, sum: 0 },
			{ n: 1, sum: 1 },
			{ n: 1, sum: 1 },
			{ n: 2, sum: 1 }
		]);
	});

	it('assembles the page: ranks, share of satisfied ratings, on-time rate, SIPAS, trend, the 766 component', async () => {
		const report = await indicesReport({
			scope: [P.path],
			units: [P, A, B],
			month: october,
			trendMonths: monthsEnding('2026-10', 2),
			asOf,
			rule: DEFAULT_RANK_RULE,
			sipasMapping: DEFAULT_SIPAS_MAPPING,
			settings766: DEFAULT_SETTINGS_766
		});
		expect(report.units.map((u) => [u.nameVi, u.depth])).toEqual([
			['Phường An', 1],
			['Sở Bình', 1]
		]);
		const a = report.units[0];
		// see "unit of A, B, C" in tt01.test.ts: 26/3 of 14
		expect([a.grid.max, a.grid.rank]).toEqual([14, 'fair']);
		expect(a.grid.total).toBeCloseTo(26 / 3, 5);
		// 4 counted ratings (the repeat press and the excluded one are not), 2 satisfied: 50 %
		expect([a.counted, a.satisfied, a.satisfactionRate]).toEqual([4, 2, 0.5]);
		expect([a.completed, a.onTime, a.onTimeRate]).toEqual([3, 2, 2 / 3]);
		// access 2 of 3 answers satisfied, procedure 0 of 1 (the 7 is ignored), officer = the rating itself 2 of 4,
		// result 1 of 1, feedback never answered
		expect(a.sipas.factors.map((f) => [f.factor, f.answers, f.rate])).toEqual([
			['access', 3, 2 / 3],
			['procedure', 1, 0],
			['officer', 4, 0.5],
			['result', 1, 1],
			['feedback', 0, null]
		]);
		expect(a.sipas.overall).toBeCloseTo((2 / 3 + 0 + 0.5 + 1) / 4, 12);
		// the whole province: 5 dossiers, 3 on time; 5 counted ratings, 3 satisfied
		expect([report.total.completed, report.total.onTime, report.total.counted, report.total.satisfied]).toEqual([5, 3, 5, 3]);
		expect(report.trend).toEqual([
			{ month: '2026-09', counted: 1, satisfactionRate: 0, completed: 1, onTimeRate: 1 },
			{ month: '2026-10', counted: 5, satisfactionRate: 0.6, completed: 5, onTimeRate: 0.6 }
		]);
		// QĐ 766 per dossier (the ratings here name no dossier): A's on-the-day dossier has a citizen's
		// case (from a rating), its late one is late with two cases, its early one only an internal
		// case → 2 of 3 not satisfied; B's late one → 1 of 2. Province: (5 − 3) ÷ 5 = 0.4
		expect(report.s766.units.map((u) => [u.id, u.figures.handled, u.figures.notSatisfied])).toEqual([
			[A.id, 3, 2],
			[B.id, 2, 1]
		]);
		expect(report.s766.total.rate).toBeCloseTo(0.4, 12);
		expect(report.officers.map((o) => [o.staffNumber, o.grid.total, o.grid.max, o.grid.rank])).toEqual([
			// CB1: 1: 1.5, 2: 2, 3: 1.5, 4: 1.5, 7: (2 + 1) / 2 = 1.5 (the complaint names no one) → 8 of 10
			['CB1', 8, 10, 'good'],
			// CB2: 1: 0.5, 3: 1, 4: 1, 7: (1 + 0) / 2 = 0.5 → 3 of 8
			['CB2', 3, 8, 'average']
		]);
	});

	it('shows SIPAS "no data" for factors the deployment does not ask', async () => {
		const rows = await sipasAnswersByUnit([A.path], period, { ...DEFAULT_SIPAS_MAPPING, access: null });
		// the officer factor is the rating itself: not read from the answers
		expect(rows[0].counts.map((c) => c.factor).sort()).toEqual(['procedure', 'result']);
		expect(await sipasAnswersByUnit([A.path], period, { access: null, procedure: null, officer: '@level', result: null, feedback: null })).toEqual([]);
		const report = await indicesReport({
			scope: [A.path],
			units: [A],
			month: october,
			trendMonths: [october],
			asOf,
			rule: DEFAULT_RANK_RULE,
			sipasMapping: { access: 'access', procedure: null, officer: null, result: null, feedback: 'feedback' },
			settings766: DEFAULT_SETTINGS_766
		});
		expect(report.total.sipas.factors.map((f) => [f.factor, f.asked, f.rate])).toEqual([
			['access', true, 2 / 3],
			['procedure', false, null],
			['officer', false, null],
			['result', false, null],
			['feedback', true, null]
		]);
		expect(report.total.sipas.overall).toBe(2 / 3);
		expect(await satisfactionByUnit([A.path], monthOf('2026-08')!)).toEqual([]);
	});

	it('lists late dossiers with their notices and flags those without an apology by the due time', async () => {
		const q = { scope: [P.path], period, asOf };
		expect(await lateCounts(q)).toEqual({ late: 3, withoutApology: 2, withoutExplanation: 1, complete: 1 });
		const flagged = await lateDossiers({ ...q, notice: 'without_apology', limit: 50, offset: 0 });
		expect(flagged.map((r) => r.id)).toEqual([ids.late, ids.open]);
		expect(flagged[0]).toMatchObject({ apology: null, explanation: null, officer: { staffNumber: 'CB2' }, unitVi: 'Phường An', procedureVi: 'Thủ tục N' });
		expect(flagged[1].apology).toEqual({ number: '7/TXL', issuedAt: localTime('2026-10-21', 9), newDueAt: localTime('2026-10-28', 17), slips: 1 });
		expect(flagged[1].completedAt).toBeNull();
		const complete = await lateDossiers({ ...q, notice: 'complete', limit: 50, offset: 0 });
		expect(complete.map((r) => [r.id, r.explanation?.number])).toEqual([[ids.bLate, '1/BC']]);
		const all = await lateDossiers({ ...q, notice: 'all', limit: 2, offset: 1 });
		expect(all.map((r) => r.id)).toEqual([ids.open, ids.bLate]);
		// before the open dossier's due time it is not late yet
		expect((await lateCounts({ ...q, asOf: localTime('2026-10-20', 16) })).late).toBe(2);
		expect((await lateCounts({ ...q, scope: [B.path] })).late).toBe(1);
	});

	it('agrees with the pure formulas on random dossiers (property)', async () => {
		const R = await unit(db, 'PR', 'Phường Ngẫu Nhiên', P);
		const march = monthOf('2027-03')!;
		const when = (hours: number) => new Date(march.from.getTime() + hours * 3_600_000);
		const arb = fc.record({
			dueHours: fc.integer({ min: 24, max: 28 * 24 }),
			completedShift: fc.option(fc.integer({ min: -72, max: 72 }), { nil: null }),
			extraVisits: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
			agenciesCount: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
			channel: fc.constantFrom('counter' as const, 'online' as const, 'postal' as const),
			proc: fc.constantFrom('full' as const, 'posted' as const, 'none' as const, 'unknown' as const, 'halfKnown' as const),
			status: fc.constantFrom('in_progress' as const, 'withdrawn' as const),
			complaints: fc.array(fc.record({ upheld: fc.boolean(), late: fc.boolean(), open: fc.boolean(), lateCase: fc.boolean() }), { maxLength: 3 }),
			apologyShift: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null })
		});
		const samples = fc.sample(arb, { seed: 4242, numRuns: 80 });
		const procFacts = {
			full: { postedAtDesk: true, publishedOnline: true, onlineLevel: 2 },
			posted: { postedAtDesk: true, publishedOnline: false, onlineLevel: 1 },
			none: { postedAtDesk: false, publishedOnline: false, onlineLevel: 0 },
			unknown: { postedAtDesk: null, publishedOnline: null, onlineLevel: null },
			halfKnown: { postedAtDesk: true, publishedOnline: null, onlineLevel: 0 }
		};
		const expected = emptyTallies(TT01_INDICATORS);
		let completed = 0;
		let onTime = 0;
		let late = 0;
		let withoutApology = 0;
		const now = when(20 * 24);
		// the SQL flag reads calendar_days, the TS rule the same rows
		const cal = await loadCalendar(h);
		for (const x of samples) {
			const dueAt = when(x.dueHours);
			const completedAt = x.completedShift === null ? null : new Date(dueAt.getTime() + x.completedShift * 3_600_000);
			const receivedAt = new Date(Math.min(dueAt.getTime(), completedAt?.getTime() ?? Infinity) - 86_400_000);
			const status = completedAt ? 'ready' : x.status;
			const id = await dossier(R, procs[x.proc], { dueAt, receivedAt, completedAt, extraVisits: x.extraVisits, agenciesCount: x.agenciesCount, channel: x.channel, status });
			const complaints = x.complaints.map((c) => ({
				upheld: c.upheld && !c.open,
				lateDossierCase: c.lateCase,
				officerId: null,
				dueAt: new Date(now.getTime() + (c.open && !c.late ? 86_400_000 : -86_400_000)),
				closedAt: c.open ? null : new Date(now.getTime() + (c.late ? 0 : -2 * 86_400_000))
			}));
			for (const c of complaints)
				await complaint(id, { upheld: c.upheld, channel: c.lateDossierCase ? 'late_dossier' : 'web', unitId: R.id, dueAt: c.dueAt, closedAt: c.closedAt });
			const apologyAt = x.apologyShift === null ? null : new Date(dueAt.getTime() + x.apologyShift * 3_600_000);
			if (apologyAt) await db.insert(s.dossierLateNotices).values({ dossierId: id, kind: 'apology', issuedAt: apologyAt });
			const facts: DossierFacts = { dueAt, completedAt, extraVisits: x.extraVisits, agenciesCount: x.agenciesCount, procedure: procFacts[x.proc], complaints };
			if (completedAt && completedAt >= march.from && completedAt < march.to) {
				tallyDossier(expected, scoreDossier(facts, now), TT01_INDICATORS);
				completed++;
				if (completedAt <= dueAt) onTime++;
			}
			if (dueAt >= march.from && dueAt < march.to && isLate({ dueAt, completedAt, status }, now)) {
				late++;
				if (lateWithoutApology(dueAt, apologyAt, cal)) withoutApology++;
			}
		}
		const [row] = await tt01ByUnit([R.path], march, now);
		// the rollup's completion-day counts agree with the dossiers' own
		const [trend] = await monthlyTrend([R.path], march);
		expect([trend.completed, trend.onTime]).toEqual([completed, onTime]);
		expect([row.dossiers, row.onTime]).toEqual([completed, onTime]);
		expect(row.tallies).toEqual(expected);
		const counts = await lateCounts({ scope: [R.path], period: march, asOf: now });
		expect([counts.late, counts.withoutApology]).toEqual([late, withoutApology]);
		expect(late).toBeGreaterThan(5);
		expect(completed).toBeGreaterThan(20);
	});
});
