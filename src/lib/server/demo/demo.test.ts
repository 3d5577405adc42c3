import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalendar, isWorkingDay, localDate } from '../calendar/working-days';
import { VIETNAM_CALENDAR_DAYS } from '../calendar/holidays';
import type { DatabaseHandle } from '../db/client';
import { openTestDatabase, testDatabaseKinds } from '../db/testing';
import { demoWindow, seedDemo, type DemoSummary } from './seed-demo';

/** Small and fast: one month, 20 officers (12 counters). */
const SMALL = { seed: 7, months: 1, officers: 20, endDate: new Date('2026-03-01T00:00:00+07:00') };

/** A digest of the generated content that ignores nothing that should be deterministic. */
async function checksum(h: DatabaseHandle): Promise<string> {
	const [row] = await h.rows<{ officers: string; ratings: string; dossiers: string }>(sql`
		select
			(select md5(string_agg(staff_number || ':' || full_name, ',' order by staff_number)) from officers) as officers,
			(select md5(string_agg(idempotency_key || ':' || level || ':' || pressed_at::text || ':' || coalesce(officer_id, 0), ',' order by id)) from ratings) as ratings,
			(select md5(string_agg(code || ':' || status || ':' || due_at::text, ',' order by id)) from dossiers) as dossiers`);
	return `${row.officers}/${row.ratings}/${row.dossiers}`;
}

describe('demo window', () => {
	it('counts months on the Vietnam calendar', () => {
		const { start, end } = demoWindow(1, new Date('2026-03-31T00:00:00+07:00'));
		expect(localDate(start)).toBe('2026-02-28');
		expect(end.toISOString()).toBe('2026-03-30T17:00:00.000Z');
	});
});

describe.each(testDatabaseKinds)('demo province on %s', (kind) => {
	let a: DatabaseHandle;
	let b: DatabaseHandle;
	let summary: DemoSummary;
	const cal = buildCalendar(VIETNAM_CALENDAR_DAYS);

	beforeAll(async () => {
		[a, b] = await Promise.all([openTestDatabase(kind), openTestDatabase(kind)]);
		summary = await seedDemo(a, { ...SMALL, password: 'demo-password-1' });
	});
	afterAll(async () => {
		await Promise.all([a?.close(), b?.close()]);
	});

	it('is deterministic for a seed and an end date, and creates accounts only with a password', async () => {
		const again = await seedDemo(b, SMALL);
		const { users: usersA, user_roles: rolesA, ...countsA } = summary.counts;
		const { users: usersB, user_roles: rolesB, ...countsB } = again.counts;
		expect(countsB).toEqual(countsA);
		expect(await checksum(b)).toBe(await checksum(a));
		expect(again.planted).toEqual(summary.planted);
		expect([usersB, rolesB, again.accounts.length]).toEqual([0, 0, 0]);
		expect([usersA, rolesA]).toEqual([7, 7]);
		expect(summary.accounts.map((x) => x.username)).toEqual([
			'admin',
			'caicach',
			'lanhdao1',
			'lanhdao2',
			'thanhtra',
			'canbo1',
			'canbo2'
		]);
	});

	it('refuses a database that already holds units', async () => {
		await expect(seedDemo(a, SMALL)).rejects.toThrow(/already holds/);
	});

	it('produces a believable volume with every table filled', () => {
		for (const [table, n] of Object.entries(summary.counts)) expect(n, table).toBeGreaterThan(0);
		expect(summary.counts.dossiers).toBeGreaterThan(3000);
		expect(summary.counts.ratings).toBeGreaterThan(3000);
	});

	it('attributes every counted rating to its service event', async () => {
		const [row] = await a.rows<{ bad: number | string; counted: number | string }>(sql`
			select count(*) filter (where e.id is null or r.officer_id is distinct from e.officer_id or r.unit_id is distinct from e.unit_id
				or r.stage is distinct from e.stage or r.counter_id is distinct from e.counter_id or r.dossier_id is distinct from e.dossier_id
				or r.pressed_at < e.opened_at or r.pressed_at > e.closed_at) as bad,
				count(*) as counted
			from ratings r left join service_events e on e.id = r.service_event_id where r.counted`);
		expect(Number(row.counted)).toBeGreaterThan(0);
		expect(Number(row.bad)).toBe(0);
	});

	it('gives service events the officer’s unit at the time, and never overlaps services at a counter', async () => {
		const [wrongUnit] = await a.rows<{ n: number | string }>(sql`
			select count(*) as n from service_events e where not exists (
				select 1 from officer_assignments x where x.officer_id = e.officer_id and x.unit_id = e.unit_id
					and x.started_at <= e.opened_at and (x.ended_at is null or x.ended_at > e.opened_at))`);
		expect(Number(wrongUnit.n)).toBe(0);
		const [overlaps] = await a.rows<{ n: number | string }>(sql`
			select count(*) as n from service_events x join service_events y
				on x.counter_id = y.counter_id and x.id < y.id and x.opened_at < y.closed_at and y.opened_at < x.closed_at`);
		expect(Number(overlaps.n)).toBe(0);
	});

	it('has no counted rating on a weekend or holiday, and uses the scale in force that day', async () => {
		const rows = await a.rows<{ day: string }>(sql`
			select distinct (pressed_at at time zone 'Asia/Ho_Chi_Minh')::date::text as day from ratings where counted`);
		expect(rows.length).toBeGreaterThan(10);
		for (const r of rows) expect(isWorkingDay(r.day, cal), r.day).toBe(true);
		const [mixed] = await a.rows<{ n: number | string }>(sql`
			select count(*) as n from (
				select (pressed_at at time zone 'Asia/Ho_Chi_Minh')::date as day from ratings group by 1 having count(distinct scale_id) > 1) x`);
		expect(Number(mixed.n)).toBe(0);
	});

	it('names the province’s agencies as organised since 1/3/2025 and its centres as Decree 118/2025 does; districts only as history', async () => {
		const units = await a.rows<{ code: string; name_vi: string; level: string; dissolved: boolean }>(
			sql`select code, name_vi, level, dissolved_at is not null as dissolved from units order by code`
		);
		const current = units.filter((u) => !u.dissolved);
		// no department abolished on 1 March 2025 (merged into the successors listed below)
		for (const abolished of [/Kế hoạch và Đầu tư/, /Tài nguyên và Môi trường/, /Thương binh và Xã hội/, /Giao thông vận tải/, /Thông tin và Truyền thông/, /Phát triển nông thôn/]) {
			expect(units.filter((u) => abolished.test(u.name_vi)).map((u) => u.name_vi)).toEqual([]);
		}
		expect(current.filter((u) => u.level === 'department').map((u) => u.name_vi).sort()).toEqual(
			['Công an tỉnh', 'Sở Nông nghiệp và Môi trường', 'Sở Nội vụ', 'Sở Tài chính', 'Sở Tư pháp', 'Sở Xây dựng'].sort()
		);
		// two-level local government since 1 July 2025: the one district is dissolved, kept for history
		expect(units.filter((u) => u.level === 'district').map((u) => [u.name_vi, u.dissolved])).toEqual([['Huyện Diên Khánh', true]]);
		expect(current.filter((u) => u.level === 'commune').every((u) => /^(Xã|Phường|Đặc khu) /.test(u.name_vi))).toBe(true);
		const centres = await a.rows<{ name_vi: string }>(sql`select name_vi from service_centres order by id`);
		expect(centres.length).toBeGreaterThan(1);
		for (const c of centres) expect(c.name_vi).toMatch(/^Trung tâm Phục vụ hành chính công (tỉnh|xã|phường|đặc khu) /);
	});

	it('asks the result and feedback questions only when the result is returned', async () => {
		const rows = await a.rows<{ stage: string; result: number | string; feedback: number | string; access: number | string }>(sql`
			select stage, count(*) filter (where answers ? 'result') as result, count(*) filter (where answers ? 'feedback') as feedback,
				count(*) filter (where answers ? 'access') as access
			from ratings where answers is not null group by stage order by stage`);
		const at = (stage: string) => rows.find((r) => r.stage === stage)!;
		expect([Number(at('receiving').result), Number(at('receiving').feedback)]).toEqual([0, 0]);
		expect(Number(at('receiving').access)).toBeGreaterThan(0);
		expect(Number(at('returning').result)).toBeGreaterThan(0);
		expect(Number(at('returning').feedback)).toBeGreaterThan(0);
	});

	it('writes Vietnamese names with diacritics', async () => {
		const names = await a.rows<{ full_name: string }>(sql`select full_name from officers`);
		expect(names).toHaveLength(SMALL.officers);
		const withMarks = names.filter((n) => /[À-ỹĐđ]/.test(n.full_name));
		expect(withMarks.length).toBeGreaterThan(names.length / 2);
		for (const n of names) expect(n.full_name.normalize('NFC')).toBe(n.full_name);
	});

	it('has late dossiers with and without an apology letter', async () => {
		const [row] = await a.rows<{
			with_apology: number | string;
			without: number | string;
			total: number | string;
		}>(sql`
			select count(*) filter (where exists (select 1 from dossier_late_notices n where n.dossier_id = d.id and n.kind = 'apology')) as with_apology,
				count(*) filter (where not exists (select 1 from dossier_late_notices n where n.dossier_id = d.id)) as without,
				(select count(*) from dossiers) as total
			from dossiers d where d.completed_at > d.due_at`);
		expect(Number(row.with_apology)).toBeGreaterThan(0);
		expect(Number(row.without)).toBeGreaterThan(0);
	});

	it('records the planted patterns, and they show in the data', async () => {
		const [setting] = await a.rows<{ value: unknown }>(
			sql`select value from settings where key = 'demo.planted'`
		);
		const stored = typeof setting.value === 'string' ? JSON.parse(setting.value) : setting.value;
		expect(stored).toMatchObject(JSON.parse(JSON.stringify(summary.planted)));
		const p = summary.planted;
		const staff = [
			...p.poorOfficers.map((x) => x.staffNumber),
			p.noServiceBursts.staffNumber,
			p.perfectRatings.staffNumber,
			p.outOfHours.staffNumber,
			p.deviceVsQr.staffNumber
		];
		expect(new Set(staff).size).toBe(7);
		const found = await a.rows<{ staff_number: string }>(
			sql`select staff_number from officers where staff_number in ${staff}`
		);
		expect(found).toHaveLength(7);

		const sat = await a.rows<{
			staff_number: string;
			n: number | string;
			sat: number | string;
		}>(sql`
			select o.staff_number, count(*) as n, avg((l.class = 'satisfied')::int)::float8 as sat
			from ratings r join rating_scale_levels l on l.scale_id = r.scale_id and l.level = r.level join officers o on o.id = r.officer_id
			where r.counted group by 1`);
		const rate = new Map(sat.map((r) => [r.staff_number, Number(r.sat)]));
		for (const poor of p.poorOfficers) expect(rate.get(poor.staffNumber)!).toBeLessThan(0.78);
		expect(rate.get(p.perfectRatings.staffNumber)).toBe(1);
		const others = sat
			.filter((r) => !staff.includes(r.staff_number) && Number(r.n) >= 100)
			.map((r) => Number(r.sat));
		expect(Math.min(...others)).toBeGreaterThan(0.8);

		const [bursts] = await a.rows<{ n: number | string }>(sql`
			select count(*) as n from ratings where not_counted_reason = 'no_service' and counter_id = ${p.noServiceBursts.counterId}`);
		const [elsewhere] = await a.rows<{ n: number | string }>(sql`
			select count(*) as n from ratings where not_counted_reason = 'no_service' and counter_id <> ${p.noServiceBursts.counterId}`);
		expect(Number(bursts.n)).toBeGreaterThan(5);
		expect(Number(elsewhere.n)).toBe(0);

		const [foreign] = await a.rows<{ n: number | string }>(sql`
			select count(*) as n from ratings r join devices d on d.id = r.device_id
			where d.uid = ${p.foreignDevice.deviceUid} and r.counter_id = ${p.foreignDevice.counterId}`);
		expect(Number(foreign.n)).toBeGreaterThan(0);
	});
});
