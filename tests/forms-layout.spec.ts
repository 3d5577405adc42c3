import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './helpers';

/**
 * Forms that work on every screen (issue 15, first part): every checkbox and radio sits beside
 * its label, the size of a box, on the citizens' complaint form and the staff forms; an officer's
 * own page does not knock on the leaders' live stream (it answered 403 every few seconds).
 */
async function checkboxesBesideLabels(page: Page) {
	const boxes = page.locator('label > input[type="checkbox"], label > input[type="radio"]');
	const n = await boxes.count();
	expect(n).toBeGreaterThan(0);
	for (let i = 0; i < n; i++) {
		const box = boxes.nth(i);
		const b = (await box.boundingBox())!;
		const label = (await box.locator('xpath=..').boundingBox())!;
		expect(b.width, 'a checkbox is the size of a box').toBeLessThan(32);
		// beside: at the label's left edge, vertically inside the label's line
		expect(b.x - label.x).toBeLessThan(4);
		expect(b.y + b.height / 2).toBeGreaterThan(label.y);
		expect(b.y + b.height / 2).toBeLessThan(label.y + Math.min(label.height, 48));
	}
}

for (const size of [
	{ width: 1366, height: 900 },
	{ width: 390, height: 844 }
]) {
	test(`checkboxes sit beside their labels on the public complaint form at ${size.width}×${size.height}`, async ({ page }) => {
		await page.setViewportSize(size);
		await page.goto('/phan-anh');
		await checkboxesBesideLabels(page);
	});
}

test('checkboxes sit beside their labels on the hotline form', async ({ page }) => {
	await signIn(page, 'thanhtra');
	await page.goto('/app/complaints/new');
	await checkboxesBesideLabels(page);
});

test("an officer's own page opens no live stream it may not read", async ({ page }) => {
	const refused: string[] = [];
	page.on('response', (r) => {
		if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
	});
	await signIn(page, 'canbo1');
	// an officer without a leader's role is sent from /app to their own page
	await page.goto('/app');
	await expect(page).toHaveURL(/\/app\/officers\/\d+/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await page.waitForTimeout(3000); // the old page retried its refused stream every 2 s
	await expect(page.getByTestId('live-badge')).toHaveCount(0);
	expect(refused).toEqual([]);
});

test('a pairing code names its counter, and the chosen counter stays chosen', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/devices');
	const select = page.locator('form[action="?/pair"] select[name="counterId"]');
	const options = await select.locator('option').allTextContents();
	expect(options.length).toBeGreaterThan(2);
	const chosen = options[2];
	await select.selectOption({ label: chosen });
	await page.getByRole('button', { name: 'Tạo mã ghép nối' }).click();
	await expect(page.getByTestId('pairing-code')).toBeVisible();
	await expect(page.getByTestId('pairing-counter')).toHaveText(`Dùng cho quầy: ${chosen}`);
	await expect(select.locator('option:checked')).toHaveText(chosen);
});

test('the reform office is not offered a form it may not use', async ({ page }) => {
	await signIn(page, 'caicach');
	await page.goto('/app/complaints');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Ghi nhận phản ánh' })).toHaveCount(0);
	await signOut(page);
	await signIn(page, 'thanhtra');
	await page.goto('/app/complaints');
	await expect(page.getByRole('link', { name: 'Ghi nhận phản ánh' })).toBeVisible();
});
