import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '$lib/server/auth/session';
import { useDatabase } from '$lib/server/db';
import type { DatabaseHandle } from '$lib/server/db/client';
import * as s from '$lib/server/db/schema';
import { openTestDatabase, testDatabaseKinds } from '$lib/server/db/testing';
import { handleDossierPush } from '$lib/server/dossiers/api';
import { seedDossierFixture, type DossierFixture } from '$lib/server/dossiers/test-fixture';
import { upsertDossiers } from '$lib/server/dossiers/upsert';
import { actions, load } from './+page.server';

/**
 * Recording the Phiếu xin lỗi và hẹn lại ngày trả kết quả (and the văn bản giải trình) on the
 * late list and through the dossier API. The dossier: received Monday 2/3/2026, 3 working days,
 * due Thursday 5/3/2026 17:00, completed Friday 13/3 (late). The slip must be sent by the working
 * day before the due day: Wednesday 4/3/2026 (apology.ts).
 */

type Failure = { status: number; data: { errors: Record<string, string>; values: Record<string, string> } };

describe.each(testDatabaseKinds)('apology slips and explanations (%s)', (kind) => {
	let h: DatabaseHandle;
	let f: DossierFixture;
	let headNT: SessionUser, headCR: SessionUser, reform: SessionUser;
	let dossierId: number;

	const form = (fields: Record<string, string | number>) => {
		const body = new FormData();
		for (const [k, v] of Object.entries(fields)) body.set(k, String(v));
		return body;
	};
	const event = (who: SessionUser, path: string, body?: FormData) =>
		({
			url: new URL(`http://localhost${path}`),
			request: new Request(`http://localhost${path}`, body ? { method: 'POST', body } : {}),
			params: {},
			route: { id: '/(app)/app/late' },
			locals: { user: who, locale: 'vi' },
			getClientAddress: () => '203.0.113.7'
		}) as never;
	/** The action's answer, or the status it threw (error(404)…). */
	const record = async (who: SessionUser, fields: Record<string, string | number>) => {
		try {
			return (await actions.recordNotice(event(who, '/app/late?/recordNotice', form({ dossierId, ...fields })))) as unknown;
		} catch (e) {
			const status = (e as { status?: number }).status;
			if (typeof status !== 'number') throw e;
			return { thrown: status };
		}
	};
	const stored = () =>
		h.rows<{ kind: string; document_number: string | null; issued: string; new_due: string | null; created_by: number | null }>(sql`
			select kind, document_number, to_char(issued_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI') as issued,
				to_char(new_due_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD HH24:MI') as new_due, created_by
			from dossier_late_notices order by issued_at, id`);
	const audited = () => h.rows(sql`select 1 from audit_log where target_type = 'dossier' and target_id = ${String(dossierId)}`);
	const shownSlips = async (who: SessionUser = headNT) => {
		const data = (await load(event(who, `/app/late?month=2026-03&unit=${f.nhaTrang.id}`))) as {
			rows: { id: number; canRecord: boolean; slips: { reappointment: number; deadlineDay: string; flags: string[] }[] }[];
		};
		return data.rows.find((r) => r.id === dossierId)!;
	};

	const user = async (username: string, role: s.Role, unit: { id: number; path: string }): Promise<SessionUser> => {
		const [u] = await h.db.insert(s.users).values({ username, displayName: username, passwordHash: 'x' }).returning();
		return { id: u.id, username, displayName: username, locale: 'vi', officerId: null, roles: [{ role, unitId: unit.id, unitPath: unit.path }] };
	};

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		f = await seedDossierFixture(h);
		headNT = await user('lanhdao-nt', 'unit_head', f.nhaTrang);
		headCR = await user('lanhdao-cr', 'unit_head', f.camRanh);
		reform = await user('caicach', 'reform', { id: f.provinceId, path: `/${f.provinceId}/` });
	});
	beforeEach(async () => {
		await h.rows(sql`delete from dossier_late_notices`);
		await h.rows(sql`delete from dossiers`);
		const report = await upsertDossiers(
			[
				{
					code: 'KS-LATE-1',
					unitCode: 'KH-PNT',
					procedureCode: '1.001193',
					channel: 'counter',
					receivedAt: '2026-03-02T08:15:00+07:00',
					completedAt: '2026-03-13T10:00:00+07:00'
				}
			],
			null
		);
		dossierId = report.results[0].id;
	});
	afterAll(async () => h?.close());

	it('records a slip sent by the working day before the due day as in time, and audits it', async () => {
		// due Thu 5/3: the slip of Wed 4/3 16:00 is in time
		expect(await record(headNT, { kind: 'apology', documentNumber: '12/PXL', issuedAt: '2026-03-04T16:00', newDueAt: '2026-03-12T17:00' })).toEqual({ dossierId, saved: true });
		expect(await stored()).toEqual([{ kind: 'apology', document_number: '12/PXL', issued: '2026-03-04 16:00', new_due: '2026-03-12 17:00', created_by: headNT.id }]);
		const row = await shownSlips();
		expect(row.canRecord).toBe(true);
		expect(row.slips).toEqual([expect.objectContaining({ reappointment: 1, deadlineDay: '2026-03-04', flags: [] })]);
		const [entry] = await h.rows<{ action: string; actor_user_id: number; target_id: string; detail: Record<string, unknown> }>(
			sql`select action, actor_user_id, target_id, detail from audit_log where target_type = 'dossier' and target_id = ${String(dossierId)}`
		);
		expect(entry).toMatchObject({ action: 'dossier.late_notice.created', actor_user_id: headNT.id, target_id: String(dossierId), detail: { code: 'KS-LATE-1', kind: 'apology', documentNumber: '12/PXL' } });
		// the same slip again: the same row, nothing audited
		expect(await record(headNT, { kind: 'apology', documentNumber: '12/PXL', issuedAt: '2026-03-04T16:00', newDueAt: '2026-03-12T17:00' })).toEqual({ dossierId, saved: true });
		expect(await stored()).toHaveLength(1);
		expect(await audited()).toHaveLength(1);
	});

	it('flags a slip sent on the due day as late', async () => {
		await record(headNT, { kind: 'apology', issuedAt: '2026-03-05T09:00', newDueAt: '2026-03-12T17:00' });
		expect((await shownSlips()).slips).toEqual([expect.objectContaining({ reappointment: 1, deadlineDay: '2026-03-04', flags: ['late'] })]);
	});

	it('flags a second re-appointment, timed against the first new appointment', async () => {
		await record(headNT, { kind: 'apology', issuedAt: '2026-03-04T10:00', newDueAt: '2026-03-12T17:00' });
		// the second slip moves Thu 12/3: due by Wed 11/3, sent Tue 10/3 (in time), but a second re-appointment
		await record(headNT, { kind: 'apology', issuedAt: '2026-03-10T10:00', newDueAt: '2026-03-19T17:00' });
		const slips = (await shownSlips()).slips;
		expect(slips.map((x) => [x.reappointment, x.deadlineDay, x.flags])).toEqual([
			[1, '2026-03-04', []],
			[2, '2026-03-11', ['repeat']]
		]);
	});

	it('records a written explanation without a new date', async () => {
		expect(await record(headNT, { kind: 'explanation', documentNumber: '7/GT', issuedAt: '2026-03-13T08:00' })).toEqual({ dossierId, saved: true });
		expect(await stored()).toEqual([expect.objectContaining({ kind: 'explanation', document_number: '7/GT', new_due: null })]);
	});

	it('answers 404 to the head of another unit, 403 to the reform office, and stores nothing', async () => {
		expect(await record(headCR, { kind: 'apology', issuedAt: '2026-03-04T10:00', newDueAt: '2026-03-12T17:00' })).toEqual({ thrown: 404 });
		expect(await record(reform, { kind: 'apology', issuedAt: '2026-03-04T10:00', newDueAt: '2026-03-12T17:00' })).toEqual({ thrown: 403 });
		// the reform office sees the list but no form
		expect((await shownSlips(reform)).canRecord).toBe(false);
		dossierId = 999_999;
		expect(await record(headNT, { kind: 'apology', issuedAt: '2026-03-04T10:00', newDueAt: '2026-03-12T17:00' })).toEqual({ thrown: 404 });
		expect(await stored()).toEqual([]);
	});

	it('refuses bad input with a Vietnamese message per field and stores nothing', async () => {
		const bad = async (fields: Record<string, string>) => (await record(headNT, fields)) as Failure;
		const noNewDate = await bad({ kind: 'apology', issuedAt: '2026-03-04T10:00', newDueAt: '' });
		expect(noNewDate.status).toBe(400);
		expect(noNewDate.data.errors).toEqual({ newDueAt: 'Phiếu xin lỗi phải ghi ngày hẹn trả mới.' });
		expect((await bad({ kind: 'apology', issuedAt: '2026-03-04T10:00', newDueAt: '2026-03-04T09:00' })).data.errors).toEqual({
			newDueAt: 'Ngày hẹn trả mới phải sau ngày gửi phiếu.'
		});
		const outOfRange = await bad({ kind: 'letter', issuedAt: '1999-12-31T10:00', newDueAt: '2026-02-30T10:00', documentNumber: 'x'.repeat(65) });
		expect(outOfRange.status).toBe(400);
		expect(outOfRange.data.errors).toEqual({
			kind: 'Chọn loại: phiếu xin lỗi hoặc văn bản giải trình.',
			documentNumber: 'Số văn bản tối đa 64 ký tự.',
			issuedAt: 'Nhập ngày giờ ký, gửi hợp lệ, trong khoảng 01/01/2000 – 31/12/2100.',
			newDueAt: 'Nhập ngày giờ hẹn trả mới hợp lệ, trong khoảng 01/01/2000 – 31/12/2100.'
		});
		expect(outOfRange.data.values.kind).toBe('letter');
		expect(((await bad({ dossierId: '', kind: 'apology', issuedAt: '2026-03-04T10:00', newDueAt: '2026-03-12T17:00' })) as unknown as { status: number }).status).toBe(400);
		expect((await bad({ kind: 'explanation', issuedAt: '2026-03-13T08:00', newDueAt: '2026-03-20T08:00' })).data.errors).toEqual({
			newDueAt: 'Văn bản giải trình không ghi ngày hẹn trả mới.'
		});
		expect(await stored()).toEqual([]);
		expect(await audited()).toEqual([]);
	});

	describe('through the dossier API', () => {
		const item = (lateNotices: unknown[]) => ({
			code: 'KS-LATE-1',
			unitCode: 'KH-PNT',
			procedureCode: '1.001193',
			channel: 'counter',
			receivedAt: '2026-03-02T08:15:00+07:00',
			completedAt: '2026-03-13T10:00:00+07:00',
			lateNotices
		});
		const slip = { kind: 'apology', documentNumber: '12/PXL', issuedAt: '2026-03-04T16:00:00+07:00', newDueAt: '2026-03-12T17:00:00+07:00' };

		it('adds notices once: a re-send is unchanged, a corrected number updates the same row, an absent list removes nothing', async () => {
			const first = await upsertDossiers([item([slip, { kind: 'explanation', issuedAt: '2026-03-13T08:00:00+07:00' }])], [f.nhaTrang.path]);
			// the dossier itself is unchanged (created in beforeEach), its notices are new
			expect(first.results.map((r) => r.result)).toEqual(['updated']);
			const again = await upsertDossiers([item([slip, { kind: 'explanation', issuedAt: '2026-03-13T01:00:00Z' }])], [f.nhaTrang.path]);
			expect(again.results.map((r) => r.result)).toEqual(['unchanged']);
			expect(await stored()).toHaveLength(2);
			const corrected = await upsertDossiers([item([{ ...slip, documentNumber: '12a/PXL' }])], [f.nhaTrang.path]);
			expect(corrected.results.map((r) => r.result)).toEqual(['updated']);
			expect((await stored()).map((n) => [n.kind, n.document_number, n.issued, n.created_by])).toEqual([
				['apology', '12a/PXL', '2026-03-04 16:00', null],
				['explanation', null, '2026-03-13 08:00', null]
			]);
			const { lateNotices: _omitted, ...withoutNotices } = item([]);
			await upsertDossiers([withoutNotices], [f.nhaTrang.path]);
			expect(await stored()).toHaveLength(2);
			expect((await shownSlips()).slips).toEqual([expect.objectContaining({ flags: [] })]);
		});

		it('names each bad field like items[0].lateNotices[1].newDueAt and writes nothing', async () => {
			const body = {
				items: [
					item([slip, { kind: 'apology', issuedAt: '2026-03-05T09:00:00+07:00' }]),
					item([{ kind: 'memo', issuedAt: '2026-03-13', extra: 1 }])
				]
			};
			const ev = {
				url: new URL('http://localhost/api/v1/dossiers'),
				request: new Request('http://localhost/api/v1/dossiers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
				params: {},
				locals: { user: null, locale: 'vi' },
				getClientAddress: () => '203.0.113.7'
			} as never;
			const res = await handleDossierPush(ev, [f.nhaTrang.path]);
			expect(res.status).toBe(400);
			const answer = (await res.json()) as { fields: Record<string, string> };
			expect(Object.keys(answer.fields).sort()).toEqual(
				['items[0].lateNotices[1].newDueAt', 'items[1].lateNotices[0].extra', 'items[1].lateNotices[0].issuedAt', 'items[1].lateNotices[0].kind'].sort()
			);
			expect(answer.fields['items[0].lateNotices[1].newDueAt']).toBe('Phiếu xin lỗi phải ghi ngày hẹn trả mới. / An apology slip must give the new appointment date.');
			expect(await stored()).toEqual([]);
		});

		it('refuses a new date before the slip and an explanation with a new date', async () => {
			const report = await upsertDossiers(
				[item([{ ...slip, newDueAt: '2026-03-04T15:00:00+07:00' }, { kind: 'explanation', issuedAt: '2026-03-13T08:00:00+07:00', newDueAt: '2026-03-20T08:00:00+07:00' }])],
				[f.nhaTrang.path]
			);
			expect(report.written).toBe(false);
			expect(report.problems.map((p) => [p.field, p.key])).toEqual([
				['lateNotices[0].newDueAt', 'lateNotices.error.newDueAfterIssued'],
				['lateNotices[1].newDueAt', 'lateNotices.error.explanationNoNewDue']
			]);
			expect(await stored()).toEqual([]);
		});
	});
});
