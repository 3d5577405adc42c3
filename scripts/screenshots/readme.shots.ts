import { expect, test } from '@playwright/test';
import { pairTablet, serveDossier, signIn, takeCounter } from '../../tests/helpers';

/** The pictures in the README, one test each; every one checks its page shows what the caption says. */
const OUT = 'docs/screenshots';
const desktop = { width: 1366, height: 900 };

test('overview of a unit head', async ({ page }) => {
	await page.setViewportSize(desktop);
	await signIn(page, 'lanhdao1');
	await page.goto('/app');
	await expect(page.getByTestId('headline-satisfaction')).toBeVisible();
	await expect(page.getByTestId('live-badge')).toHaveAttribute('data-status', 'live');
	await page.waitForTimeout(800); // the charts' 400 ms animation
	await page.screenshot({ path: `${OUT}/overview.png`, fullPage: true });
});

test("an officer's own page", async ({ page }) => {
	await page.setViewportSize(desktop);
	await signIn(page, 'canbo1');
	await page.goto('/app');
	await expect(page).toHaveURL(/\/app\/officers\/\d+/);
	await expect(page.locator('h1')).toBeVisible();
	await page.waitForTimeout(800);
	await page.screenshot({ path: `${OUT}/officer.png`, fullPage: true });
});

test('the kiosk asks the citizen to rate', async ({ browser }) => {
	test.setTimeout(60_000);
	const officer = await (await browser.newContext({ viewport: desktop })).newPage();
	await signIn(officer, 'canbo1');
	const counterText = await takeCounter(officer);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	const tablet = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
	await pairTablet(admin, tablet, counterText, `Máy ảnh chụp ${Date.now()}`);
	await officer.goto('/app/counter');
	await serveDossier(officer, `ANH-${Date.now()}`, 'Tiếp nhận');
	await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 10_000 });
	await tablet.screenshot({ path: `${OUT}/kiosk.png` });
	await officer.getByRole('button', { name: 'Xong' }).click();
});

test('the complaint queue by priority', async ({ page }) => {
	await page.setViewportSize(desktop);
	await signIn(page, 'thanhtra');
	await page.goto('/app/complaints?tab=open');
	await expect(page.getByTestId('complaint-queue')).toBeVisible();
	// the top of the page and the first twenty-odd cases
	await page.screenshot({ path: `${OUT}/complaint-queue.png`, fullPage: true, clip: { x: 0, y: 0, width: desktop.width, height: 1700 } });
});
