import { expect, test } from '@playwright/test';
import { pairTablet, serveDossier, signIn, takeCounter } from './helpers';

test('an officer serves a dossier; the citizen rates it dissatisfied on the tablet; the officer sees only that a rating arrived', async ({
	browser
}) => {
	test.setTimeout(60_000); // near the default 30 s when CI runs the workers in parallel (docs/benchmarks.md)
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	const officerName = (await officer.locator('header nav a[href="/app/account"]').innerText()).trim();
	const counterText = await takeCounter(officer);

	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	const tablet = await (await browser.newContext()).newPage();
	await pairTablet(admin, tablet, counterText);

	// the officer's own page before: counted ratings
	await officer.goto('/app');
	const counted = async () => Number((await officer.locator('.stat', { hasText: 'Lượt đánh giá được tính' }).locator('.value').innerText()).replace(/\D/g, ''));
	const before = await counted();
	const ownPage = officer.url();

	await officer.goto('/app/counter');
	await serveDossier(officer, 'E2E-KS-0001', 'Tiếp nhận');
	await expect(officer.getByTestId('rating-status')).toHaveText('Đang chờ người dân đánh giá…');

	// the tablet shows who served, what and which stage, then the faces
	await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 10_000 });
	await expect(tablet.getByTestId('kiosk-officer')).toHaveText(officerName);
	await expect(tablet.getByText('Tiếp nhận hồ sơ')).toBeVisible();
	// the citizen is addressed as official text does (issue 14, item 7)
	await expect(tablet.getByRole('heading', { level: 1 })).toHaveText('Ông/Bà có hài lòng với sự phục vụ không?');
	await tablet.getByRole('button', { name: 'Không hài lòng' }).click();
	await tablet.getByLabel('Thái độ phục vụ').check();
	await tablet.getByLabel('Gây phiền hà, sách nhiễu, đòi tiền').check();
	await tablet.getByLabel('Ý kiến của Ông/Bà').fill('Cán bộ yêu cầu nộp thêm phí ngoài quy định.');
	await tablet.getByLabel('Số điện thoại để được gọi lại (nếu muốn)').fill('0912 345 678');
	await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
	// a phone number without consent is refused with a clear message
	await expect(tablet.getByRole('alert')).toHaveText('Xin đánh dấu ô đồng ý nếu muốn để lại số điện thoại.');
	await tablet.getByLabel(/Tôi đồng ý cung cấp số điện thoại/).check();
	await tablet.getByRole('button', { name: 'Gửi đánh giá' }).click();
	await expect(tablet.getByTestId('kiosk-thanks')).toBeVisible();
	await expect(tablet.getByTestId('kiosk-idle')).toBeVisible({ timeout: 10_000 });

	// live on the officer's screen, without a reload: received, never the level
	await expect(officer.getByTestId('rating-status')).toHaveText('✓ Đã nhận đánh giá', { timeout: 5_000 });
	const screen = await officer.locator('main').innerText();
	expect(screen).not.toMatch(/Không hài lòng|Hài lòng|Bình thường/);
	const row = officer.getByRole('row', { name: /E2E-KS-0001/ });
	await expect(row).toContainText('Tiếp nhận');
	await expect(row).toContainText('Đã nhận đánh giá');

	// it counts for this officer
	await officer.goto(ownPage);
	expect(await counted()).toBe(before + 1);
	await officer.goto('/app/counter');
	await officer.getByRole('button', { name: 'Xong' }).click();
	await expect(officer.getByText('Đang phục vụ')).toHaveCount(0);
});

test('offline: 50 taps across reloads are all kept and stored exactly once when the network returns', async ({ browser }) => {
	test.setTimeout(180_000);
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo2');
	const counterText = await takeCounter(officer);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	const tabletContext = await browser.newContext();
	const tablet = await tabletContext.newPage();
	const label = `Máy ngoại tuyến ${Date.now()}`;
	await pairTablet(admin, tablet, counterText, label);
	// let the service worker install and cache the kiosk page before the network goes
	await tablet.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active != null);
	await tablet.waitForFunction(async () => (await caches.match('/kiosk')) !== undefined);
	await tablet.reload();

	await officer.goto('/app/counter');
	await serveDossier(officer, 'E2E-OFF-0001');
	await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 10_000 });

	await tabletContext.setOffline(true);
	for (let i = 0; i < 50; i++) {
		if (i > 0) await tablet.reload();
		await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible();
		await tablet.getByRole('button', { name: 'Rất hài lòng' }).click();
		await expect(tablet.getByTestId('kiosk-thanks')).toBeVisible();
	}
	await expect(tablet.getByTestId('pending')).toHaveText('50 đánh giá đang chờ gửi');

	await tabletContext.setOffline(false);
	await expect(tablet.getByTestId('pending')).toHaveCount(0, { timeout: 30_000 });

	// exactly 50 stored from this tablet, whatever the retries
	await admin.goto('/app/admin/devices');
	await expect(admin.getByRole('row', { name: new RegExp(label) }).getByTestId('ratings-today')).toHaveText('50');
	// one counted (the first), the rest stored as repeat presses: the officer got one rating
	await expect(officer.getByTestId('rating-status')).toHaveText('✓ Đã nhận đánh giá', { timeout: 5_000 });
});

test('a rating POST repeated three times, also concurrently, makes one row and identical answers', async ({ browser, request }) => {
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	const counterText = await takeCounter(officer);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	const tablet = await (await browser.newContext()).newPage();
	const label = `Máy lặp lại ${Date.now()}`;
	const credential = await pairTablet(admin, tablet, counterText, label);
	await officer.goto('/app/counter');
	await serveDossier(officer, 'E2E-IDEM-0001', 'Trả kết quả');

	const post = (key: string) =>
		request.post('/api/v1/device/ratings', {
			headers: { authorization: `Bearer ${credential}` },
			data: { key, level: 1, ageMs: 1000 }
		});
	const key = '0b7c2f9e-4a1d-4c3b-9f00-000000000001';
	const sequential = [await post(key), await post(key), await post(key)];
	const concurrent = await Promise.all([post(key + 'a'), post(key + 'a'), post(key + 'a')]);
	for (const group of [sequential, concurrent]) {
		const bodies = await Promise.all(group.map((r) => r.text()));
		expect(group.map((r) => r.status())).toEqual([200, 200, 200]);
		expect(new Set(bodies).size).toBe(1);
	}
	await admin.goto('/app/admin/devices');
	await expect(admin.getByRole('row', { name: new RegExp(label) }).getByTestId('ratings-today')).toHaveText('2');

	// malformed input gets a clear 400 naming the field, and a forged credential a 401
	const bad = await request.post('/api/v1/device/ratings', { headers: { authorization: `Bearer ${credential}` }, data: { key: 'x', level: 9, ageMs: -1 } });
	expect(bad.status()).toBe(400);
	expect(Object.keys((await bad.json()).fields)).toEqual(expect.arrayContaining(['key', 'level', 'ageMs']));
	const forged = await request.post('/api/v1/device/ratings', {
		headers: { authorization: `Bearer ${credential.slice(0, -2)}xx` },
		data: { key, level: 1, ageMs: 0 }
	});
	expect(forged.status()).toBe(401);
});
