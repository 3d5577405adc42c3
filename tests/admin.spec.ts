import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('an administrator pairs a counter tablet with a one-time code, then revokes it', async ({ page, browser }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/devices');
	await page.getByRole('button', { name: 'Tạo mã ghép nối máy tính bảng' }).click();
	const text = await page.getByTestId('pairing-code').innerText();
	const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(text)![1];
	const counterName = await page.locator('select[name=counterId] option:checked').innerText();

	const tablet = await browser.newContext();
	const kiosk = await tablet.newPage();
	await kiosk.goto('/kiosk');
	await kiosk.getByLabel('Mã ghép nối').fill('ZZZZ-ZZZZ');
	await kiosk.getByRole('button', { name: 'Ghép nối' }).click();
	await expect(kiosk.getByRole('alert')).toHaveText('Mã không đúng.');
	await kiosk.getByLabel('Mã ghép nối').fill(code.toLowerCase());
	await kiosk.getByLabel('Tên máy (không bắt buộc)').fill('Máy tính bảng thử nghiệm');
	await kiosk.getByRole('button', { name: 'Ghép nối' }).click();
	// paired: the tablet shows its centre and counter and waits for a service
	await expect(kiosk.getByTestId('kiosk-idle')).toBeVisible();
	await expect(kiosk.locator('header')).toContainText(counterName.split(' — ')[1]);
	// the tablet stays paired across reloads
	await kiosk.reload();
	await expect(kiosk.getByTestId('kiosk-idle')).toBeVisible();

	await page.reload();
	const row = page.getByRole('row', { name: /Máy tính bảng thử nghiệm/ });
	await expect(row).toBeVisible();
	await row.getByRole('button', { name: /Thu hồi/ }).click();
	await expect(page.getByText('Đã thu hồi thiết bị')).toBeVisible();

	await kiosk.reload();
	await expect(kiosk.getByRole('alert')).toHaveText('Máy này đã bị thu hồi quyền. Hãy ghép nối lại.');
	await tablet.close();

	// the audit log recorded the pairing and the revocation
	await page.goto('/app/admin/audit?action=device');
	await expect(page.getByText('device.paired')).toBeVisible();
	await expect(page.getByText('device.revoke')).toBeVisible();
});

test('an administrator creates an integration token that is shown once and works as a bearer', async ({ page, request }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/tokens');
	await page.getByLabel('Tên gợi nhớ').fill('Phần mềm một cửa tỉnh');
	await page.getByRole('button', { name: 'Tạo mã tích hợp' }).click();
	const token = await page.getByTestId('new-token').innerText();
	expect(token).toMatch(/^itg_\d+\.[a-z2-7]+$/);
	const ok = await request.get('/api/v1/integration', { headers: { authorization: `Bearer ${token}` } });
	expect(ok.status()).toBe(200);
	expect((await ok.json()).unit.nameVi).toBeTruthy();
	await page.reload();
	await expect(page.getByTestId('new-token')).toHaveCount(0);
	await page.getByRole('row', { name: /Phần mềm một cửa tỉnh/ }).getByRole('button', { name: 'Thu hồi' }).click();
	await expect(page.getByText('Đã thu hồi mã tích hợp.')).toBeVisible();
	const refused = await request.get('/api/v1/integration', { headers: { authorization: `Bearer ${token}` } });
	expect(refused.status()).toBe(401);
});
