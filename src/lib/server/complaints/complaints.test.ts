import type { RequestEvent } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localTime, seedCalendar } from '../calendar';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { recordRating } from '../ratings';
import { saveContact } from '../kiosk/contact';
import {
	act,
	addNote,
	caseView,
	complaintCounts,
	complaintQueue,
	createComplaint,
	dissatisfiedRatingQueue,
	eraseCaseContact,
	eraseExpiredContacts,
	openLateDossierComplaints,
	promoteRating,
	recordCallBack,
	recordResurveyAnswer,
	resurveyToken,
	sweepRatings,
	upheldComplaintsForOfficer,
	verifyResurveyToken
} from '.';
import { requireCase } from './access';
import { seedComplaintCast } from './test-fixtures';
import { PHONES_USED } from './phones.fixture';

describe.each(testDatabaseKinds)('complaints on %s', (kind) => {
	let h: DatabaseHandle;
	let cast: Awaited<ReturnType<typeof seedComplaintCast>>;
	const logged: string[] = [];
	const spies: { mockRestore(): void }[] = [];
	// Monday 23/11/2026 09:00 in Vietnam
	const t0 = localTime('2026-11-23', 9);
	let key = 0;

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		await seedCalendar(h);
		cast = await seedComplaintCast(h.db);
		for (const m of ['log', 'info', 'warn', 'error'] as const)
			spies.push(vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))));
		expect(await sweepRatings()).toBe(0); // nothing queued yet
	});
	afterAll(async () => {
		spies.forEach((s) => s.mockRestore());
		await h?.close();
	});

	async function rate(level: number, extra: { reasonCodes?: s.ReasonCode[]; comment?: string; phone?: string } = {}) {
		const ev = await cast.centre.openService(cast.centre.counterIds[0], t0);
		const contactId = extra.phone ? await saveContact(extra.phone, 'v1-2026', t0) : null;
		const r = await recordRating({ source: 'tablet', idempotencyKey: `tab:c-${kind}-${++key}`, counterId: cast.centre.counterIds[0], serviceEventId: ev.id, pressedAt: new Date(t0.getTime() + 60_000), level, reasonCodes: extra.reasonCodes, comment: extra.comment, contactId }, { receivedAt: t0, publish: false });
		await cast.centre.closeService(ev.id, new Date(t0.getTime() + 120_000));
		return r.ratingId;
	}
	const complaintOf = async (ratingId: number) => (await h.db.select().from(s.complaints).where(eq(s.complaints.ratingId, ratingId)))[0];
	const A = () => ({ userId: cast.inspectorA });

	it.skipIf(kind !== 'postgres')('opens a case for a rating that committed after one with a higher id', async () => {
		await rate(1); // the officer's day row in the rollup exists
		const ev = await cast.centre.openService(cast.centre.counterIds[0], t0);
		const t1 = new Date(t0.getTime() + 86_400_000);
		const ev2 = await cast.centre.openService(cast.centre.counterIds[1], t1, null, 'returning');
		const other = await h.bulk!.reserve();
		try {
			// Hold the first rating's transaction after its INSERT took an id: its rollup trigger
			// waits for the officer's day row, locked here.
			await other`begin`;
			await other`select 1 from rollup_officer_day where officer_id = ${cast.centre.officerId} and stage = 'receiving' for update`;
			const held = recordRating(
				{ source: 'tablet', idempotencyKey: `tab:c-${kind}-held`, counterId: cast.centre.counterIds[0], serviceEventId: ev.id, pressedAt: new Date(t0.getTime() + 60_000), level: 5, reasonCodes: ['harassment'] },
				{ receivedAt: t0, publish: false }
			);
			// its INSERT has taken an id once it waits for the lock
			await vi.waitFor(
				async () => {
					const [w] = await other`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
					expect(w.n).toBeGreaterThan(0);
				},
				{ timeout: 10_000, interval: 20 }
			);
			// a later rating on another day and stage commits first, with a higher id
			const later = await recordRating(
				{ source: 'tablet', idempotencyKey: `tab:c-${kind}-later`, counterId: cast.centre.counterIds[1], serviceEventId: ev2.id, pressedAt: new Date(t1.getTime() + 60_000), level: 1 },
				{ receivedAt: t1, publish: false }
			);
			// a sweep now does not see the held rating: it is not committed, so neither is its queue row
			expect(await sweepRatings()).toBe(0);
			await other`commit`;
			const first = await held;
			expect(first.ratingId).toBeLessThan(later.ratingId);
			// the queue row committed with the rating: the next sweep takes it, whatever ids passed meanwhile
			expect(await sweepRatings()).toBe(1);
			expect(await complaintOf(first.ratingId)).toMatchObject({ channel: 'rating', reasonCodes: ['harassment'] });
			await cast.centre.closeService(ev.id, new Date(t0.getTime() + 120_000));
			await cast.centre.closeService(ev2.id, new Date(t1.getTime() + 120_000));
		} finally {
			await other`rollback`.catch(() => {});
			other.release();
		}
	});

	it('opens a case by itself for "asking for money", with a 15-working-day deadline, and queues a plain dissatisfied rating', async () => {
		const serious = await rate(5, { reasonCodes: ['harassment'] });
		const plain = await rate(4, { reasonCodes: ['waiting_time'] });
		const happy = await rate(1, { comment: 'Rất tốt' });
		const commented = await rate(4, { comment: 'Cán bộ hướng dẫn nhiều lần mới xong' });
		expect(await sweepRatings()).toBe(2);
		const c = await complaintOf(serious);
		expect(c).toMatchObject({ channel: 'rating', status: 'new', unitId: cast.unitA, officerId: cast.centre.officerId, reasonCodes: ['harassment'] });
		expect(c.code).toMatch(/^PA-2026-\d{6}$/);
		// Mon 23/11/2026 + 15 working days: 24–27/11 (1–4), 30/11–4/12 (5–9), 7–11/12 (10–14), Mon 14/12 (15)
		expect(c.dueAt).toEqual(localTime('2026-12-14', 17));
		expect((await complaintOf(commented)).description).toBe('Cán bộ hướng dẫn nhiều lần mới xong');
		expect(await complaintOf(plain)).toBeUndefined();
		expect(await complaintOf(happy)).toBeUndefined();
		expect(await sweepRatings()).toBe(0); // once only

		const queue = await dissatisfiedRatingQueue([`/${cast.unitA}/`], {}, t0);
		expect(queue.map((r) => r.id)).toEqual([plain]);
		expect(await dissatisfiedRatingQueue([`/${cast.unitB}/`], {}, t0)).toEqual([]);
		const promoted = await promoteRating(plain, A());
		expect(promoted?.code).toMatch(/^PA-/);
		expect(await promoteRating(plain, A())).toBeNull();
		expect(await dissatisfiedRatingQueue([`/${cast.unitA}/`], {}, t0)).toEqual([]);
	});

	it('carries a kiosk rating’s consented contact onto the case it opens', async () => {
		const ratingId = await rate(5, { reasonCodes: ['harassment'], phone: PHONES_USED[0] });
		const [r] = await h.rows<{ contact_id: number | null }>(sql`select contact_id from ratings where id = ${ratingId}`);
		// the rating stores the contact it was given (a null here is the defect, not a reason to skip)
		expect(r.contact_id).toEqual(expect.any(Number));
		await sweepRatings();
		const c = await complaintOf(ratingId);
		expect(c.contactId).toBe(r.contact_id);
	});

	it('works a case to resolution: assignment, investigation, a call back before closing, reopening', async () => {
		const { id } = await createComplaint(
			{ unitId: cast.unitA, officerId: cast.centre.officerId, channel: 'in_person', reasonCodes: ['harassment', 'extra_papers'], description: 'Cán bộ đòi thêm giấy tờ và tiền', contact: { phone: PHONES_USED[1] }, receivedAt: t0 },
			{ userId: cast.headA }
		);
		// an inspector of another unit cannot be assigned
		expect(await act(id, { userId: cast.admin }, { kind: 'assign', assigneeId: cast.inspectorB }, t0)).toEqual({ ok: false, reason: 'bad_assignee' });
		expect(await act(id, A(), { kind: 'start' }, t0)).toEqual({ ok: false, reason: 'not_allowed' });
		expect(await act(id, A(), { kind: 'assign', assigneeId: cast.inspectorA }, t0)).toEqual({ ok: true, status: 'assigned' });
		expect(await act(id, A(), { kind: 'start', note: 'Làm việc với cán bộ' }, t0)).toEqual({ ok: true, status: 'investigating' });
		expect(await act(id, A(), { kind: 'resolve', outcome: 'upheld', note: 'Có vi phạm' }, t0)).toEqual({ ok: false, reason: 'call_back_required' });
		await recordCallBack(id, A(), { calledAt: t0, outcome: 'no_answer', note: '' }, t0);
		expect(await act(id, A(), { kind: 'resolve', outcome: 'upheld', note: 'Có vi phạm' }, t0)).toEqual({ ok: false, reason: 'call_back_required' });
		await recordCallBack(id, A(), { calledAt: t0, outcome: 'reached_resolved', note: 'Công dân xác nhận' }, t0);
		await addNote(id, A(), 'Biên bản làm việc số 12/BB-TTr', t0);
		const closedAt = localTime('2026-11-25', 10);
		expect(await act(id, A(), { kind: 'resolve', outcome: 'upheld', note: 'Có vi phạm, đã kiểm điểm' }, closedAt)).toEqual({ ok: true, status: 'resolved' });
		const [row] = await h.db.select().from(s.complaints).where(eq(s.complaints.id, id));
		expect(row).toMatchObject({ status: 'resolved', outcome: 'upheld', assigneeId: cast.inspectorA, closedAt });

		const view = await caseView(id, { userId: cast.inspectorA, isAdmin: false }, t0);
		expect(view!.events.map((e) => e.kind)).toEqual(['created', 'assigned', 'status_changed', 'call_back', 'call_back', 'note', 'status_changed']);
		expect(view!.events.at(-1)).toMatchObject({ actorName: 'thanhtra.a', fromStatus: 'investigating', toStatus: 'resolved', note: 'Có vi phạm, đã kiểm điểm' });

		// the history cannot be rewritten
		await expect(h.rows(sql`update complaint_events set note = 'sửa' where complaint_id = ${id}`)).rejects.toThrow();
		await expect(h.rows(sql`delete from complaint_events where complaint_id = ${id}`)).rejects.toThrow();

		// indicator 7 and the officer's page
		const upheld = await upheldComplaintsForOfficer(cast.centre.officerId, { from: localTime('2026-11-01', 0), to: localTime('2026-12-01', 0) });
		expect(upheld).toMatchObject({ upheld: 1, partlyUpheld: 0 });
		expect(upheld.cases[0].id).toBe(id);
		expect((await upheldComplaintsForOfficer(cast.centre.officerId, { from: localTime('2026-12-01', 0), to: localTime('2027-01-01', 0) })).upheld).toBe(0);

		// reopening needs a fresh call back before closing again
		expect(await act(id, A(), { kind: 'reopen', note: 'Công dân báo chưa được giải quyết' }, closedAt)).toEqual({ ok: true, status: 'investigating' });
		expect(await act(id, A(), { kind: 'reject', reason: 'Trùng phản ánh' }, closedAt)).toEqual({ ok: false, reason: 'call_back_required' });
		expect((await h.db.select().from(s.complaints).where(eq(s.complaints.id, id)))[0]).toMatchObject({ status: 'investigating', outcome: null, closedAt: null });
	});

	it('refuses a step taken on a stale page, and of two steps taken at once from one page state lets exactly one through', async () => {
		const { id } = await createComplaint({ unitId: cast.unitA, channel: 'web', description: 'Hai người cùng xử lý', receivedAt: t0 }, A());
		expect(await act(id, A(), { kind: 'assign', assigneeId: cast.inspectorA }, t0, 'investigating')).toEqual({ ok: false, reason: 'stale' });
		expect(await act(id, A(), { kind: 'assign', assigneeId: cast.inspectorA }, t0, 'new')).toEqual({ ok: true, status: 'assigned' });
		// both pages show 'assigned'; start then reject would each be allowed one after the other
		const both = await Promise.all([
			act(id, A(), { kind: 'start' }, t0, 'assigned'),
			act(id, { userId: cast.inspectorA }, { kind: 'reject', reason: 'Trùng phản ánh' }, t0, 'assigned')
		]);
		expect(both.filter((r) => r.ok)).toHaveLength(1);
		expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'stale' }]);
		const events = await h.rows<{ kind: string }>(sql`select kind from complaint_events where complaint_id = ${id} order by id`);
		expect(events.map((e) => e.kind)).toEqual(['created', 'assigned', 'status_changed']);
	});

	it('shows the contact whole only to the assigned inspector and administrators, and erases it on request', async () => {
		const { id } = await createComplaint({ unitId: cast.unitA, channel: 'web', description: 'Phản ánh trên cổng', contact: { phone: PHONES_USED[2], consentVersion: 'v1-2026' }, receivedAt: t0 });
		await act(id, A(), { kind: 'assign', assigneeId: cast.inspectorA }, t0);
		expect((await caseView(id, { userId: cast.inspectorA, isAdmin: false }))!.contact).toMatchObject({ phone: PHONES_USED[2], masked: false, consentTextVersion: 'v1-2026' });
		expect((await caseView(id, { userId: cast.admin, isAdmin: true }))!.contact).toMatchObject({ phone: PHONES_USED[2], masked: false });
		const other = (await caseView(id, { userId: cast.inspectorA2, isAdmin: false }))!.contact!;
		expect(other).toMatchObject({ phone: '09xx xxx 003', masked: true });
		const head = JSON.stringify(await caseView(id, { userId: cast.headA, isAdmin: false }));
		expect(head).not.toContain(PHONES_USED[2]);

		const erasedAt = localTime('2026-11-24', 8);
		expect(await eraseCaseContact(id, A(), erasedAt)).toBe(true);
		expect(await eraseCaseContact(id, A(), erasedAt)).toBe(false);
		const after = (await caseView(id, { userId: cast.inspectorA, isAdmin: false }))!;
		expect(after.contact).toMatchObject({ phone: null, erasedAt: erasedAt.toISOString() });
		expect(after.events.at(-1)).toMatchObject({ kind: 'contact_erased', actorName: 'thanhtra.a' });
		// nobody left to call: the case can close without a call back
		await act(id, A(), { kind: 'start' }, t0);
		expect(await act(id, A(), { kind: 'resolve', outcome: 'not_upheld', note: 'Không có căn cứ' }, t0)).toEqual({ ok: true, status: 'resolved' });
	});

	it('erases contacts automatically 12 months after the case closes', async () => {
		const closedLongAgo = await createComplaint({ unitId: cast.unitA, channel: 'hotline', description: 'Gọi đường dây nóng', contact: { phone: PHONES_USED[3] }, receivedAt: localTime('2025-09-01', 9) }, A());
		const recent = await createComplaint({ unitId: cast.unitA, channel: 'in_person', description: 'Đến trực tiếp', contact: { phone: PHONES_USED[4] }, receivedAt: localTime('2025-09-01', 9) }, A());
		const ratingOnly = await saveContact(PHONES_USED[5], 'v1-2026', localTime('2025-09-01', 9));
		await h.rows(sql`update complaints set status = 'rejected', closed_at = ${localTime('2025-10-01', 9).toISOString()}::timestamptz where id = ${closedLongAgo.id}`);
		await h.rows(sql`update complaints set status = 'rejected', closed_at = ${localTime('2026-11-01', 9).toISOString()}::timestamptz where id = ${recent.id}`);
		const erased = await eraseExpiredContacts(t0);
		expect(erased).toBeGreaterThanOrEqual(2);
		const phoneOf = async (complaintId: number) => (await h.rows<{ phone: string | null; erasure_reason: string | null }>(sql`select c.phone, c.erasure_reason from complaints k join citizen_contacts c on c.id = k.contact_id where k.id = ${complaintId}`))[0];
		expect(await phoneOf(closedLongAgo.id)).toEqual({ phone: null, erasure_reason: 'retention' });
		expect((await phoneOf(recent.id)).phone).toBe(PHONES_USED[4]);
		expect((await h.rows<{ phone: string | null }>(sql`select phone from citizen_contacts where id = ${ratingOnly}`))[0].phone).toBeNull();
		const events = await h.db.select().from(s.complaintEvents).where(eq(s.complaintEvents.complaintId, closedLongAgo.id));
		expect(events.map((e) => e.kind)).toContain('contact_erased');
	});

	it('opens a case against the unit for a late dossier without an apology letter, once', async () => {
		const late = await cast.centre.dossier();
		const apologised = await cast.centre.dossier();
		const due = localTime('2026-11-20', 17);
		await h.rows(sql`update dossiers set received_at = ${localTime('2026-11-10', 9).toISOString()}::timestamptz, due_at = ${due.toISOString()}::timestamptz where id in (${late}, ${apologised})`);
		await h.db.insert(s.dossierLateNotices).values({ dossierId: apologised, kind: 'apology', documentNumber: '15/TXL', issuedAt: localTime('2026-11-19', 9), newDueAt: localTime('2026-11-27', 17) });
		expect(await openLateDossierComplaints(t0)).toBe(1);
		expect(await openLateDossierComplaints(t0)).toBe(0);
		const [c] = await h.db.select().from(s.complaints).where(eq(s.complaints.dossierId, late));
		expect(c).toMatchObject({ channel: 'late_dossier', unitId: cast.unitA, officerId: null, status: 'new' });
	});

	it('keeps each inspector to their own unit: queues, counts and assignees', async () => {
		const inB = await createComplaint({ unitId: cast.unitB, channel: 'web', description: 'Phường Bình chậm trả kết quả', receivedAt: t0 });
		const scopeA = [`/${cast.unitA}/`];
		const scopeB = [`/${cast.unitB}/`];
		const openA = await complaintQueue(cast.inspectorA, scopeA, 'open', {}, t0);
		expect(openA.length).toBeGreaterThan(0);
		expect(openA.map((r) => r.id)).not.toContain(inB.id);
		expect((await complaintQueue(cast.inspectorB, scopeB, 'open', {}, t0)).map((r) => r.id)).toEqual([inB.id]);
		expect((await complaintQueue(cast.admin, null, 'open', {}, t0)).map((r) => r.id)).toContain(inB.id);
		expect((await complaintCounts(cast.inspectorB, scopeB, t0)).open).toBe(1);
		expect(await act(inB.id, A(), { kind: 'assign', assigneeId: cast.inspectorA }, t0)).toEqual({ ok: false, reason: 'bad_assignee' });
		// tabs: overdue and near move with the clock, on working days
		expect(await complaintQueue(cast.inspectorB, scopeB, 'near', {}, localTime('2026-12-08', 9))).toEqual([]);
		const later = localTime('2026-12-09', 9); // Wed: 10, 11 and 14/12 left for a case due Mon 14/12
		const near = await complaintQueue(cast.inspectorB, scopeB, 'near', {}, later);
		expect(near.map((r) => r.id)).toEqual([inB.id]);
		expect(near[0].flag).toBe('near');
		const overdue = await complaintQueue(cast.inspectorB, scopeB, 'overdue', {}, localTime('2026-12-14', 17, 1));
		expect(overdue.map((r) => [r.id, r.flag])).toEqual([[inB.id, 'overdue']]);
		expect((await complaintQueue(cast.inspectorB, scopeB, 'unassigned', { channel: 'web' }, t0)).map((r) => r.id)).toEqual([inB.id]);
		expect(await complaintQueue(cast.inspectorB, scopeB, 'unassigned', { channel: 'hotline' }, t0)).toEqual([]);
	});

	it('orders the open queue by priority: a bribery complaint and overdue cases first, internal cases last; "due" keeps the deadline order', async () => {
		const unit = await h.rows<{ id: number }>(sql`insert into units (code, name_vi, level, path) values ('PRIO', 'Phường Ưu Tiên', 'commune', '/0/') returning id`);
		const unitId = Number(unit[0].id);
		await h.rows(sql`update units set path = ${`/${unitId}/`} where id = ${unitId}`);
		const scope = [`/${unitId}/`];
		const early = localTime('2026-10-01', 9); // long overdue by 23/11
		const made = async (description: string, receivedAt: Date, extra: { kind?: s.ComplaintKind; reasonCodes?: s.ReasonCode[] } = {}) =>
			(await createComplaint({ unitId, channel: 'web', description, receivedAt, ...extra })).id;
		const automatic = await made('Hồ sơ trễ hạn chưa có phiếu xin lỗi', early, { kind: 'internal' });
		const overdue = await made('Chờ quá lâu, chưa được trả lời', early, { reasonCodes: ['waiting_time'] });
		const plain = await made('Hướng dẫn chưa rõ', t0, { reasonCodes: ['unclear_guidance'] });
		const bribe = await made('Cán bộ gợi ý đưa tiền để làm nhanh', t0, { reasonCodes: ['harassment'] });
		const queue = await complaintQueue(cast.admin, scope, 'open', {}, t0);
		expect(queue.map((r) => r.id)).toEqual([bribe, overdue, plain, automatic]);
		expect(queue.map((r) => r.priority)).toEqual(['serious', 'overdue', 'normal', 'overdue']);
		expect((await complaintQueue(cast.admin, scope, 'open', {}, t0, 2)).map((r) => r.id)).toEqual([bribe, overdue]);
		const byDue = await complaintQueue(cast.admin, scope, 'open', {}, t0, 200, 'due');
		expect(byDue.map((r) => r.id).slice(0, 2).sort()).toEqual([automatic, overdue].sort());
		expect(byDue.map((r) => r.id).slice(2).sort()).toEqual([plain, bribe].sort());
		expect((await complaintQueue(cast.admin, scope, 'open', { reason: 'harassment' }, t0)).map((r) => r.id)).toEqual([bribe]);
	});

	it('the route guard answers 404 for another unit’s case, to view and to act; a unit head may view but not act', async () => {
		const inB = await createComplaint({ unitId: cast.unitB, channel: 'hotline', description: 'Gọi đường dây nóng về Phường Bình', receivedAt: t0 });
		const as = (id: number, role: s.Role, unitId: number | null) =>
			({
				locals: { user: { id, username: 'x', displayName: 'x', locale: 'vi', officerId: null, roles: [{ role, unitId, unitPath: unitId ? `/${unitId}/` : null }] } },
				url: new URL(`http://localhost/app/complaints/${inB.id}`)
			}) as unknown as RequestEvent;
		for (const mode of ['view', 'act'] as const) {
			await expect(requireCase(as(cast.inspectorA, 'inspector', cast.unitA), inB.id, mode)).rejects.toMatchObject({ status: 404 });
			await expect(requireCase(as(cast.inspectorB, 'inspector', cast.unitB), inB.id, mode)).resolves.toMatchObject({ complaint: { id: inB.id } });
			await expect(requireCase(as(cast.admin, 'admin', null), inB.id, mode)).resolves.toMatchObject({ complaint: { id: inB.id } });
			await expect(requireCase(as(cast.inspectorB, 'inspector', cast.unitB), 999_999, mode)).rejects.toMatchObject({ status: 404 });
		}
		await expect(requireCase(as(cast.headA, 'unit_head', cast.unitA), inB.id, 'view')).rejects.toMatchObject({ status: 404 });
		await expect(requireCase(as(cast.headA, 'unit_head', cast.unitB), inB.id, 'view')).resolves.toMatchObject({ complaint: { id: inB.id } });
		await expect(requireCase(as(cast.headA, 'unit_head', cast.unitB), inB.id, 'act')).rejects.toMatchObject({ status: 403 });
	});

	it('takes the citizen’s answer to the re-survey link', async () => {
		const c = await createComplaint({ unitId: cast.unitA, channel: 'qr', description: 'Phản ánh qua mã QR', receivedAt: t0 });
		const token = await resurveyToken(c.id);
		expect(await verifyResurveyToken(token)).toBe(c.id);
		expect(await verifyResurveyToken(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
		expect(await verifyResurveyToken(`c${(c.id + 1).toString(36)}.${token.split('.')[1]}`)).toBeNull();
		await recordResurveyAnswer(c.id, 'not_resolved', 'Vẫn chưa nhận được kết quả');
		const view = await caseView(c.id, { userId: cast.admin, isAdmin: true });
		expect(view!.events.at(-1)).toMatchObject({ kind: 'note', data: { resurvey: 'not_resolved' }, actorName: null });
	});

	it('never writes a phone number to the audit log or the log output', async () => {
		const audit = JSON.stringify(await h.rows(sql`select * from audit_log`));
		expect(audit.length).toBeGreaterThan(100);
		const events = JSON.stringify(await h.rows(sql`select * from complaint_events`));
		for (const phone of PHONES_USED) {
			expect(audit).not.toContain(phone);
			expect(audit).not.toContain(phone.slice(1));
			expect(events).not.toContain(phone);
			expect(logged.join('\n')).not.toContain(phone);
		}
	});
});
