import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { finishOpenService, pairTablet, serveDossier, signIn, takeCounter } from './helpers';

async function expectAccessible(page: Page, what: string) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${what}: ${v.id} ${v.help} (${v.nodes.length})`)).toEqual([]);
}

// Each scenario opens two or three browser contexts, signs in and runs axe: past the default 30 s
// when CI runs the suite's workers in parallel (docs/benchmarks.md).
test.describe.configure({ timeout: 90_000 });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

test('a citizen rates the service open at a counter by scanning its QR card on their phone', async ({ browser }) => {
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	const counterText = await takeCounter(officer);
	await finishOpenService(officer);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	await admin.goto('/app/admin/qr');
	const [counter, centre] = counterText.split(' — ');
	const card = admin.getByTestId('counter-qr').filter({ hasText: counter }).filter({ hasText: centre });
	const url = await card.getByRole('link').getAttribute('href');
	expect(url).toMatch(/\/q\/k[0-9a-z]+\.[A-Za-z0-9_-]{16}$/);

	const phone = await (await browser.newContext(PHONE)).newPage();
	await phone.goto(url!);
	await expect(phone.getByText('Quầy hiện không có lượt phục vụ nào đang chờ đánh giá', { exact: false })).toBeVisible();

	await officer.goto('/app/counter');
	await serveDossier(officer, `E2E-QRK-${Date.now()}`);
	await phone.reload();
	const officerName = (await officer.locator('header nav a[href="/app/account"]').innerText()).trim();
	await expect(phone.getByText(`Cán bộ phục vụ: ${officerName}`, { exact: false })).toBeVisible();
	await expectAccessible(phone, 'counter QR page');
	await phone.getByText('Hài lòng', { exact: true }).click();
	await phone.getByRole('button', { name: 'Gửi đánh giá' }).click();
	await expect(phone.getByRole('status')).toHaveText('Cảm ơn Ông/Bà đã đánh giá!');
	await expect(officer.getByTestId('rating-status')).toHaveText('✓ Đã nhận đánh giá', { timeout: 5_000 });
});

test('the QR on the slip rates the service it was printed for, once; the lookup page shows the status', async ({ browser }) => {
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	await takeCounter(officer);
	const code = `E2E-QRD-${Date.now()}`;
	await serveDossier(officer, code);
	await officer.getByRole('button', { name: 'Xong' }).click();
	// printed from the officer's own service in today's list, never from a code typed in
	const slip = officer.getByRole('link', { name: `In phiếu có mã QR đánh giá: ${code}` });
	await officer.goto((await slip.getAttribute('href'))!);
	const url = (await officer.locator('.slip .url').innerText()).trim();
	expect(url).toMatch(/\/r\/s[0-9a-z]+\.[A-Za-z0-9_-]{16}$/);
	await expect(officer.locator('.slip .qr svg')).toBeVisible();

	const phone = await (await browser.newContext(PHONE)).newPage();
	await phone.goto(url);
	await expect(phone.getByRole('heading', { name: 'Khâu tiếp nhận hồ sơ' })).toBeVisible();
	await expectAccessible(phone, 'dossier QR page');
	// submitting without choosing a face is refused by the form itself
	await phone.getByText('Không hài lòng', { exact: true }).click();
	await phone.getByLabel('Hướng dẫn không rõ ràng').check();
	await phone.getByLabel('Ý kiến của Ông/Bà').fill('Hướng dẫn chưa rõ, phải đi lại hai lần.');
	await phone.getByRole('button', { name: 'Gửi đánh giá' }).click();
	await expect(phone.getByRole('status')).toHaveText('Cảm ơn Ông/Bà đã đánh giá!');
	await phone.reload();
	await expect(phone.getByText('Khâu này đã được đánh giá. Cảm ơn Ông/Bà!')).toBeVisible();
	// a forged token is not a page
	const forged = await phone.goto(url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
	expect(forged?.status()).toBe(404);

	await phone.goto(`/tra-cuu?code=${code}`);
	await expect(phone.getByTestId('lookup-result')).toContainText('Đã tiếp nhận');
	// knowing a dossier's code gives no way to rate it
	await expect(phone.locator('a[href^="/r/"]')).toHaveCount(0);
	await expectAccessible(phone, 'lookup page');
	await phone.goto('/tra-cuu?code=KHONG-TON-TAI');
	await expect(phone.getByText('Không tìm thấy hồ sơ có mã này', { exact: false })).toBeVisible();
});

test('the kiosk screens have no serious accessibility violations and 64-pixel touch targets', async ({ browser }) => {
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	const counterText = await takeCounter(officer);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	const tablet = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })).newPage();
	await pairTablet(admin, tablet, counterText);
	await expectAccessible(tablet, 'kiosk idle');
	await officer.goto('/app/counter');
	await serveDossier(officer, `E2E-AXE-${Date.now()}`, 'Trả kết quả');
	await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 10_000 });
	await expectAccessible(tablet, 'kiosk prompt');
	for (const box of await Promise.all((await tablet.locator('.face').all()).map((b) => b.boundingBox()))) {
		expect(box!.height).toBeGreaterThanOrEqual(64);
		expect(box!.width).toBeGreaterThanOrEqual(64);
	}
	await tablet.getByRole('button', { name: 'Bình thường' }).click();
	await expectAccessible(tablet, 'kiosk details');
	// 200% zoom: the faces still fit and nothing needs horizontal scrolling
	await tablet.getByRole('button', { name: 'Bỏ qua, chỉ gửi mức đánh giá' }).click();
	await expect(tablet.getByTestId('kiosk-thanks')).toBeVisible();
	await tablet.setViewportSize({ width: 640, height: 400 });
	const overflow = await tablet.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
	expect(overflow).toBe(false);
});
