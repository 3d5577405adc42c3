import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { startProductionServer, type ProductionServer } from './production-server';
import { FormClient } from './guards-client';
import { createFirstAdmin, FIRST_ADMIN } from './setup-client';

/**
 * The production server on an empty database without the demo (the README's production path),
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
});
