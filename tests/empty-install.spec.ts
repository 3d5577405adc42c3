import { expect, test as base, type Page } from '@playwright/test';
import sharp from 'sharp';
import type { DatabaseKind } from '../src/lib/server/db/client';
import { startProductionServer, type ProductionServer } from './abuse/production-server';
import { setupPath } from './abuse/setup-client';
import { pairTablet, serveDossier, signIn, takeCounter } from './helpers';

/**
 * A province's first afternoon, in a browser, on a server of its own: the built app on an empty
 * database without the demo (embedded, and PostgreSQL when TEST_DATABASE_URL is set), started
 * for this file only, so no step can lean on demo data. Pages resolve against that server (the
 * `baseURL` fixture), and `server.output()` holds what it printed (the set-up link, for one).
 *
 * The journey issue 13 asks for, as one test: the administrator at /setup, the checklist, the
 * official units list imported from a file, a centre, a counter, an officer with a photo and an
 * account, a procedure, a paired tablet, a dossier served at the counter, the citizen's rating
 * on the tablet, and that rating on the unit page — through the pages only, no SQL.
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

/** Picks the option of `select` whose text contains `text` (options name units with their codes). */
async function choose(page: Page, select: string, text: string) {
	const value = await page.locator(`${select} option`, { hasText: text }).first().getAttribute('value');
	expect(value, `an option "${text}" in ${select}`).toBeTruthy();
	await page.locator(select).selectOption(value!);
}

// The statistics office's layout (semicolons, accented headers, a BOM): the province and two communes.
const UNITS_FILE = '\uFEFFMã;Tên;Cấp;Mã TP;Tỉnh / Thành Phố\n56;Tỉnh Khánh Hòa;Tỉnh;;\n22366;Phường Nha Trang;Phường;56;Tỉnh Khánh Hòa\n22333;Xã Cam Lâm;Xã;56;Tỉnh Khánh Hòa\n';
const OFFICER = { staffNumber: 'NT-001', fullName: 'Lê Thị Hồng Nhung', username: 'nhung.lt', password: 'mật khẩu cán bộ một cửa' };
const CENTRE = 'Trung tâm Phục vụ hành chính công phường Nha Trang';

const ADMIN = { name: 'Trần Văn Quản', username: 'quantri', password: 'một câu mật khẩu dài' };
const kinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

for (const kind of kinds) {
	test.describe(`an empty install on ${kind}`, () => {
		test.use({ dbKind: kind });

		test('from an empty database to a first rating on the unit page, through the pages only', async ({ page, server, browser }) => {
			test.setTimeout(300_000);

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

			await test.step('the official list of units is imported from a file', async () => {
				await page.goto('/app/admin/units');
				await page.getByRole('link', { name: 'Nhập danh mục đơn vị hành chính' }).click();
				await page.getByLabel('Tệp CSV hoặc Excel (.xlsx)').setInputFiles({ name: 'danh-mục-đvhc.csv', mimeType: 'text/csv', buffer: Buffer.from(UNITS_FILE, 'utf8') });
				await page.getByRole('button', { name: 'Xem trước' }).click();
				await expect(page.getByTestId('import-totals')).toContainText('3 dòng: 3 hợp lệ, 0 có lỗi.');
				await page.getByRole('button', { name: 'Nhập 3 dòng hợp lệ' }).click();
				await expect(page.getByTestId('import-summary')).toHaveText(/3 mới, 0 cập nhật, 0 không đổi/);
				await page.goto('/app/admin/units?q=nha trang');
				await expect(page.getByTestId('unit-tree')).toContainText('Phường Nha Trang');
			});

			await test.step('a centre and its counter are added', async () => {
				await page.goto('/app/admin/centres');
				const add = page.locator('form[action="?/createCentre"]');
				await choose(page, 'form[action="?/createCentre"] select[name=unitCode]', 'Phường Nha Trang');
				await add.locator('input[name=code]').fill('TTPVHCC-NT');
				await add.locator('select[name=kind]').selectOption('commune_centre');
				await add.locator('input[name=nameVi]').fill(CENTRE);
				await add.getByRole('button', { name: 'Thêm' }).click();
				await expect(page.getByText(`Đã thêm “${CENTRE}”.`)).toBeVisible();
				const counter = page.getByTestId('add-counter');
				await counter.getByLabel('Số quầy (ví dụ Q01)').fill('Q01');
				await counter.getByLabel('Tên quầy').fill('Quầy 1');
				await counter.getByRole('button', { name: 'Thêm quầy' }).click();
				await expect(page.getByText('Đã thêm quầy Q01.')).toBeVisible();
			});

			await test.step('an officer is added with a posting, a photo and an account', async () => {
				await page.goto('/app/admin/officers');
				const create = page.locator('form[action="?/create"]');
				await create.getByLabel('Số hiệu').fill(OFFICER.staffNumber);
				await create.getByLabel('Họ và tên').fill(OFFICER.fullName);
				await create.locator('input[name=titleVi]').fill('Chuyên viên');
				await choose(page, 'form[action="?/create"] select[name=unitId]', 'Phường Nha Trang');
				await create.getByLabel('Vị trí công tác').fill('Công chức Bộ phận Một cửa');
				await create.getByLabel('Từ ngày').fill('01/07/2025');
				await page.getByRole('button', { name: 'Thêm cán bộ' }).click();
				await expect(page.getByText(`Đã thêm cán bộ ${OFFICER.fullName}.`)).toBeVisible();
				const png = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#3366aa' } }).png().toBuffer();
				await page.getByLabel('Ảnh JPEG, PNG hoặc WebP, tối đa 5 MB').setInputFiles({ name: 'ảnh thẻ.png', mimeType: 'image/png', buffer: png });
				await page.getByRole('button', { name: 'Tải ảnh lên' }).click();
				await expect(page.getByText('Đã lưu ảnh.')).toBeVisible();
				await page.getByLabel('Tên đăng nhập').fill(OFFICER.username);
				await page.getByLabel('Mật khẩu').fill(OFFICER.password);
				await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
				await expect(page.getByTestId('officer-account')).toHaveText(`Gắn với tài khoản ${OFFICER.username}.`);
			});

			await test.step('a procedure handled by the commune is added', async () => {
				await page.goto('/app/admin/procedures');
				await page.getByText('Thêm một thủ tục').click();
				const form = page.getByTestId('procedure-form');
				await form.getByLabel('Mã thủ tục (dạng 1.004227 hoặc 1.003560.000.00.00.H56)').fill('1.001193');
				await form.getByLabel('Lĩnh vực').fill('Hộ tịch');
				await form.getByLabel('Tên thủ tục').fill('Đăng ký khai sinh');
				await form.getByLabel('Cấp Xã').check();
				await form.getByLabel('Thời hạn giải quyết').fill('1');
				await choose(page, '[data-testid=procedure-form] select[name=unitCodes]', 'Phường Nha Trang');
				await form.getByRole('button', { name: 'Thêm thủ tục' }).click();
				await expect(page).toHaveURL(/\/app\/admin\/procedures\/\d+/);
			});

			const officer = await (await browser.newContext({ baseURL: server.base })).newPage();
			const tablet = await (await browser.newContext({ baseURL: server.base })).newPage();
			await test.step('the officer takes the counter and a tablet is paired with it', async () => {
				await signIn(officer, OFFICER.username, OFFICER.password);
				const counterText = await takeCounter(officer);
				expect(counterText).toContain('Quầy 1');
				await pairTablet(page, tablet, counterText, 'Máy tính bảng quầy 1');
			});

			await test.step('a dossier is served and the citizen rates it on the tablet, which shows the officer', async () => {
				await officer.goto('/app/counter');
				await serveDossier(officer, '22366-261203-0001');
				await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 15_000 });
				await expect(tablet.getByTestId('kiosk-officer')).toHaveText(OFFICER.fullName);
				await expect(tablet.getByTestId('kiosk-photo')).toBeVisible();
				await tablet.getByRole('button', { name: 'Rất hài lòng' }).click();
				await expect(tablet.getByTestId('kiosk-thanks')).toBeVisible();
				await officer.getByRole('button', { name: 'Xong' }).click();
			});

			await test.step('the rating is on the unit page, and the checklist is done', async () => {
				await page.goto('/app/admin/units?q=22366');
				await page.getByTestId('unit-tree').getByRole('link', { name: /Phường Nha Trang/ }).first().click();
				await expect(page).toHaveURL(/\/app\/admin\/units\/\d+/);
				const unitId = /\/app\/admin\/units\/(\d+)/.exec(page.url())?.[1];
				expect(unitId, 'the unit has a page of its own').toBeTruthy();
				await page.goto(`/app/units/${unitId}`);
				const row = page.getByTestId('officer-table').locator('tbody tr[data-officer]', { hasText: OFFICER.fullName });
				// columns: officer, services, ratings, participation, satisfaction
				await expect(row.locator('td').nth(1)).toHaveText('1');
				await expect(row.locator('td').nth(2)).toHaveText('1');
				await expect(row.locator('td').nth(4)).toHaveText(/^100/);
				await page.goto('/app');
				await expect(page.getByTestId('setup-checklist')).toHaveCount(0);
			});
		});
	});
}
