import { expect, test } from '@playwright/test';
import { signIn, signOut } from './helpers';

test('the public start page is in Vietnamese, switches to English, and loads nothing from other hosts', async ({ page }) => {
	const foreign: string[] = [];
	page.on('request', (r) => {
		if (!r.url().startsWith('http://localhost')) foreign.push(r.url());
	});
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hệ thống đánh giá sự hài lòng của người dân, doanh nghiệp');
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Citizen and business satisfaction ratings');
	await page.getByRole('button', { name: 'Tiếng Việt' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	// the self-hosted Vietnamese font is in use
	const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
	expect(font).toContain('Be Vietnam Pro');
	expect(foreign).toEqual([]);
});

test('a unit head signs in and sees the demo province within their scope', async ({ page }) => {
	await signIn(page, 'lanhdao1');
	await expect(page.getByRole('heading', { name: 'Tổng quan' })).toBeVisible();
	const stats = page.locator('.stat');
	await expect(stats.filter({ hasText: 'Lượt đánh giá' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Chỉ số chính của kỳ' })).toContainText('Tỷ lệ hài lòng');
	// the tree shows their unit; opening it lists officers with Vietnamese names
	const unitLink = page.locator('.tree a').first();
	const unitName = await unitLink.innerText();
	await unitLink.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(unitName);
	// the planted poor officer of this ward is flagged, with the rule explained in words
	const flag = page.getByTestId('low-flag');
	await expect(flag).toHaveCount(1);
	await expect(flag).toHaveAttribute('title', /hài lòng trên [\d.]+ lượt; các cán bộ khác của đơn vị .*độ tin cậy 99/);
	const officerLinks = page.locator('table a');
	expect(await officerLinks.count()).toBeGreaterThan(1);
	const names = await officerLinks.allInnerTexts();
	expect(names.some((n) => /[ăâđêôơưáàảãạếềểễệ]/i.test(n))).toBe(true);
	await officerLinks.first().click();
	await expect(page.getByText('Quá trình công tác')).toBeVisible();
	await signOut(page);
	// after signing out, the app redirects to sign-in
	await page.goto('/app');
	await expect(page).toHaveURL(/\/login\?next=%2Fapp/);
});

test('the administrator sees the whole province tree, including a dissolved district', async ({ page }) => {
	await signIn(page, 'admin');
	await expect(page.getByText('Phạm vi: toàn hệ thống')).toBeVisible();
	await expect(page.locator('.tree .badge', { hasText: 'Tỉnh' }).first()).toBeVisible();
	await expect(page.locator('.tree .badge.warn').first()).toContainText('đã giải thể');
	expect(await page.locator('.tree a').count()).toBeGreaterThan(10);
});

test('a wrong password gets one message that does not say whether the account exists', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill('khong-co-ai');
	await page.getByLabel('Mật khẩu').fill('sai mật khẩu');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
});

test('a unit head cannot open another unit’s officer page by URL', async ({ page }) => {
	// find an officer of lanhdao2's unit, signed in as lanhdao2
	await signIn(page, 'lanhdao2');
	await page.locator('.tree a').first().click();
	await page.waitForURL(/\/app\/units\/\d+/);
	const href = await page.getByTestId('officer-table').locator('a').first().getAttribute('href');
	const unitUrl = page.url();
	expect(href).toMatch(/^\/app\/officers\/\d+(\?.*)?$/);
	await signOut(page);

	await signIn(page, 'lanhdao1');
	const officerResponse = await page.goto(href!);
	expect(officerResponse?.status()).toBe(404);
	const unitResponse = await page.goto(unitUrl);
	expect(unitResponse?.status()).toBe(404);
});

test('the one-time set-up page is closed once an administrator exists', async ({ page }) => {
	const response = await page.goto('/setup');
	expect(response?.status()).toBe(404);
});

test('the public results page needs no sign-in and shows no individual', async ({ page, browser }) => {
	await signIn(page, 'lanhdao1');
	const unit = page.locator('.tree a').first();
	const unitName = await unit.innerText();
	await unit.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(unitName);
	const officerNames = await page.locator('table a').allInnerTexts();
	expect(officerNames.length).toBeGreaterThan(1);

	const visitor = await (await browser.newContext()).newPage();
	await visitor.goto('/');
	await visitor.getByRole('link', { name: 'Công khai kết quả đánh giá' }).click();
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Công khai kết quả đánh giá');
	const rows = visitor.locator('tbody tr');
	expect(await rows.count()).toBeGreaterThan(5);
	await expect(rows.filter({ hasText: 'Phường Nha Trang' })).toHaveCount(1);
	const text = await visitor.locator('main').innerText();
	for (const name of officerNames) expect(text).not.toContain(name);
	expect(text).not.toMatch(/\b0\d{9}\b/); // no phone numbers
	expect(text).toMatch(/\d+,\d\s?%/); // Vietnamese-formatted rates
});
