import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { startProductionServer, type ProductionServer } from './production-server';
import { FormClient, isDisabled, rolesOf, userIdOf } from './guards-client';

/**
 * Issue 19, findings 6 and 7, replayed against the production server: no form field decides
 * which role is being revoked, the last administrator stays, /setup needs the token printed at
 * start-up, and a complaint can only name an officer posted in the unit complained about.
 */
const LAST_ADMIN = 'Không thể khóa hoặc thu hồi quản trị viên cuối cùng.';
const OFFICER_NOT_POSTED = 'Mã số cán bộ: không có cán bộ nào mang mã số này công tác tại đơn vị bị phản ánh';
const CANNOT_UPHOLD = 'không thể kết luận phản ánh đúng đối với cán bộ này';
const SETUP_CODE_INVALID = 'Mã thiết lập không đúng hoặc đã hết hạn.';
const USERS = '/app/admin/users';

/** The demo ids the tests talk about, found through the app as its users would. */
async function demoIds(server: ProductionServer) {
	const head = await new FormClient(server.base).signIn('lanhdao1', server.password);
	const ownUnit = Number(/href="\/app\/units\/(\d+)/.exec((await head.get('/app')).text)![1]);
	const officer = async (username: string) => {
		const c = await new FormClient(server.base).signIn(username, server.password);
		const home = await c.get('/app');
		const id = Number(/\/app\/officers\/(\d+)/.exec(home.location ?? '')![1]);
		const page = (await c.get(`/app/officers/${id}`)).text;
		return { id, staffNumber: /Mã cán bộ ([^\s<]+)/.exec(page)![1] };
	};
	// canbo1 works in lanhdao1's unit; canbo2 in another one (a department)
	return { ownUnit, canbo1: await officer('canbo1'), canbo2: await officer('canbo2') };
}

const hasAdminRole = async (c: FormClient, username: string) => {
	const page = await c.get(USERS);
	return page.status === 200 && rolesOf(page.text, username).some((r) => r.role === 'admin');
};

describe.each(testDatabaseKinds)('guards that trust no form field, on %s', (kind) => {
	let server: ProductionServer;
	let ids: Awaited<ReturnType<typeof demoIds>>;
	beforeAll(async () => {
		server = await startProductionServer(kind);
		ids = await demoIds(server);
	});
	afterAll(async () => server?.stop());

	it('the last administrator’s role cannot be revoked by any form of the request', async () => {
		const admin = await new FormClient(server.base).signIn('admin', server.password);
		const page = (await admin.get(USERS)).text;
		const [own] = rolesOf(page, 'admin');
		expect(own.role).toBe('admin');
		const other = rolesOf(page, 'canbo1')[0];
		const variants: [string, [string, string][]][] = [
			['role=reform', [['roleId', String(own.id)], ['role', 'reform']]],
			['role=officer', [['roleId', String(own.id)], ['role', 'officer']]],
			['no role field', [['roleId', String(own.id)]]],
			['another role and unit', [['roleId', String(own.id)], ['role', 'unit_head'], ['unitId', String(ids.ownUnit)]]],
			['another row’s id first', [['roleId', String(other.id)], ['roleId', String(own.id)], ['role', 'officer']]],
			['the honest form', [['roleId', String(own.id)], ['role', 'admin']]]
		];
		for (const [label, fields] of variants) {
			const r = await admin.post(`${USERS}?/revoke`, fields);
			expect(r.status, label).toBe(400);
			expect(r.text, label).toContain(LAST_ADMIN);
			expect(await hasAdminRole(admin, 'admin'), label).toBe(true);
		}
		// nor disabled: by themselves (refused as always) or at all while they are the last one
		const self = await admin.post(`${USERS}?/disable`, { userId: String(userIdOf(page, 'admin')), disabled: '1' });
		expect(self.status).toBe(400);
		expect(await hasAdminRole(admin, 'admin')).toBe(true);
		if (server.sql) {
			const [{ n }] = await server.sql<{ n: number }[]>`select count(*)::int as n from user_roles r join users u on u.id = r.user_id
				where r.role = 'admin' and r.revoked_at is null and u.disabled_at is null`;
			expect(n).toBe(1);
		}
	});

	it('a complaint naming an officer of another unit is refused on the public form and the hotline form, with a field error', async () => {
		const description = 'Cán bộ hướng dẫn không rõ ràng, phải đi lại nhiều lần.';
		const publicForm = (officer: string) =>
			new FormClient(server.base).post('/phan-anh', { unitId: String(ids.ownUnit), officer, description, via: 'web' });
		const refused = await publicForm(ids.canbo2.staffNumber);
		expect(refused.status).toBe(400);
		expect(refused.text).toContain(OFFICER_NOT_POSTED);
		expect(refused.text).toMatch(/<input[^>]*name="officer"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*name="officer"/);
		const accepted = await publicForm(ids.canbo1.staffNumber);
		expect(accepted.status).toBe(200);
		expect(accepted.text).toMatch(/PA-\d{4}-\d{6}/);

		const inspector = await new FormClient(server.base).signIn('thanhtra', server.password);
		const hotline = (officer: string) =>
			inspector.post('/app/complaints/new', { unitId: String(ids.ownUnit), channel: 'hotline', officer, description });
		const staffRefused = await hotline(ids.canbo2.staffNumber);
		expect(staffRefused.status).toBe(400);
		expect(staffRefused.text).toContain(OFFICER_NOT_POSTED);
		expect(staffRefused.text).toMatch(/<input[^>]*name="officer"[^>]*aria-invalid="true"|<input[^>]*aria-invalid="true"[^>]*name="officer"/);
		const staffAccepted = await hotline(ids.canbo1.staffNumber);
		expect(staffAccepted.status).toBe(303);
		expect(staffAccepted.location).toMatch(/^\/app\/complaints\/\d+$/);
	});

	it.skipIf(kind !== 'postgres')('a case stored before the fix naming another unit’s officer cannot be upheld against them', async () => {
		const admin = await new FormClient(server.base).signIn('admin', server.password);
		const inspectorId = userIdOf((await admin.get(USERS)).text, 'thanhtra');
		const [{ id }] = await server.sql!<{ id: number }[]>`insert into complaints
			(code, unit_id, officer_id, channel, description, status, assignee_id, received_at, due_at)
			values ('PA-2026-990001', ${ids.ownUnit}, ${ids.canbo2.id}, 'hotline', 'Phản ánh ghi trước khi sửa lỗi.', 'investigating',
				${inspectorId}, now() - interval '2 days', now() + interval '10 days')
			returning id`;
		const inspector = await new FormClient(server.base).signIn('thanhtra', server.password);
		for (const outcome of ['upheld', 'partly_upheld']) {
			const r = await inspector.post(`/app/complaints/${id}?/resolve`, { from: 'investigating', outcome, note: 'Kết luận thử.' });
			expect(r.status, outcome).toBe(400);
			expect(r.text, outcome).toContain(CANNOT_UPHOLD);
		}
		const [still] = await server.sql!<{ status: string }[]>`select status from complaints where id = ${id}`;
		expect(still.status).toBe('investigating');
		// concluding "not upheld" remains possible
		const notUpheld = await inspector.post(`/app/complaints/${id}?/resolve`, { from: 'investigating', outcome: 'not_upheld', note: 'Không đúng người.' });
		expect(notUpheld.status).toBe(200);
	});

	it('two administrators revoking or disabling each other at the same moment leave one', async () => {
		const first = await new FormClient(server.base).signIn('admin', server.password);
		const made = await first.post(`${USERS}?/create`, { username: 'quantri2', displayName: 'Quản trị thứ hai', password: server.password });
		expect(made.status).toBe(200);
		const secondId = userIdOf((await first.get(USERS)).text, 'quantri2');
		expect((await first.post(`${USERS}?/grant`, { userId: String(secondId), role: 'admin', unitId: '' })).status).toBe(200);

		const clients: Record<string, FormClient> = {
			admin: first,
			quantri2: await new FormClient(server.base).signIn('quantri2', server.password)
		};
		for (let round = 0; round < 6; round++) {
			const page = (await clients.admin.get(USERS)).text;
			const a = rolesOf(page, 'admin').find((r) => r.role === 'admin')!;
			const b = rolesOf(page, 'quantri2').find((r) => r.role === 'admin')!;
			// even rounds: both revoke; odd rounds: one disables the other, who revokes back
			await Promise.all([
				round % 2 === 0
					? clients.admin.post(`${USERS}?/revoke`, { roleId: String(b.id), role: 'admin' })
					: clients.admin.post(`${USERS}?/disable`, { userId: String(secondId), disabled: '1' }),
				clients.quantri2.post(`${USERS}?/revoke`, { roleId: String(a.id), role: 'admin' })
			]);
			const survivors = [];
			for (const name of ['admin', 'quantri2']) if (await hasAdminRole(clients[name], name)) survivors.push(name);
			expect(survivors, `round ${round}`).toHaveLength(1);
			if (server.sql) {
				const [{ n }] = await server.sql<{ n: number }[]>`select count(*)::int as n from user_roles r join users u on u.id = r.user_id
					where r.role = 'admin' and r.revoked_at is null and u.disabled_at is null`;
				expect(n, `round ${round}`).toBe(1);
			}
			// the survivor restores the other for the next round
			const survivor = clients[survivors[0]];
			const lost = survivors[0] === 'admin' ? 'quantri2' : 'admin';
			const now = (await survivor.get(USERS)).text;
			const lostId = userIdOf(now, lost);
			if (isDisabled(now, lost))
				expect((await survivor.post(`${USERS}?/disable`, { userId: String(lostId), disabled: '0' })).status).toBe(200);
			if (!rolesOf(now, lost).some((r) => r.role === 'admin'))
				expect((await survivor.post(`${USERS}?/grant`, { userId: String(lostId), role: 'admin', unitId: '' })).status).toBe(200);
			clients[lost] = await new FormClient(server.base).signIn(lost, server.password);
		}
	});
});

describe.each(testDatabaseKinds)('/setup on a fresh %s database with no administrator', (kind) => {
	let server: ProductionServer;
	beforeAll(async () => {
		server = await startProductionServer(kind, { DEMO: '0' });
	});
	afterAll(async () => server?.stop());

	it('needs the one-time code printed at start-up, and works exactly once', async () => {
		const token = /\/setup\?token=([a-z2-7]+)/.exec(server.output())?.[1];
		expect(token, 'the start-up banner prints the set-up link with its code').toBeTruthy();
		const browser = new FormClient(server.base);
		const page = await browser.get(`/setup?token=${token}`);
		expect(page.status).toBe(200);
		expect(page.text).toContain(`value="${token}"`);

		const admin = { displayName: 'Nguyễn Văn Quản', password: 'một câu mật khẩu dài', passwordAgain: 'một câu mật khẩu dài' };
		for (const [label, code] of [
			['no code', null],
			['empty code', ''],
			['wrong code', 'a'.repeat(token!.length)],
			['code with one letter changed', token!.slice(0, -1) + (token!.endsWith('a') ? 'b' : 'a')]
		] as const) {
			const r = await browser.post('/setup', { ...admin, username: 'kexau', ...(code === null ? {} : { token: code }) });
			expect(r.status, label).toBe(400);
			expect(r.text, label).toContain(SETUP_CODE_INVALID);
		}
		// a refused form (weak password) does not spend the code
		const weak = await browser.post('/setup', { ...admin, username: 'quantri', password: '12345678', passwordAgain: '12345678', token: token! });
		expect(weak.status).toBe(400);
		const made = await browser.post('/setup', { ...admin, username: 'quantri', token: token! });
		expect(made.status).toBe(303);
		expect(made.location).toBe('/login');
		await new FormClient(server.base).signIn('quantri', admin.password);

		// once: the page is closed and the code is spent
		const again = await browser.post('/setup', { ...admin, username: 'quantri2', token: token! });
		expect(again.status).toBe(404);
		expect((await browser.get('/setup')).status).toBe(404);
		if (server.sql) {
			const [{ n }] = await server.sql<{ n: number }[]>`select count(*)::int as n from user_roles where role = 'admin'`;
			expect(n).toBe(1);
			const left = await server.sql`select 1 from settings where key = 'setup.token'`;
			expect(left).toHaveLength(0);
		}
	});
});
