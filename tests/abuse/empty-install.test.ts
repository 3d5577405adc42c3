import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { startProductionServer, type ProductionServer } from './production-server';
import { FormClient } from './guards-client';
import { createFirstAdmin, FIRST_ADMIN } from './setup-client';

/**
 * The production server on an empty database without the demo (docs/operations.md, "Running against
 * PostgreSQL": the production path),
 * driven over HTTP as a new province would: the first administrator, the checklist of what is
 * missing, and a button box heard on day one.
 */
describe.each(testDatabaseKinds)('an empty install on %s', (kind) => {
	let server: ProductionServer;
	let admin: FormClient;
	beforeAll(async () => {
		server = await startProductionServer(kind, { DEMO: '0' });
		admin = new FormClient(server.base);
	});
	afterAll(async () => server?.stop());

	it('creates the administrator at /setup, who sees what is still missing, each linked to its page', async () => {
		await createFirstAdmin(admin, server.output());
		await admin.signIn(FIRST_ADMIN.username, FIRST_ADMIN.password);
		const home = await admin.get('/app');
		expect(home.status).toBe(200);
		const html = home.text;
		expect(html).toContain('data-testid="setup-checklist"');
		for (const missing of ['province', 'units', 'centre', 'counter', 'officers', 'procedures', 'device', 'rating']) {
			expect(html, missing).toContain(`data-testid="checklist-${missing}" data-done="false"`);
		}
		expect(html).toContain('data-testid="checklist-scale" data-done="true"');
		for (const page of ['/app/admin/units', '/app/admin/centres', '/app/admin/officers', '/app/admin/procedures', '/app/admin/devices', '/app/admin/boxes']) {
			expect(html).toContain(`href="${page}"`);
		}
	});

	it('has the official three-level scale in force, so a button-box press is stored instead of refused', async () => {
		const scales = (await admin.get('/app/admin/scales')).text;
		expect(scales).toContain('Thang đánh giá 3 mức (Cổng Dịch vụ công quốc gia)');
		expect(scales).toMatch(/Đang áp dụng từ/);

		const made = await admin.post('/app/admin/boxes?/createBridge', { name: 'Quầy thử' });
		expect(made.status).toBe(200);
		const token = /brg_[0-9]+\.[A-Za-z0-9_-]+/.exec(made.text)?.[0];
		expect(token, 'the bridge token is shown once').toBeTruthy();
		const res = await fetch(`${server.base}/api/v1/boxes/presses`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ presses: [{ uid: 'BOX-DAY-ONE', boot: 1, seq: 1, button: 1, buttons: 3, ageMs: 0 }] })
		});
		expect(res.status, await res.clone().text()).toBe(200);
		const body = (await res.json()) as { results: { status: string; counted: boolean; notCountedReason?: string }[] };
		// no counter yet: stored (so the box drops it from its outbox), not counted
		expect(body.results).toEqual([{ key: expect.any(String), status: 'stored', counted: false, notCountedReason: 'unassigned_device' }]);
	});

	it('sets up a commune from nothing through the pages, and its first tablet rating reaches the unit page', async () => {
		const csv = (text: string) => new TextEncoder().encode('\uFEFF' + text);
		// the statistics office's layout, semicolons
		const preview = await admin.postFile('/app/admin/units/import?/preview', {}, {
			field: 'file',
			name: 'danh-muc.csv',
			type: 'text/csv',
			bytes: csv('Mã;Tên;Cấp;Mã TP;Tỉnh / Thành Phố\n56;Tỉnh Khánh Hòa;Tỉnh;;\n22366;Phường Nha Trang;Phường;56;Tỉnh Khánh Hòa\n22333;Xã Cam Lâm;Xã;56;Tỉnh Khánh Hòa\n')
		});
		expect(preview.status).toBe(200);
		const importId = /name="id" value="([0-9a-f]{32})"/.exec(preview.text)?.[1];
		expect(importId, 'the preview keeps the rows under an id').toBeTruthy();
		const committed = await admin.postJson('/api/v1/imports/units', { id: importId });
		expect(committed.text).toContain('"type":"done","done":3,"total":3,"created":3');

		const unitId = Number(/<option value="(\d+)"[^>]*>[^<]*Phường Nha Trang/.exec((await admin.get('/app/admin/officers')).text)?.[1]);
		expect(unitId).toBeGreaterThan(0);
		const centre = await admin.post('/app/admin/centres?/createCentre', {
			unitCode: '22366',
			code: 'TTPVHCC-NT',
			nameVi: 'Trung tâm Phục vụ hành chính công phường Nha Trang',
			kind: 'commune_centre'
		});
		expect(centre.status).toBe(303);
		const centrePath = centre.location!.split('?')[0];
		expect((await admin.post(`${centrePath}?/createCounter`, { code: '1', nameVi: 'Quầy 1' })).text).toContain('Đã thêm quầy 1.');

		const officer = await admin.post('/app/admin/officers?/create', {
			staffNumber: 'NT-001',
			fullName: 'Lê Thị Hồng Nhung',
			titleVi: 'Chuyên viên',
			unitId: String(unitId),
			positionVi: 'Công chức Bộ phận Một cửa',
			from: '2026-01-01'
		});
		expect(officer.status).toBe(303);
		const officerPath = officer.location!.split('?')[0];
		const png = new Uint8Array(await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#3366aa' } }).png().toBuffer());
		expect((await admin.postFile(`${officerPath}?/photo`, {}, { field: 'photo', name: 'ảnh.png', type: 'image/png', bytes: png })).text).toContain('Đã lưu ảnh.');
		const officerPassword = 'mật khẩu cán bộ một cửa';
		expect((await admin.post(`${officerPath}?/account`, { username: 'nhung.lt', password: officerPassword })).text).toContain('nhung.lt');

		const procedure = await admin.post('/app/admin/procedures?/create', {
			code: '1.001193',
			nameVi: 'Đăng ký khai sinh',
			field: 'Hộ tịch',
			levels: 'Cấp Xã',
			handlingAmount: '0',
			handlingUnit: 'days',
			mode: 'one_stop',
			onlineLevel: '',
			postedAtDesk: '',
			publishedOnline: '',
			unitCodes: '22366'
		});
		expect(procedure.status).toBe(303);
		const procedureId = /\/app\/admin\/procedures\/(\d+)/.exec(procedure.location!)![1];

		// a tablet at the counter, paired with a one-time code
		const counterId = /<option value="(\d+)"[^>]*>[^<]*Quầy 1/.exec((await admin.get('/app/admin/devices')).text)![1];
		const code = /[A-Z2-9]{4}-[A-Z2-9]{4}/.exec((await admin.post('/app/admin/devices?/pair', { counterId })).text)![0];
		const paired = (await (await fetch(`${server.base}/api/v1/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, label: 'Máy tính bảng quầy 1' }) })).json()) as { credential: string };
		const device = { authorization: `Bearer ${paired.credential}` };

		// the officer takes the counter and serves a new dossier
		const clerk = await new FormClient(server.base).signIn('nhung.lt', officerPassword);
		expect((await clerk.post('/app/counter?/take', { counterId })).status).toBe(200);
		expect((await clerk.post('/app/counter?/create', { code: '22366-261203-0001', procedureId })).status).toBe(200);

		type Prompt = { prompt: null | { serviceEventId: number; officer: { fullName: string; photoUrl: string | null } } };
		const { prompt } = (await (await fetch(`${server.base}/api/v1/device/prompt?wait=0`, { headers: device })).json()) as Prompt;
		expect(prompt?.officer.fullName).toBe('Lê Thị Hồng Nhung');
		expect(prompt?.officer.photoUrl, 'the tablet shows the serving officer’s photo').toBeTruthy();
		const photo = await fetch(server.base + prompt!.officer.photoUrl!, { headers: device });
		expect(photo.headers.get('content-type')).toBe('image/jpeg');
		const rated = await fetch(`${server.base}/api/v1/device/ratings`, {
			method: 'POST',
			headers: { ...device, 'content-type': 'application/json' },
			body: JSON.stringify({ key: 'first-rating', level: 1, ageMs: 0, serviceEventId: prompt!.serviceEventId })
		});
		expect(await rated.json()).toMatchObject({ counted: true, notCountedReason: null });

		const unitPage = (await admin.get(`/app/units/${unitId}`)).text;
		expect(unitPage).toContain('Lê Thị Hồng Nhung');
		expect(unitPage).toMatch(/services:1,ratings:1,satisfied:1/);
		expect((await admin.get('/app')).text, 'the checklist is gone after the first counted rating').not.toContain('data-testid="setup-checklist"');
	});
});
