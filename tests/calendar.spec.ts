import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('each calendar day names its notice, and an administrator enters a year’s notice in one form: refused, previewed, saved', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, 'admin');

	// 2026: the swaps are there, each day with the document it comes from
	await page.goto('/app/admin/calendar?year=2026');
	const days = page.getByTestId('calendar-days');
	await expect(days.getByRole('row', { name: /10\/01\/2026/ })).toContainText('Ngày làm bù');
	await expect(days.getByRole('row', { name: /10\/01\/2026/ })).toContainText('Công văn 12729/VPCP-KGVX');
	await expect(days.getByRole('row', { name: /22\/08\/2026/ })).toContainText('Thông báo 9441/TB-BNV');
	await expect(page.getByTestId('calendar-notices')).toContainText('Chưa đối chiếu văn bản gốc');
	// 2025: no make-up Saturday after Tết
	await page.goto('/app/admin/calendar?year=2025');
	await expect(days.getByRole('row', { name: /15\/02\/2025/ })).toHaveCount(0);

	// 2027 is computed: Tết provisional
	await page.goto('/app/admin/calendar?year=2027');
	await expect(days.getByRole('row', { name: /04\/02\/2027/ })).toContainText('Dự kiến (tính toán)');

	const range = page.getByRole('group', { name: 'Khoảng ngày nghỉ 1' });
	const worked = page.getByRole('group', { name: 'Ngày làm bù 1' });
	await page.getByLabel('Số hiệu văn bản').fill('Thông báo 1234/TB-BNV');
	await page.getByLabel('Cơ quan ban hành', { exact: true }).fill('Bộ Nội vụ');
	await page.getByLabel('Ngày ban hành').fill('15/10/2026');
	await range.getByLabel('Từ ngày').fill('05/02/2027');
	await range.getByLabel('Đến hết ngày').fill('11/02/2027');
	await range.getByLabel('Dịp').selectOption({ label: 'Tết Nguyên đán' });
	await range.getByLabel('Tên (tiếng Việt)').fill('Tết Nguyên đán Đinh Mùi');
	// a working day on a Wednesday is refused, and what was typed stays
	await worked.getByLabel('Ngày').fill('17/02/2027');
	await worked.getByLabel('Tên (tiếng Việt)').fill('Làm bù');
	await page.getByRole('button', { name: 'Xem trước thay đổi' }).click();
	await expect(page.getByTestId('notice-problems')).toContainText('Ngày làm bù 1: ngày làm bù 17/02/2027 không phải thứ Bảy hoặc Chủ nhật.');
	await expect(page.getByLabel('Số hiệu văn bản')).toHaveValue('Thông báo 1234/TB-BNV');

	await worked.getByLabel('Ngày').fill('20/02/2027');
	await worked.getByLabel('Dịp').selectOption({ label: 'Tết Nguyên đán' });
	await page.getByRole('button', { name: 'Xem trước thay đổi' }).click();
	const preview = page.getByTestId('notice-preview');
	await expect(preview.getByRole('row', { name: /04\/02\/2027/ })).toContainText('Xóa');
	await expect(preview.getByRole('row', { name: /11\/02\/2027/ })).toContainText('Thêm');
	await expect(preview.getByRole('row', { name: /20\/02\/2027/ })).toContainText('Ngày làm bù');

	await page.getByRole('button', { name: 'Lưu thông báo' }).click();
	await expect(page.getByRole('status')).toHaveText('Đã lưu Thông báo 1234/TB-BNV: 8 ngày cho năm 2027.');
	await page.goto('/app/admin/calendar?year=2027');
	await expect(days.getByRole('row', { name: /04\/02\/2027/ })).toHaveCount(0);
	await expect(days.getByRole('row', { name: /11\/02\/2027/ })).toContainText('Đã đối chiếu văn bản');
	await expect(days.getByRole('row', { name: /16\/04\/2027/ })).toContainText('Dự kiến (tính toán)');
});
