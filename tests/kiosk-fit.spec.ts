import { expect, test, type Page } from '@playwright/test';
import { pairTablet, serveDossier, signIn, takeCounter } from './helpers';

/**
 * Issue 15 item 3: the kiosk's details screen (reasons, comment, phone, consent) fits a 1280×800
 * tablet and a 390×844 phone, and with the on-screen keyboard open — the viewport less the
 * keyboard's height, as Chrome on Android resizes it — "Gửi đánh giá" is in view while the citizen
 * types, without scrolling to it.
 */
const SCREENS = [
	{ name: 'tablet', width: 1280, height: 800, keyboard: 330 },
	{ name: 'phone', width: 390, height: 844, keyboard: 300 }
];

async function sendInView(page: Page) {
	const send = page.getByRole('button', { name: 'Gửi đánh giá' });
	const box = (await send.boundingBox())!;
	const height = await page.evaluate(() => window.innerHeight);
	expect(box.y, 'the send button is below the top of the screen').toBeGreaterThanOrEqual(0);
	expect(box.y + box.height, 'the send button is above the bottom of the screen').toBeLessThanOrEqual(height);
}

test('the kiosk details screen keeps its send button in view on a tablet and a phone, keyboard open or not', async ({ browser }) => {
	test.setTimeout(90_000);
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	const counterText = await takeCounter(officer);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	const tablet = await (await browser.newContext()).newPage();
	await pairTablet(admin, tablet, counterText);
	await serveDossier(officer, `E2E-FIT-${Date.now() % 100000}`);
	await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 10_000 });
	await tablet.getByRole('button', { name: 'Không hài lòng' }).click();
	await expect(tablet.getByRole('button', { name: 'Gửi đánh giá' })).toBeVisible();

	for (const s of SCREENS) {
		await tablet.setViewportSize({ width: s.width, height: s.height });
		await tablet.evaluate(() => window.scrollTo(0, 0));
		await sendInView(tablet);
		await tablet.screenshot({ path: `test-results/kiosk-details-${s.name}.png` });
		// the keyboard opens for the comment, then for the phone number
		await tablet.setViewportSize({ width: s.width, height: s.height - s.keyboard });
		for (const field of ['Ý kiến của Ông/Bà', 'Số điện thoại để được gọi lại (nếu muốn)']) {
			const input = tablet.getByLabel(field);
			await input.focus();
			await input.scrollIntoViewIfNeeded();
			await expect(input).toBeInViewport();
			// and not hidden under the sticky actions bar: what the citizen types stays visible
			const covered = await input.evaluate((el) => {
				const r = el.getBoundingClientRect();
				const top = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 20));
				return top !== el && !el.contains(top);
			});
			expect(covered, `${field} is under the actions bar`).toBe(false);
			await sendInView(tablet);
		}
		await tablet.screenshot({ path: `test-results/kiosk-details-${s.name}-keyboard.png` });
		// nothing wider than the screen
		expect(await tablet.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
	}
	// and the send button still sends
	await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
	await expect(tablet.getByTestId('kiosk-thanks')).toBeVisible();
});
