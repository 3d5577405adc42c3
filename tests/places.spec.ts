import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

/**
 * Centres, counters and procedures set up through the admin pages, as a provincial IT officer
 * would: no SQL. A retired counter leaves the pairing list; a unit head manages only the counters
 * of their own subtree.
 */

test('an administrator adds a centre and a counter, pairs from it, and retires it', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin');
	await page.getByRole('link', { name: 'Trung tâm và quầy' }).click();
	await expect(page).toHaveURL(/\/app\/admin\/centres$/);

	const add = page.locator('form[action="?/createCentre"]');
	await add.locator('input[name=code]').fill('E2E-DTN');
	await add.getByLabel('Thuộc đơn vị').selectOption({ index: 0 });
	await add.getByLabel('Loại').selectOption({ label: 'Điểm tiếp nhận' });
	await add.locator('input[name=nameVi]').fill('Điểm tiếp nhận thử nghiệm Hòn Rớ');
	await add.getByRole('button', { name: 'Thêm' }).click();
	await expect(page).toHaveURL(/\/app\/admin\/centres\/\d+/);
	await expect(page.getByText('Đã thêm “Điểm tiếp nhận thử nghiệm Hòn Rớ”.')).toBeVisible();

	const counter = page.getByTestId('add-counter');
	await counter.getByLabel('Số quầy (ví dụ Q01)').fill('Q01');
	await counter.getByLabel('Tên quầy').fill('Quầy 01 – Hộ tịch');
	await counter.getByLabel('Hộ tịch', { exact: true }).check();
	await counter.getByRole('button', { name: 'Thêm quầy' }).click();
	await expect(page.getByText('Đã thêm quầy Q01.')).toBeVisible();
	const row = page.locator('[data-counter="Q01"]');
	await expect(row).toContainText('Quầy 01 – Hộ tịch');
	await expect(row).toContainText('Hộ tịch');
	const centreUrl = page.url();

	// a counter in service can be paired
	await page.goto('/app/admin/devices');
	const option = 'Điểm tiếp nhận thử nghiệm Hòn Rớ — Quầy 01 – Hộ tịch';
	await expect(page.locator('select[name=counterId] option', { hasText: option })).toHaveCount(1);

	// retired, it is no longer offered, and says so; its number cannot be taken twice
	await page.goto(centreUrl);
	await page.getByRole('button', { name: 'Ngừng hoạt động Q01' }).click();
	await expect(page.getByText(/Quầy Q01 đã ngừng hoạt động/)).toBeVisible();
	await expect(row.locator('.badge.warn')).toHaveText('Ngừng hoạt động');
	await counter.getByLabel('Số quầy (ví dụ Q01)').fill('Q01');
	await counter.getByLabel('Tên quầy').fill('Quầy trùng số');
	await counter.getByRole('button', { name: 'Thêm quầy' }).click();
	await expect(page.getByRole('alert')).toContainText('Trung tâm đã có quầy số “Q01”.');
	await page.goto('/app/admin/devices');
	await expect(page.locator('select[name=counterId] option', { hasText: option })).toHaveCount(0);

	await page.goto('/app/admin/audit?action=counter');
	// the log reads as sentences, never as action codes (issue 15 item 5)
	const log = page.locator('table tbody');
	await expect(log.getByText('Tạo quầy', { exact: true })).toBeVisible();
	await expect(log.getByText('Ngừng hoạt động quầy', { exact: true })).toBeVisible();
	await expect(log).not.toContainText('Thao tác khác');
});

test('an administrator adds a procedure whose unknown facts stay unknown, then imports the national list', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/procedures');
	await page.getByText('Thêm một thủ tục').click();
	const form = page.getByTestId('procedure-form');
	await form.getByLabel('Mã thủ tục (dạng 1.004227 hoặc 1.003560.000.00.00.H56)').fill('1.999001');
	await form.getByLabel('Lĩnh vực').fill('Hộ tịch');
	await form.getByLabel('Tên thủ tục').fill('Thủ tục thử nghiệm trong bốn giờ');
	await form.getByLabel('Cấp Xã').check();
	await form.getByLabel('Thời hạn giải quyết').fill('4');
	await form.getByLabel('Đơn vị thời hạn').selectOption('hours');
	await form.getByLabel('Niêm yết tại Bộ phận Một cửa').selectOption({ label: 'Có' });
	await form.getByRole('button', { name: 'Thêm thủ tục' }).click();
	await expect(page).toHaveURL(/\/app\/admin\/procedures\/\d+/);
	await expect(page.getByText('Đã thêm thủ tục 1.999001.')).toBeVisible();
	const saved = page.getByTestId('procedure-form');
	await expect(saved.getByLabel('Dịch vụ công trực tuyến')).toHaveValue('');
	await expect(saved.getByLabel('Niêm yết tại Bộ phận Một cửa')).toHaveValue('true');
	await expect(saved.getByLabel('Công khai trên Cổng Dịch vụ công hoặc trang thông tin điện tử')).toHaveValue('');
	await expect(saved.getByLabel('Thời hạn giải quyết')).toHaveValue('4');

	await page.goto('/app/admin/procedures?q=1.999001');
	const listed = page.getByTestId('procedures').getByRole('row', { name: /1\.999001/ });
	await expect(listed).toContainText('4 giờ làm việc');
	await expect(listed).toContainText('Chưa rõ');

	// a bad code is refused with its field named
	await page.getByText('Thêm một thủ tục').click();
	await form.getByLabel('Mã thủ tục (dạng 1.004227 hoặc 1.003560.000.00.00.H56)').fill('1.99900');
	await form.getByLabel('Lĩnh vực').fill('Hộ tịch');
	await form.getByLabel('Tên thủ tục').fill('Mã sai');
	await form.getByLabel('Thời hạn giải quyết').fill('3');
	await form.getByRole('button', { name: 'Thêm thủ tục' }).click();
	await expect(page.getByRole('alert')).toContainText('Mã thủ tục (dạng 1.004227');

	await page.getByRole('link', { name: 'Nhập thủ tục từ tệp' }).click();
	const csv = [
		'Mã thủ tục;Tên thủ tục;Lĩnh vực;Cấp thực hiện;Thời hạn giải quyết;Mức độ',
		'1.999002;Thủ tục nhập thử;Lĩnh vực nhập thử;Cấp Xã;05 ngày làm việc;Một phần',
		'1.999003;Thủ tục thời hạn sai;Hộ tịch;Cấp Xã;Theo quy định;'
	].join('\n');
	await page.locator('input[type=file]').setInputFiles({ name: 'tthc.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await expect(page.getByTestId('import-totals')).toContainText('2 dòng: 1 hợp lệ, 1 có lỗi.');
	await expect(page.getByTestId('import-errors')).toContainText('Thời hạn giải quyết');
	await page.getByLabel('Chỉ nhập các dòng hợp lệ, bỏ qua các dòng có lỗi').check();
	await page.getByRole('button', { name: 'Nhập 1 dòng hợp lệ' }).click();
	await expect(page.getByTestId('import-summary')).toContainText('1 mới');
	await page.goto('/app/admin/procedures?q=1.999002');
	await expect(page.getByTestId('procedures')).toContainText('Lĩnh vực nhập thử');
});

test('a unit head manages the counters of their own centres only', async ({ page }) => {
	await signIn(page, 'lanhdao1');
	await page.getByRole('link', { name: 'Trung tâm và quầy' }).click();
	await expect(page).toHaveURL(/\/app\/admin\/centres$/);
	await expect(page.locator('form[action="?/createCentre"]')).toHaveCount(0);
	const centres = page.getByTestId('centres').getByRole('link');
	await expect(centres).toHaveCount(1);
	await centres.first().click();
	await expect(page.getByRole('heading', { name: 'Thông tin trung tâm' })).toHaveCount(0);
	const counter = page.getByTestId('add-counter');
	await counter.getByLabel('Số quầy (ví dụ Q01)').fill('Q99');
	await counter.getByLabel('Tên quầy').fill('Quầy 99 – Lưu động');
	await counter.getByRole('button', { name: 'Thêm quầy' }).click();
	await expect(page.getByText('Đã thêm quầy Q99.')).toBeVisible();
	await expect(page.locator('[data-counter="Q99"]')).toContainText('Quầy 99 – Lưu động');
	// the administrator's pages stay closed
	expect((await page.goto('/app/admin/procedures'))?.status()).toBe(403);
});
