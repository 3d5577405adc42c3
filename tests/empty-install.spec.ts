import { expect, test as base } from '@playwright/test';
import type { DatabaseKind } from '../src/lib/server/db/client';
import { startProductionServer, type ProductionServer } from './abuse/production-server';
import { setupPath } from './abuse/setup-client';
import { signIn } from './helpers';

/**
 * A province's first afternoon, in a browser, on a server of its own: the built app on an empty
 * database without the demo (embedded, and PostgreSQL when TEST_DATABASE_URL is set), started
 * for this file only, so no step can lean on demo data. Pages resolve against that server (the
 * `baseURL` fixture), and `server.output()` holds what it printed (the set-up link, for one).
 *
 * The one journey the issue asks for grows here step by step: administrator at /setup, checklist,
 * … then units import, centre, counter, officer with a photo, procedure, a paired tablet, a
 * served dossier, its rating, and the rating on the unit page.
 */
const test = base.extend<{ dbKind: DatabaseKind; server: ProductionServer }>({
	dbKind: ['pglite', { option: true }],
	// one server per test: the journey is one test, and each starts from nothing
	server: [
		async ({ dbKind }, use) => {
			const server = await startProductionServer(dbKind, { DEMO: '0' });
			await use(server);
			await server.stop();
		},
		{ timeout: 180_000 }
	],
	baseURL: async ({ server }, use) => use(server.base)
});

const ADMIN = { name: 'Trần Văn Quản', username: 'quantri', password: 'một câu mật khẩu dài' };
const kinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

for (const kind of kinds) {
	test.describe(`an empty install on ${kind}`, () => {
		test.use({ dbKind: kind });

		test('from an empty database: the first administrator, then what is left to set up', async ({ page, server }) => {
			test.setTimeout(120_000);

			await test.step('the administrator is created at /setup', async () => {
				// the start-up banner's one-time link when it prints one (it fills in the set-up code)
				await page.goto(setupPath(server.output()));
				await expect(page.getByRole('heading', { name: 'Tạo tài khoản quản trị đầu tiên' })).toBeVisible();
				await page.getByLabel('Họ và tên').fill(ADMIN.name);
				await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
				await page.getByLabel('Mật khẩu', { exact: true }).fill(ADMIN.password);
				await page.getByLabel('Nhập lại mật khẩu').fill(ADMIN.password);
				await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
				await expect(page).toHaveURL(/\/login/);
				await signIn(page, ADMIN.username, ADMIN.password);
			});

			await test.step('the overview lists what is missing, each step linked to its page', async () => {
				await page.goto('/app');
				const list = page.getByTestId('setup-checklist');
				await expect(list).toBeVisible();
				for (const missing of ['province', 'units', 'centre', 'counter', 'officers', 'procedures', 'device', 'rating']) {
					await expect(list.getByTestId(`checklist-${missing}`)).toHaveAttribute('data-done', 'false');
				}
				// a fresh install rates on the official three-level scale from the start
				await expect(list.getByTestId('checklist-scale')).toHaveAttribute('data-done', 'true');
				await expect(list.getByTestId('checklist-units').getByRole('link', { name: 'Đơn vị' })).toHaveAttribute('href', '/app/admin/units');
				await expect(list.getByTestId('checklist-device').getByRole('link', { name: 'Máy tính bảng' })).toHaveAttribute('href', '/app/admin/devices');
			});

			await test.step('the scale in force is the official one', async () => {
				await page.goto('/app/admin/scales');
				const official = page.locator('section', { hasText: 'Thang đánh giá 3 mức (Cổng Dịch vụ công quốc gia)' });
				await expect(official.getByText(/^Đang áp dụng từ/)).toBeVisible();
				await expect(official.getByRole('listitem')).toHaveText([/Rất hài lòng/, /^Hài lòng/, /Không hài lòng/]);
			});
		});
	});
}
