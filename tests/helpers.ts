import { expect, type Page } from '@playwright/test';
import { E2E_PASSWORD } from '../playwright.config';

export async function signIn(page: Page, username: string, password = E2E_PASSWORD) {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page).toHaveURL(/\/app/, { timeout: 15_000 });
}

export async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page).toHaveURL(/\/login/);
}

/** The officer takes a counter (confirming if a colleague holds it); returns the counter's option text. */
export async function takeCounter(page: Page): Promise<string> {
	await page.goto('/app/counter');
	if (await page.getByTestId('counter-name').isVisible()) return page.getByTestId('counter-name').innerText();
	await page.getByRole('button', { name: /^Nhận quầy/ }).first().click();
	const takeOver = page.getByRole('button', { name: 'Vẫn nhận quầy' });
	await expect(page.getByTestId('counter-name').or(takeOver)).toBeVisible();
	if (await takeOver.isVisible()) await takeOver.click();
	await expect(page.getByTestId('counter-name')).toBeVisible();
	return page.getByTestId('counter-name').innerText();
}

/** An administrator pairs a new tablet context with the counter whose name matches. */
export async function pairTablet(admin: Page, kiosk: Page, counterText: string, label = `Máy thử ${Date.now()}`): Promise<string> {
	// the counter screen shows "Quầy X — Centre"; the admin list shows "Centre — Quầy X"
	const [counter, centre] = counterText.split(' — ');
	await admin.goto('/app/admin/devices');
	await admin.locator('select[name=counterId]').selectOption({ label: `${centre} — ${counter}` });
	await admin.getByRole('button', { name: 'Tạo mã ghép nối máy tính bảng' }).click();
	const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(await admin.getByTestId('pairing-code').innerText())![1];
	await kiosk.goto('/kiosk');
	await kiosk.getByLabel('Mã ghép nối').fill(code);
	await kiosk.getByLabel('Tên máy (không bắt buộc)').fill(label);
	await kiosk.getByRole('button', { name: 'Ghép nối' }).click();
	await expect(kiosk.getByTestId('kiosk-idle')).toBeVisible();
	return (await kiosk.evaluate(() => localStorage.getItem('hl.device.credential')))!;
}

/** The officer serves a dossier at a stage, creating it on the spot if it is new. */
export async function serveDossier(page: Page, code: string, stage: 'Tiếp nhận' | 'Trả kết quả' = 'Tiếp nhận') {
	await page.getByLabel('Mã hồ sơ (gõ hoặc quét mã trên phiếu hẹn)').fill(code);
	await page.getByLabel(stage, { exact: true }).check();
	await page.getByRole('button', { name: 'Bắt đầu phục vụ' }).click();
	const create = page.getByRole('button', { name: 'Tạo hồ sơ và phục vụ' });
	const serving = page.locator('.current .code').filter({ hasText: new RegExp(`^${code}$`) });
	await expect(serving.or(create)).toBeVisible();
	if (await create.isVisible()) await create.click();
	await expect(page.locator('.current .code')).toHaveText(code, { timeout: 10_000 });
}

/** Closes whatever service the officer has open, so a test starts from a quiet counter. */
export async function finishOpenService(page: Page) {
	await page.goto('/app/counter');
	const done = page.getByRole('button', { name: 'Xong' });
	if (await done.isVisible()) {
		await done.click();
		await expect(done).toHaveCount(0);
	}
}
