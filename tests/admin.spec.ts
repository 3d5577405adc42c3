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
	await expect(page.locator('tbody').getByText('Ghép nối máy tính bảng với quầy', { exact: true })).toBeVisible();
	await expect(page.locator('tbody').getByText('Thu hồi thiết bị', { exact: true })).toBeVisible();
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

test('an administrator assigns a bridge the counters it serves; until then the page says its presses do not count', async ({ page, request }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/boxes');
	const name = `PC quầy ${Date.now()}`;
	await page.getByLabel('Tên cầu nối').fill(name);
	await page.getByRole('button', { name: 'Tạo mã cầu nối' }).click();
	const token = /(brg_\d+\.[A-Za-z0-9_-]+)/.exec(await page.getByTestId('bridge-token').innerText())![1];
	const bridge = page.getByRole('listitem').filter({ hasText: name });
	await expect(bridge.getByTestId('bridge-no-counters')).toBeVisible();

	// a box posted through it, bound to a counter, is stored but not counted: the page warns
	const uid = `E2E-BRG-${Date.now()}`;
	const post = (route: string, body: unknown) => request.post(`/api/v1/boxes/${route}`, { headers: { authorization: `Bearer ${token}` }, data: body });
	expect((await post('hello', { port: '/dev/ttyUSB9', uid, fw: '1.0.0', buttons: 5, boot: 1 })).status()).toBe(200);
	await page.reload();
	const box = page.getByTestId(`box-${uid}`);
	const counter = await box.locator('select[name=counterId] option').nth(1).innerText();
	await box.locator('select[name=counterId]').selectOption({ label: counter });
	await box.getByRole('button', { name: 'Gán' }).click();
	await expect(page.getByText(`Đã gán hộp ${uid} cho quầy.`, { exact: false })).toBeVisible();
	const press = await post('presses', { presses: [{ uid, boot: 1, seq: 1, button: 1, buttons: 5, ageMs: 0 }] });
	expect((await press.json()).results[0]).toMatchObject({ status: 'stored', counted: false, notCountedReason: 'bridge_not_assigned' });
	await page.reload();
	await expect(bridge.getByTestId('bridge-not-assigned')).toContainText('1 lượt bấm');

	await bridge.getByText('Quầy được giao (0)', { exact: true }).click();
	await bridge.getByLabel(counter, { exact: true }).check();
	await bridge.getByRole('button', { name: 'Lưu quầy được giao' }).click();
	await expect(page.getByText('Đã lưu: cầu nối phục vụ 1 quầy.')).toBeVisible();
	await expect(bridge.getByTestId('bridge-no-counters')).toHaveCount(0);
	await expect(bridge.getByText('Quầy được giao (1)', { exact: true })).toBeVisible();

	await page.goto('/app/admin/audit?action=bridge');
	await expect(page.locator('tbody').getByText('Giao quầy cho máy cầu nối', { exact: true })).toBeVisible();
});
