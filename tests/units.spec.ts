import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

/**
 * An administrator describes the province's units from the statistics office's list, finds them
 * in the tree, ends a merged unit, and the successor's page offers the history toggle.
 */

// The second test works on the units the first imports.
test.describe.configure({ mode: 'serial' });

// The official layout: semicolons, a BOM, the commune's province by code and name (no province row).
const LIST = [
	'Mã;Tên;Cấp;Mã TP;Tỉnh / Thành Phố',
	'22366;Phường Nha Trang;Phường;56;Tỉnh Khánh Hòa',
	'22369;Phường Bắc Nha Trang;Phường;56;Tỉnh Khánh Hòa',
	'223666;Phường Thừa Số;Phường;56;Tỉnh Khánh Hòa',
	'22840;Đặc khu Trường Sa;Đặc khu;56;Tỉnh Khánh Hòa'
].join('\r\n');

async function unitId(page: Page, code: string): Promise<number> {
	await page.goto(`/app/admin/units?q=${code}`);
	const href = await page.locator(`tr[data-unit-code="${code}"] a`).getAttribute('href');
	return Number(/\/app\/admin\/units\/(\d+)/.exec(href ?? '')?.[1]);
}

test('an administrator imports the official list of units and sees the tree', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/units');
	await page.getByRole('link', { name: 'Nhập danh mục đơn vị hành chính' }).click();
	await page.getByLabel('Tệp CSV hoặc Excel (.xlsx)').setInputFiles({ name: 'danh-muc-dvhc.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + LIST, 'utf8') });
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await expect(page.getByTestId('import-totals')).toContainText('4 dòng: 3 hợp lệ, 1 có lỗi.');
	await expect(page.getByTestId('import-errors').getByRole('row', { name: /^4 Mã/ })).toContainText('đúng 5 chữ số');

	// nothing is imported while errors remain, unless the valid rows alone are chosen
	const commit = page.getByRole('button', { name: 'Nhập 3 dòng hợp lệ' });
	await expect(commit).toBeDisabled();
	// The box enables the button once the page is hydrated: on a busy machine the first tick can come before.
	await expect(async () => {
		await page.getByLabel('Chỉ nhập các dòng hợp lệ').setChecked(false);
		await page.getByLabel('Chỉ nhập các dòng hợp lệ').check();
		await expect(commit).toBeEnabled({ timeout: 1000 });
	}).toPass();
	await commit.click();
	await expect(page.getByTestId('import-summary')).toHaveText(/3 mới, 0 cập nhật, 0 không đổi, 1 bỏ qua/);

	await page.goto('/app/admin/units?q=nha trang');
	const tree = page.getByTestId('unit-tree');
	await expect(tree.locator('tr[data-unit-code="56"]')).toContainText('Tỉnh Khánh Hòa');
	await expect(tree.locator('tr[data-unit-code="22366"]')).toContainText('Phường Nha Trang');
	await expect(tree.locator('tr[data-unit-code="22369"]')).toContainText('Phường Bắc Nha Trang');
	await expect(tree.locator('tr[data-unit-code="22840"]')).toHaveCount(0); // not a match: Trường Sa
	await page.goto('/app/admin/units?q=truong sa');
	await expect(tree.locator('tr[data-unit-code="22840"]')).toContainText('Đặc khu Trường Sa');
});

test('an ended unit points to its successor, whose page has the history toggle', async ({ page }) => {
	await signIn(page, 'admin');
	const oldId = await unitId(page, '22369');
	const newId = await unitId(page, '22366');
	await page.goto(`/app/admin/units/${oldId}`);
	await page.getByLabel('Kết thúc từ ngày').fill('01/07/2025');
	await page.getByLabel('Mã đơn vị kế thừa').fill('22366');
	await page.getByLabel('Ghi chú').fill('Sáp nhập toàn bộ');
	await page.getByRole('button', { name: 'Kết thúc đơn vị' }).click();
	// the short date as this machine's ICU writes it (1/7/25 or 01/07/2025)
	const july1 = String.raw`0?1/0?7/(20)?25`;
	await expect(page.getByText(new RegExp(`Đơn vị đã kết thúc từ ngày ${july1}\\.`))).toBeVisible();
	await expect(page.getByTestId('admin-successors')).toContainText('Phường Nha Trang');

	await page.goto(`/app/units/${oldId}`);
	await expect(page.getByTestId('unit-ended')).toContainText(new RegExp(`Đơn vị này đã kết thúc hoạt động từ ngày ${july1}`));
	await page.getByTestId('unit-ended').getByRole('link', { name: 'Phường Nha Trang' }).click();
	await expect(page).toHaveURL(new RegExp(`/app/units/${newId}$`), { timeout: 15_000 });
	await expect(page.getByTestId('unit-predecessors')).toContainText('Phường Bắc Nha Trang');

	// the toggle: off by default, on through the URL
	const toggle = page.getByTestId('history-toggle');
	const off = toggle.getByRole('link', { name: 'Chỉ số liệu của đơn vị hiện tại' });
	const on = toggle.getByRole('link', { name: 'Gồm số liệu của các đơn vị trước sáp nhập' });
	await expect(off).toHaveAttribute('aria-current', 'true');
	await expect(on).not.toHaveAttribute('aria-current', 'true');
	await expect(page.getByTestId('history-on')).toHaveCount(0);
	await on.click();
	await expect(page).toHaveURL(/history=1/, { timeout: 15_000 });
	await expect(page.getByTestId('history-on')).toBeVisible();
	await expect(on).toHaveAttribute('aria-current', 'true');
	// a new period keeps the toggle
	await page.getByRole('button', { name: 'Xem' }).first().click();
	await expect(page).toHaveURL(/history=1/, { timeout: 15_000 });
});
