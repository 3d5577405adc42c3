import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// On the shared demo server: nothing here changes what other specs rely on (the new scale version
// is never put in force, and every setting is reset to its default at the end).

test('an administrator makes a rating scale version, schedules its switch, and cancels it', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/scales');
	await expect(page.getByText(/^Đang áp dụng từ/)).toHaveCount(1);

	const rows = ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Chưa hài lòng', 'Không hài lòng'];
	const en = ['Very satisfied', 'Satisfied', 'Neutral', 'Not satisfied', 'Dissatisfied'];
	const classes = ['satisfied', 'satisfied', 'neutral', 'dissatisfied', 'dissatisfied'];
	await page.getByLabel('Tên thang (tiếng Việt)').fill('Thang 5 mức thử');
	for (let i = 0; i < 5; i++) {
		await page.getByLabel(`Nhãn tiếng Việt ${i + 1}`).fill(rows[i]);
		await page.getByLabel(`Nhãn tiếng Anh ${i + 1}`).fill(en[i]);
		await page.getByLabel(`Nhóm ${i + 1}`).selectOption(i === 0 ? 'dissatisfied' : classes[i]);
	}
	await page.getByRole('button', { name: 'Tạo phiên bản' }).click();
	await expect(page.getByRole('alert')).toContainText('Mức 1 là hài lòng nhất');
	await page.getByLabel('Nhóm 1').selectOption('satisfied');
	await page.getByRole('button', { name: 'Tạo phiên bản' }).click();
	await expect(page.getByText(/Đã tạo phiên bản \d+\. Phiên bản này chưa được áp dụng\./)).toBeVisible();

	const made = page.locator('section', { hasText: 'Thang 5 mức thử' });
	await expect(made.getByRole('listitem')).toHaveCount(5);
	await expect(made.getByText('Không áp dụng')).toBeVisible();
	await made.getByLabel('Từ thời điểm').check();
	await made.getByLabel('Thời điểm (giờ Việt Nam)').fill('01/01/2099 07:30');
	await made.getByRole('button', { name: 'Áp dụng' }).click();
	await expect(page.getByText('Đã hẹn thời điểm chuyển thang đánh giá.')).toBeVisible();
	await expect(made.getByText('Sẽ áp dụng từ 01/01/2099 07:30')).toBeVisible();
	await made.getByRole('button', { name: 'Hủy lịch chuyển' }).click();
	await expect(page.getByText('Đã hủy lịch chuyển thang đánh giá.')).toBeVisible();
	await expect(made.getByText('Không áp dụng')).toBeVisible();

	await page.goto('/app/admin/audit?action=scale');
	for (const action of ['Tạo thang đánh giá', 'Hẹn ngày áp dụng thang đánh giá', 'Hủy hẹn áp dụng thang đánh giá'])
		await expect(page.locator('tbody').getByText(action, { exact: true }).first()).toBeVisible();
});

test('an administrator edits settings as forms: a bad value is named, a good one saved and audited, then reset', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/settings');
	const complaints = page.getByTestId('setting-complaints');
	await expect(complaints.getByText('Đang dùng giá trị mặc định.')).toBeVisible();
	// each regime's clock has its own field; a petition's default is 15 working days
	const petition = complaints.getByTestId('regime-petition');
	await expect(petition.getByText('Mặc định: 15')).toBeVisible();

	const deadline = petition.getByLabel('Thời hạn giải quyết (ngày)');
	await deadline.fill('95');
	// the browser's own check would stop a number above max: send it as a script-less browser could
	await deadline.evaluate((el) => el.removeAttribute('max'));
	await complaints.getByRole('button', { name: 'Lưu' }).click();
	await expect(complaints.getByText('Không được lớn hơn 90.')).toBeVisible();
	await deadline.fill('20');
	await complaints.getByRole('button', { name: 'Lưu' }).click();
	await expect(complaints.getByText('Đã lưu.')).toBeVisible();
	await page.reload();
	await expect(page.getByTestId('setting-complaints').getByTestId('regime-petition').getByLabel('Thời hạn giải quyết (ngày)')).toHaveValue('20');
	await expect(page.getByTestId('setting-complaints').getByText(/^Sửa lần cuối lúc/)).toBeVisible();

	const questions = page.getByTestId('setting-kiosk.questions');
	await questions.getByLabel('Mã câu hỏi 1').fill('convenience');
	await questions.getByLabel('Câu hỏi (tiếng Việt) 1').fill('Sự thuận tiện');
	await questions.getByLabel('Câu hỏi (tiếng Anh) 1').fill('Convenience');
	// the SIPAS result question is asked only when the result is returned (issue 14, item 7)
	await questions.getByLabel('Mã câu hỏi 2').fill('result');
	await questions.getByLabel('Câu hỏi (tiếng Việt) 2').fill('Kết quả cung ứng dịch vụ hành chính công');
	await questions.getByLabel('Hỏi ở khâu 2').selectOption({ label: 'Tiếp nhận hồ sơ' });
	await questions.getByRole('button', { name: 'Lưu' }).click();
	await expect(questions.getByText(/: chỉ hỏi ở khâu trả kết quả\.$/)).toBeVisible();
	await questions.getByLabel('Hỏi ở khâu 2').selectOption({ label: 'Trả kết quả' });
	await questions.getByRole('button', { name: 'Lưu' }).click();
	await expect(questions.getByText('Đã lưu.')).toBeVisible();
	await expect(questions.getByLabel('Hỏi ở khâu 2')).toHaveValue('returning');

	await page.goto('/app/admin/audit?action=setting');
	await expect(page.locator('tbody').getByText('Lưu thiết lập', { exact: true }).first()).toBeVisible();

	await page.goto('/app/admin/settings');
	for (const id of ['setting-complaints', 'setting-kiosk.questions']) {
		await page.getByTestId(id).getByRole('button', { name: 'Đặt lại mặc định' }).click();
		await expect(page.getByTestId(id).getByText('Đã trở về giá trị mặc định.')).toBeVisible();
	}
	await expect(page.getByTestId('setting-complaints').getByTestId('regime-petition').getByLabel('Thời hạn giải quyết (ngày)')).toHaveValue('15');
	await expect(page.getByTestId('setting-kiosk.questions').getByLabel('Mã câu hỏi 1')).toHaveValue('');
});
