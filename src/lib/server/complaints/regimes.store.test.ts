import type { RequestEvent } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translate } from '$lib/i18n';
import { localTime, seedCalendar } from '../calendar';
import type { DatabaseHandle } from '../db/client';
import { useDatabase } from '../db';
import * as s from '../db/schema';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { periodFromDays } from '../dashboards/period';
import { subtreeOfficers } from '../dashboards/queries';
import { acceptComplaint, caseView, citizenCaseFilter, complaintQueue, createComplaint, openLateDossierComplaints, reclassify } from '.';
import { ASSUMED_2026 } from './calendar-2026.fixture';
import { seedComplaintCast } from './test-fixtures';
import { actions as caseActions } from '../../../routes/(app)/app/complaints/[id]/+page.server';
import { load as publicLoad } from '../../../routes/(public)/phan-anh/+page.server';

/**
 * Complaint regimes on the database: the stored deadline follows the regime through
 * re-classification and acceptance (the 2026 calendar the fixtures state is inserted here, not
 * taken from the calendar data), internal cases stay out of citizens' figures, the public page
 * states the clocks in force, and only inspectors and administrators re-classify.
 */
describe.each(testDatabaseKinds)('complaint regimes on %s', (kind) => {
	let h: DatabaseHandle;
	let cast: Awaited<ReturnType<typeof seedComplaintCast>>;
	const at = (day: string, hour = 17) => localTime(day, hour);
	const inspector = () => ({ userId: cast.inspectorA });

	beforeAll(async () => {
		h = await openTestDatabase(kind);
		useDatabase(h);
		await seedCalendar(h, ASSUMED_2026);
		cast = await seedComplaintCast(h.db);
	});
	afterAll(async () => h?.close());

	const stored = async (id: number) => (await h.db.select().from(s.complaints).where(eq(s.complaints.id, id)))[0];

	it('a citizen’s petition, re-classified as khiếu nại, accepted, made complex and remote, then back: the deadline follows', async () => {
		// Tue 10/2/2026 09:00, from the public form: a petition on 15 working days → Tue 10/3 (Tết skipped)
		const c = await createComplaint({ unitId: cast.unitA, channel: 'web', description: 'Cán bộ hẹn đi hẹn lại nhiều lần', receivedAt: at('2026-02-10', 9) });
		expect(await stored(c.id)).toMatchObject({ kind: 'petition', dueAt: at('2026-03-10'), acceptedAt: null });

		// khiếu nại: 10 days to accept from 10/2 → Fri 20/2, in Tết → Mon 23/2
		expect(await reclassify(c.id, inspector(), { kind: 'complaint', complex: false, remote: false, note: 'Khiếu nại quyết định từ chối hồ sơ' }, at('2026-02-11', 9))).toEqual({ ok: true, dueAt: at('2026-02-23') });
		// accepted Tue 24/2 10:00 (a day late for the acceptance clock): 30 days → Thu 26/3
		expect(await acceptComplaint(c.id, inspector(), { at: at('2026-02-24', 10) }, at('2026-02-24', 10))).toEqual({ ok: true, dueAt: at('2026-03-26') });
		expect(await acceptComplaint(c.id, inspector(), {}, at('2026-02-25', 10))).toEqual({ ok: false, reason: 'already_accepted' });
		// complex: 45 days → Fri 10/4; remote and complex: 60 days → Sat 25/4, 26/4 and 27/4 off → Tue 28/4
		expect(await reclassify(c.id, inspector(), { kind: 'complaint', complex: true, remote: false }, at('2026-02-26', 9))).toEqual({ ok: true, dueAt: at('2026-04-10') });
		expect(await reclassify(c.id, inspector(), { kind: 'complaint', complex: true, remote: true }, at('2026-02-26', 10))).toEqual({ ok: true, dueAt: at('2026-04-28') });

		const queue = await complaintQueue(cast.inspectorA, [`/${cast.unitA}/`], 'open', { kind: 'complaint' }, at('2026-02-26', 11));
		expect(queue.map((r) => [r.id, r.kind, r.complex, r.remote, r.stage, r.dueAt])).toEqual([[c.id, 'complaint', true, true, 'resolution', at('2026-04-28').toISOString()]]);
		expect(queue[0].source).toBe('Luật Khiếu nại 2011 (Luật số 02/2011/QH13), Điều 27, Điều 28');
		const view = await caseView(c.id, { userId: cast.admin, isAdmin: true }, at('2026-02-26', 11));
		expect(view).toMatchObject({ kind: 'complaint', stage: 'resolution', clock: { days: 60, unit: 'calendar' }, acceptedAt: at('2026-02-24', 10).toISOString() });
		const accepted = view!.events.find((e) => e.kind === 'accepted');
		expect(accepted?.data).toMatchObject({ acceptanceDueAt: at('2026-02-23').toISOString(), acceptedOnTime: false });

		// back to a petition: the acceptance and the flags go, the 15-working-day clock from reception returns
		expect(await reclassify(c.id, inspector(), { kind: 'petition', complex: true, remote: true }, at('2026-02-27', 9))).toEqual({ ok: true, dueAt: at('2026-03-10') });
		expect(await stored(c.id)).toMatchObject({ kind: 'petition', complex: false, remote: false, acceptedAt: null });
		expect((await h.db.select().from(s.complaintEvents).where(eq(s.complaintEvents.complaintId, c.id))).map((e) => e.kind)).toEqual([
			'created',
			'reclassified',
			'accepted',
			'reclassified',
			'reclassified',
			'reclassified'
		]);
	});

	it('internal cases: the late-dossier scan opens them; they never count in citizens’ figures and do not change kind', async () => {
		// due Mon 23/2/2026 17:00; one dossier has a slip issued Fri 13/2 (in time), one a slip issued on the due day (late), one none
		const inTime = await cast.centre.dossier();
		const lateSlip = await cast.centre.dossier();
		const none = await cast.centre.dossier();
		await h.rows(sql`update dossiers set received_at = ${at('2026-02-02', 9).toISOString()}::timestamptz, due_at = ${at('2026-02-23').toISOString()}::timestamptz
			where id in (${inTime}, ${lateSlip}, ${none})`);
		await h.db.insert(s.dossierLateNotices).values([
			{ dossierId: inTime, kind: 'apology', documentNumber: '3/PXL', issuedAt: at('2026-02-13', 15), newDueAt: at('2026-03-02') },
			{ dossierId: lateSlip, kind: 'apology', documentNumber: '4/PXL', issuedAt: at('2026-02-23', 8), newDueAt: at('2026-03-02') }
		]);
		expect(await openLateDossierComplaints(at('2026-02-24', 9))).toBe(2);
		const opened = await h.db.select().from(s.complaints).where(eq(s.complaints.channel, 'late_dossier'));
		expect(opened.map((k) => [Number(k.dossierId), k.kind]).sort()).toEqual([
			[lateSlip, 'internal'],
			[none, 'internal']
		].sort());
		// an inspector's manipulation follow-up is internal too
		const followUp = await createComplaint({ unitId: cast.unitA, channel: 'in_person', kind: 'internal', description: 'Theo dõi dấu hiệu tự bấm đánh giá tại quầy 2', receivedAt: at('2026-02-24', 10) }, inspector());
		const citizen = await createComplaint({ unitId: cast.unitA, channel: 'hotline', description: 'Chờ quá lâu tại quầy 2', receivedAt: at('2026-02-24', 10) });
		expect(await reclassify(followUp.id, inspector(), { kind: 'petition', complex: false, remote: false })).toEqual({ ok: false, reason: 'internal_fixed' });
		expect(await reclassify(citizen.id, inspector(), { kind: 'internal', complex: false, remote: false })).toEqual({ ok: false, reason: 'internal_fixed' });

		const since = at('2026-02-24', 0).toISOString();
		const [all] = await h.rows<{ n: number | string }>(sql`select count(*) as n from complaints k where k.received_at >= ${since}::timestamptz`);
		const [citizens] = await h.rows<{ n: number | string }>(sql`select count(*) as n from complaints k where k.received_at >= ${since}::timestamptz and ${citizenCaseFilter()}`);
		// opened since 24/2: two late-dossier cases and the follow-up (internal), the hotline petition (a citizen's)
		expect([Number(all.n), Number(citizens.n)]).toEqual([4, 1]);

		// a figure that used to count every open case naming an officer now counts citizens' cases only
		await createComplaint({ unitId: cast.unitA, channel: 'in_person', kind: 'internal', officerId: cast.centre.officerId, description: 'Theo dõi: cán bộ tự bấm đánh giá', receivedAt: at('2026-02-24', 11) }, inspector());
		await createComplaint({ unitId: cast.unitA, channel: 'web', officerId: cast.centre.officerId, description: 'Cán bộ thái độ không đúng mực', receivedAt: at('2026-02-24', 11) });
		const officers = await subtreeOfficers(`/${cast.unitA}/`, periodFromDays('2026-02-01', '2026-02-28'));
		expect(officers.find((o) => o.id === cast.centre.officerId)?.openComplaints).toBe(1);
	});

	it('the public form states the clocks in force: change the setting, the promise changes', async () => {
		const promise = async () => (await (publicLoad as unknown as (e: unknown) => Promise<{ promise: { petition: { days: number; unit: 'working' | 'calendar' } } }>)({ url: new URL('http://localhost/phan-anh') })).promise;
		const text = (p: { days: number; unit: 'working' | 'calendar' }) =>
			translate('vi', 'complaints.public.intro', { days: p.days, unit: translate('vi', p.unit === 'working' ? 'complaints.days.working' : 'complaints.days.calendar') });
		expect(text((await promise()).petition)).toBe('Ông/Bà gặp phiền hà khi làm thủ tục? Xin cho chúng tôi biết. Phản ánh, kiến nghị được thanh tra xem xét, trả lời trong 15 ngày làm việc kể từ ngày tiếp nhận.');
		await h.db.insert(s.settings).values({ key: 'complaints', value: { regimes: { petition: { days: 20, unit: 'calendar' } } } });
		expect(text((await promise()).petition)).toBe('Ông/Bà gặp phiền hà khi làm thủ tục? Xin cho chúng tôi biết. Phản ánh, kiến nghị được thanh tra xem xét, trả lời trong 20 ngày kể từ ngày tiếp nhận.');
		// settings saved before the regimes (one deadlineDays) carry over to petitions
		await h.db.update(s.settings).set({ value: { deadlineDays: 12 } }).where(eq(s.settings.key, 'complaints'));
		expect((await promise()).petition).toEqual({ days: 12, unit: 'working' });
		const c = await createComplaint({ unitId: cast.unitA, channel: 'web', description: 'Phản ánh sau khi đổi cài đặt', receivedAt: at('2026-02-10', 9) });
		// 12 working days from Tue 10/2: 11, 12, 13 (1–3); Tết; 23–27/2 (4–8); 2, 3, 4, 5/3 (9–12)
		expect((await stored(c.id)).dueAt).toEqual(at('2026-03-05'));
		await h.db.delete(s.settings).where(eq(s.settings.key, 'complaints'));
	});

	it('only inspectors in scope and administrators re-classify or accept, through the case page', async () => {
		const c = await createComplaint({ unitId: cast.unitA, channel: 'web', description: 'Phản ánh để thử quyền phân loại', receivedAt: at('2026-03-02', 9) });
		const post = (userId: number, role: s.Role, unitId: number | null, action: 'reclassify' | 'accept', fields: Record<string, string>) => {
			const body = new FormData();
			for (const [k, v] of Object.entries(fields)) body.set(k, v);
			const url = new URL(`http://localhost/app/complaints/${c.id}?/${action}`);
			const event = {
				locals: { locale: 'vi', user: { id: userId, username: 'x', displayName: 'x', locale: 'vi', officerId: null, roles: [{ role, unitId, unitPath: unitId ? `/${unitId}/` : null }] } },
				params: { id: String(c.id) },
				url,
				request: new Request(url, { method: 'POST', body }),
				getClientAddress: () => '127.0.0.1'
			} as unknown as RequestEvent;
			return (caseActions[action] as (e: RequestEvent) => Promise<unknown>)(event);
		};
		const toComplaint = { kind: 'complaint' };
		await expect(post(cast.headA, 'unit_head', cast.unitA, 'reclassify', toComplaint)).rejects.toMatchObject({ status: 403 });
		await expect(post(cast.inspectorB, 'inspector', cast.unitB, 'reclassify', toComplaint)).rejects.toMatchObject({ status: 404 });
		await expect(post(cast.headA, 'reform', cast.unitA, 'accept', {})).rejects.toMatchObject({ status: 403 });
		expect((await stored(c.id)).kind).toBe('petition');
		expect(await post(cast.inspectorA, 'inspector', cast.unitA, 'reclassify', toComplaint)).toMatchObject({ ok: true });
		expect(await post(cast.admin, 'admin', null, 'accept', {})).toMatchObject({ ok: true });
		expect(await stored(c.id)).toMatchObject({ kind: 'complaint' });
		expect((await stored(c.id)).acceptedAt).not.toBeNull();
		// a bad kind is a 400, not a change
		expect(await post(cast.inspectorA, 'inspector', cast.unitA, 'reclassify', { kind: 'internal' })).toMatchObject({ status: 400 });
		const log = await h.rows<{ action: string; actor_user_id: number }>(sql`select action, actor_user_id from audit_log where target_id = ${String(c.id)} order by id`);
		expect(log.map((l) => [l.action, Number(l.actor_user_id) || null])).toEqual([
			['complaint.create', null],
			['complaint.reclassify', cast.inspectorA],
			['complaint.accept', cast.admin]
		]);
	});
});
