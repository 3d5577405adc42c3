import { isHttpError, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/session';
import { localTime } from '../calendar/working-days';
import { useDatabase, type Db } from '../db';
import type { DatabaseHandle } from '../db/client';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { indicesTable, type IndicesExportContext } from './export-tables';
import { monthOf } from './period';
import { indicesReport } from './report';
import { DEFAULT_SETTINGS_766 } from './satisfaction-766';
import { DEFAULT_SIPAS_MAPPING } from './settings';
import { DEFAULT_RANK_RULE } from './tt01';
import { unitScoreAction } from './tt01-actions';
import { petitionEvidence, tt01Tallies, unitScores } from './tt01-queries';

/**
 * The hand-worked two-dossier unit of tt01.test.ts ("the hand-worked two-dossier unit"), written
 * to the database and read back through SQL, the page's report and the export:
 *
 * unit U — X: early, one agency, no extra visit, procedure with publicity and online provision
 *              unknown, came in online, officer o1 received and returned it.
 *          Y: on the due day, two agencies, one extra visit, procedure posted (not online) and
 *              partly online; o1 received, o2 returned; one upheld complaint naming o2.
 * Per indicator: 1 = 1.5, 2 = 2, 3 = 1.5, 4 = 1.5, 6 = 1, 7 = 1, 9 = 1 → 9.5 of 14.
 * Quarter 4/2026: indicator 5 self 2 / verified 2, indicator 8 self 2 / verified 1
 *   → 9.5 + 2 + 1 = 12.5 of 18 → Tốt.
 * o1: 1.5, 2, 1.5, 1.5, 7 = (2 + 1) / 2 = 1.5 → 8 of 10; o2: 1, —, 1, 1, 0 → 3 of 8.
 *
 * unit V — one dossier with nothing known beyond its dates (a day early): every indicator but 1
 *          and 7 "no data", so no rank although both score 2.
 */
const october = monthOf('2026-10')!;
const asOf = localTime('2026-11-10', 9);
const due = localTime('2026-10-15', 17);

function actionEvent(user: SessionUser | null, fields: Record<string, string>): RequestEvent {
	return {
		url: new URL('http://localhost/app/indices?/unitScore'),
		locals: { user, locale: 'vi' },
		request: new Request('http://localhost/app/indices?/unitScore', { method: 'POST', body: new URLSearchParams(fields) }),
		getClientAddress: () => '203.0.113.7'
	} as unknown as RequestEvent;
}

/** The HTTP status an action answers: thrown error(…), fail(…), or 200. */
async function statusOf(run: Promise<unknown>): Promise<number> {
	try {
		const out = await run;
		return out && typeof out === 'object' && 'status' in out ? (out as ActionFailure).status : 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
}

describe.each(testDatabaseKinds)('Thông tư 01/2018 read and write models (%s)', (kind) => {
	let h: DatabaseHandle;
	let db: Db;
	let P: { id: number; path: string; nameVi: string; nameEn: null };
	let U: typeof P, V: typeof P, W: typeof P;
	const ids = {} as Record<string, number>;
	let seq = 0;
	const users = {} as Record<'reform' | 'head' | 'inspector', SessionUser>;

	async function unit(code: string, nameVi: string, parent: { id: number; path: string } | null) {
		const [u] = await db.insert(s.units).values({ code, nameVi, level: parent ? 'commune' : 'province', path: '/0/', parentId: parent?.id ?? null }).returning();
		const path = `${parent?.path ?? '/'}${u.id}/`;
		await db.update(s.units).set({ path }).where(eq(s.units.id, u.id));
		return { id: u.id, path, nameVi, nameEn: null };
	}

	async function user(username: string, role: s.Role, unitRow: { id: number; path: string }): Promise<SessionUser> {
		const [row] = await db.insert(s.users).values({ username, displayName: `Người dùng ${username}`, passwordHash: 'x' }).returning();
		return { id: row.id, username, displayName: row.displayName, roles: [{ role, unitId: unitRow.id, unitPath: unitRow.path }] } as unknown as SessionUser;
	}

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		db = h.db;
		P = await unit('P', 'Tỉnh Thử', null);
		U = await unit('PU', 'Phường Hai Hồ Sơ', P);
		V = await unit('PV', 'Xã Chưa Rõ', P);
		W = await unit('PW', 'Xã Khác', P);
		const [field] = await db.insert(s.fields).values({ code: 'HT', nameVi: 'Hộ tịch' }).returning();
		const proc = async (code: string, postedAtDesk: boolean | null, publishedOnline: boolean | null, onlineLevel: number | null) =>
			(await db.insert(s.procedures).values({ code, nameVi: `Thủ tục ${code}`, fieldId: field.id, handlingDays: 5, mode: 'one_stop', postedAtDesk, publishedOnline, onlineLevel }).returning())[0].id;
		const unknownProc = await proc('UNK', null, null, null);
		const partlyProc = await proc('PART', true, false, 1);
		const officer = async (staffNumber: string, fullName: string) => (await db.insert(s.officers).values({ staffNumber, fullName }).returning())[0].id;
		ids.o1 = await officer('CB1', 'Lê Văn Một');
		ids.o2 = await officer('CB2', 'Trần Thị Hai');
		const dossier = async (u: { id: number }, procedureId: number, v: Partial<typeof s.dossiers.$inferInsert>) =>
			(
				await db
					.insert(s.dossiers)
					.values({ provinceId: P.id, unitId: u.id, code: `T-${++seq}`, procedureId, channel: 'counter', dueAt: due, receivedAt: localTime('2026-10-08', 9), ...v })
					.returning({ id: s.dossiers.id })
			)[0].id;
		ids.X = await dossier(U, unknownProc, { completedAt: localTime('2026-10-13', 10), extraVisits: 0, agenciesCount: 1, channel: 'online', receivingOfficerId: ids.o1, returningOfficerId: ids.o1 });
		ids.Y = await dossier(U, partlyProc, { completedAt: localTime('2026-10-15', 9), extraVisits: 1, agenciesCount: 2, receivingOfficerId: ids.o1, returningOfficerId: ids.o2 });
		await db.insert(s.complaints).values({
			code: `PA-T-${++seq}`,
			unitId: U.id,
			officerId: ids.o2,
			dossierId: ids.Y,
			channel: 'web',
			description: 'Cán bộ trả kết quả gây khó khăn',
			status: 'resolved',
			outcome: 'upheld',
			receivedAt: localTime('2026-10-20', 9),
			dueAt: localTime('2026-11-05', 17),
			closedAt: localTime('2026-11-02', 10)
		});
		// V: completed on time, nothing else known
		await dossier(V, unknownProc, { completedAt: localTime('2026-10-14', 9) });
		users.reform = await user('caicach.t', 'reform', P);
		users.head = await user('lanhdao.u', 'unit_head', U);
		users.inspector = await user('thanhtra.t', 'inspector', P);
	}, 120_000);
	afterAll(async () => h?.close());

	it('scores X and Y as worked by hand, indicator 7 of the officer the complaint names only', async () => {
		const { units, officers } = await tt01Tallies([U.path], october);
		expect(units).toHaveLength(1);
		// [dossiers with data, points] for indicators 1…9
		expect(units[0].tallies.map((t) => [t.n, t.sum])).toEqual([
			[2, 3], // 2 + 1
			[1, 2], // X only (one agency)
			[2, 3], // 2 + 1
			[2, 3], // 2 + 1
			[0, 0], // unit-level
			[1, 1], // Y only: X's publicity is unknown
			[2, 2], // 2 + 0 (Y's upheld complaint)
			[0, 0], // unit-level
			[1, 1] // Y only: X's online provision is unknown, though it came in online
		]);
		const o = (id: number) => officers.find((r) => r.officerId === id)!.tallies;
		// o1 keeps Y's timing point (the complaint names o2): 2 + 1; o2: 0
		expect([o(ids.o1)[6], o(ids.o2)[6]]).toEqual([
			{ n: 2, sum: 3 },
			{ n: 1, sum: 0 }
		]);
	});

	it('saves self and verified scores with an audit entry each, and reads them back with the petitions evidence', async () => {
		const save = (who: SessionUser, indicator: number, kindOf: 'self' | 'verified', score: number, note = '') =>
			statusOf(unitScoreAction(actionEvent(who, { unitId: String(U.id), year: '2026', quarter: '4', indicator: String(indicator), kind: kindOf, score: String(score), note })));
		expect(await save(users.head, 5, 'self', 2, 'Tất cả thủ tục nhận và trả tại Bộ phận Một cửa')).toBe(200);
		expect(await save(users.head, 8, 'self', 1)).toBe(200);
		expect(await save(users.head, 8, 'self', 2)).toBe(200); // changed: the audit keeps the 1
		expect(await save(users.reform, 5, 'verified', 2)).toBe(200);
		expect(await save(users.reform, 8, 'verified', 1, 'Một phản ánh được kết luận đúng')).toBe(200);

		const rows = await unitScores([P.path], { year: 2026, quarter: 4 });
		expect(rows.map((r) => [r.unitId, r.indicator, r.self, r.verified])).toEqual([
			[U.id, 5, 2, 2],
			[U.id, 8, 2, 1]
		]);
		expect(rows[0]).toMatchObject({ selfBy: 'Người dùng lanhdao.u', verifiedBy: 'Người dùng caicach.t', selfNote: 'Tất cả thủ tục nhận và trả tại Bộ phận Một cửa' });
		expect(rows[0].selfAt).toBeInstanceOf(Date);
		expect(await unitScores([P.path], { year: 2026, quarter: 3 })).toEqual([]);

		const audit = await h.rows<{ action: string; actor_user_id: number | string; target_id: string; detail: Record<string, unknown>; ip: string }>(
			sql`select action, actor_user_id, target_id, detail, ip from audit_log where action like 'indices.tt01.%' order by id`
		);
		expect(audit.map((a) => [a.action, Number(a.actor_user_id), a.target_id, a.detail.indicator, a.detail.from, a.detail.to])).toEqual([
			['indices.tt01.self_score', users.head.id, String(U.id), 5, null, 2],
			['indices.tt01.self_score', users.head.id, String(U.id), 8, null, 1],
			['indices.tt01.self_score', users.head.id, String(U.id), 8, 1, 2],
			['indices.tt01.verify_score', users.reform.id, String(U.id), 5, null, 2],
			['indices.tt01.verify_score', users.reform.id, String(U.id), 8, null, 1]
		]);
		expect(audit[0].ip).toBe('203.0.113.7');

		// the one petition of the quarter, closed before its due time
		expect(await petitionEvidence([P.path], { year: 2026, quarter: 4 }, asOf)).toEqual([{ unitId: U.id, petitions: 1, onTime: 1 }]);
	});

	it('lets a unit head self-score their own subtree only, never verify; an inspector neither; bad input is a 400', async () => {
		const form = (unitId: number, kindOf: string, extra: Record<string, string> = {}) => ({ unitId: String(unitId), year: '2026', quarter: '4', indicator: '5', kind: kindOf, score: '1', ...extra });
		expect(await statusOf(unitScoreAction(actionEvent(users.head, form(U.id, 'verified'))))).toBe(403);
		expect(await statusOf(unitScoreAction(actionEvent(users.head, form(W.id, 'self'))))).toBe(404);
		expect(await statusOf(unitScoreAction(actionEvent(users.inspector, form(U.id, 'self'))))).toBe(403);
		expect(await statusOf(unitScoreAction(actionEvent(users.reform, form(999_999, 'self'))))).toBe(404);
		expect(await statusOf(unitScoreAction(actionEvent(users.reform, form(U.id, 'verified', { indicator: '7' }))))).toBe(400);
		expect(await statusOf(unitScoreAction(actionEvent(users.reform, form(U.id, 'verified', { score: '3' }))))).toBe(400);
		expect(await statusOf(unitScoreAction(actionEvent(users.reform, form(U.id, 'verified', { quarter: '5' }))))).toBe(400);
		// nothing changed by the refused requests
		const rows = await unitScores([U.path], { year: 2026, quarter: 4 });
		expect(rows.map((r) => [r.indicator, r.self, r.verified])).toEqual([
			[5, 2, 2],
			[8, 2, 1]
		]);
	});

	it('assembles the page and the export: the unit with its verified scores, and "no data" stays no data', async () => {
		const report = await indicesReport({
			scope: [P.path],
			units: [P, U, V, W],
			month: october,
			trendMonths: [october],
			asOf,
			rule: DEFAULT_RANK_RULE,
			sipasMapping: DEFAULT_SIPAS_MAPPING,
			settings766: DEFAULT_SETTINGS_766
		});
		expect(report.tt01Quarter).toEqual({ year: 2026, quarter: 4 });
		const u = report.units.find((x) => x.id === U.id)!;
		expect(u.grid.indicators.map((i) => i.mean)).toEqual([1.5, 2, 1.5, 1.5, 2, 1, 1, 1, 1]);
		// 9.5 + 2 + 1 = 12.5 of 18 → Tốt
		expect([u.grid.scored, u.grid.missing, u.grid.total, u.grid.max, u.grid.score18, u.grid.rank]).toEqual([9, 0, 12.5, 18, 12.5, 'good']);
		expect(u.unitLevel.scores.map((x) => [x.indicator, x.self, x.verified])).toEqual([
			[5, 2, 2],
			[8, 2, 1]
		]);
		expect(u.unitLevel.petitions).toEqual({ unitId: U.id, petitions: 1, onTime: 1 });

		// V: only 1 (a day early: 2) and 7 (as 1: 2) have data; 7 indicators missing: 4 of 4 is 18 on the
		// scale, and still no rank — two indicators are not a grid
		const v = report.units.find((x) => x.id === V.id)!;
		expect(v.grid.indicators.map((i) => i.mean)).toEqual([2, null, null, null, null, null, 2, null, null]);
		expect([v.grid.scored, v.grid.missing, v.grid.total, v.grid.max, v.grid.score18, v.grid.rank]).toEqual([2, 7, 4, 4, 18, null]);

		const o = (id: number) => report.officers.find((x) => x.id === id)!.grid;
		expect([o(ids.o1).total, o(ids.o1).max, o(ids.o1).score18, o(ids.o1).rank]).toEqual([8, 10, 14.4, 'good']);
		expect([o(ids.o2).total, o(ids.o2).max, o(ids.o2).score18, o(ids.o2).rank]).toEqual([3, 8, 6.75, 'average']);

		const ctx: IndicesExportContext = {
			locale: 'vi',
			month: '2026-10',
			place: 'Tỉnh Thử',
			rule: DEFAULT_RANK_RULE,
			units: new Map([U, V, W].map((x) => [x.id, { code: x.nameVi, parent: 'Tỉnh Thử' }]))
		};
		const grid = indicesTable('tt01', ctx, report);
		const vRow = grid.rows.find((r) => r.unit === 'Xã Chưa Rõ')!;
		for (const n of [2, 3, 4, 5, 6, 8, 9]) expect(vRow[`i${n}`], `indicator ${n}`).toBeNull();
		expect(vRow).toMatchObject({ i1: 2, i7: 2, scored: 2, missing: 7, score: 4, max: 4, rank: 'Chưa xếp loại' });
		const uRow = grid.rows.find((r) => r.unit === 'Phường Hai Hồ Sơ')!;
		expect(uRow).toMatchObject({ i5: 2, i8: 1, i9: 1, scored: 9, missing: 0, score: 12.5, score18: 12.5, rank: 'Tốt' });

		const side = indicesTable('tt01unit', ctx, report);
		expect(side.title).toBe('Thông tư 01/2018: chỉ số chấm theo đơn vị, quý 4/2026');
		expect(side.rows).toEqual([
			{ code: 'Phường Hai Hồ Sơ', unit: 'Phường Hai Hồ Sơ', parent: 'Tỉnh Thử', self5: 2, verified5: 2, self8: 2, verified8: 1, petitions: 1, petitionsOnTime: 1, suggested: 2 }
		]);
	});
});
