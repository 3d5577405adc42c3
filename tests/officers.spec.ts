import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { E2E_PASSWORD } from '../playwright.config';
import { compareVietnameseNames } from '../src/lib/server/officers/names';
import { pairTablet, serveDossier, signIn, takeCounter } from './helpers';

/**
 * Officers (issue 13 item 4): an administrator adds one with a photo and an account, the officer
 * serves at a counter and the citizen's tablet shows the photo; a unit head sees their own units'
 * officers in Vietnamese list order; the HR list import previews and re-imports without change.
 */

async function choose(page: Page, select: string, optionText: string) {
	const value = await page.locator(`${select} option`, { hasText: optionText }).first().getAttribute('value');
	await page.locator(select).selectOption(value!);
}

test('an administrator adds an officer with a photo and an account; the tablet shows the photo while they serve', async ({ browser }) => {
	test.setTimeout(90_000);
	const n = Date.now() % 100_000;
	const fullName = 'Nguyễn Thị Ảnh Thư';
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	await admin.goto('/app/admin/officers');
	const create = admin.locator('form[action="?/create"]');
	await create.getByLabel('Số hiệu').fill(`E2E-${n}`);
	await create.getByLabel('Họ và tên').fill(fullName);
	await create.locator('input[name=titleVi]').fill('Chuyên viên');
	await choose(admin, 'select[name=unitId]', 'Phường Nha Trang');
	await create.getByLabel('Vị trí công tác').fill('Công chức Bộ phận Một cửa');
	await create.getByLabel('Từ ngày').fill('01/07/2025');
	await admin.getByRole('button', { name: 'Thêm cán bộ' }).click();
	await expect(admin.getByText(`Đã thêm cán bộ ${fullName}.`)).toBeVisible();
	await expect(admin.getByTestId('postings')).toContainText('Phường Nha Trang');

	// a PNG named .jpg, near the 5 MB limit (noise does not compress): judged by its bytes, resized on the server
	const noise = Buffer.alloc(1000 * 1500 * 3);
	for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
	const png = await sharp(noise, { raw: { width: 1000, height: 1500, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
	expect(png.length).toBeGreaterThan(4 * 1024 * 1024);
	expect(png.length).toBeLessThan(5 * 1024 * 1024);
	await admin.getByLabel('Ảnh JPEG, PNG hoặc WebP, tối đa 5 MB').setInputFiles({ name: 'anh-the.jpg', mimeType: 'image/jpeg', buffer: png });
	await admin.getByRole('button', { name: 'Tải ảnh lên' }).click();
	await expect(admin.getByText('Đã lưu ảnh.')).toBeVisible();
	const photo = admin.getByTestId('officer-photo');
	await expect(photo).toHaveAttribute('width', '400');
	await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalHeight)).toBe(600);

	// a text file named .jpg is refused
	await admin.getByLabel('Ảnh JPEG, PNG hoặc WebP, tối đa 5 MB').setInputFiles({ name: 'anh.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('không phải ảnh') });
	await admin.getByRole('button', { name: 'Tải ảnh lên' }).click();
	await expect(admin.getByRole('alert')).toHaveText('Chỉ nhận ảnh JPEG, PNG hoặc WebP.');

	const username = `e2e.thu${n}`;
	await admin.getByLabel('Tên đăng nhập').fill(username);
	await admin.getByLabel('Mật khẩu').fill(E2E_PASSWORD);
	await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
	await expect(admin.getByTestId('officer-account')).toHaveText(`Gắn với tài khoản ${username}.`);

	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, username);
	const counterText = await takeCounter(officer);
	const tablet = await (await browser.newContext()).newPage();
	const credential = await pairTablet(admin, tablet, counterText);
	await officer.goto('/app/counter');
	await serveDossier(officer, `E2E-ANH-${n}`);

	await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 10_000 });
	await expect(tablet.getByTestId('kiosk-officer')).toHaveText(fullName);
	const shown = tablet.getByTestId('kiosk-photo');
	await expect(shown).toBeVisible();
	expect(await shown.getAttribute('src')).toMatch(/^blob:/);
	await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(400);

	// the photo URL answers the tablet's credential only, revalidates by ETag, and names no one else
	const bearer = { authorization: `Bearer ${credential}` };
	const state = await (await tablet.request.get('/api/v1/device/prompt', { headers: bearer })).json();
	const url: string = state.prompt.officer.photoUrl;
	expect(url).toMatch(/^\/api\/v1\/device\/photos\/\d+\?v=/);
	const got = await tablet.request.get(url, { headers: bearer });
	expect([got.status(), got.headers()['content-type'], got.headers()['cache-control']]).toEqual([200, 'image/jpeg', 'private, no-cache']);
	const etag = got.headers()['etag'];
	expect((await tablet.request.get(url, { headers: { ...bearer, 'if-none-match': etag } })).status()).toBe(304);
	expect((await tablet.request.get(url)).status()).toBe(401);

	await tablet.getByRole('button', { name: 'Rất hài lòng' }).click();
	await expect(tablet.getByTestId('kiosk-thanks')).toBeVisible();
	await officer.getByRole('button', { name: 'Xong' }).click();
	await expect(officer.getByText('Đang phục vụ')).toHaveCount(0);
	// once the officer has left the counter, its tablet may no longer load their photo
	await officer.getByRole('button', { name: 'Trả quầy' }).click();
	await expect(officer.getByRole('button', { name: 'Trả quầy' })).toHaveCount(0);
	expect((await tablet.request.get(url, { headers: bearer })).status()).toBe(404);
});

test('a unit head sees their own units’ officers in Vietnamese list order, finds one, and transfers them within the unit', async ({ page }) => {
	await signIn(page, 'lanhdao1');
	await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cán bộ' }).click();
	await expect(page).toHaveURL(/\/app\/admin\/officers$/);
	// of the administration, only the tabs a unit head may use: centres and counters, officers
	await expect(page.getByRole('navigation', { name: 'Quản trị hệ thống' }).getByRole('link')).toHaveText(['Trung tâm và quầy', 'Cán bộ']);
	const names = await page.getByTestId('officer-list').locator('tbody tr td:nth-child(2)').allInnerTexts();
	expect(names.length).toBeGreaterThan(1);
	expect(names).toEqual([...names].sort(compareVietnameseNames));
	// the unit column names only the head's units
	const units = new Set(await page.getByTestId('officer-list').locator('tbody tr td:nth-child(5)').allInnerTexts());
	for (const u of units) expect(u).not.toMatch(/Cam Ranh/);

	const first = names[0];
	await page.getByLabel('Tìm theo họ tên, số hiệu hoặc tài khoản').fill(first.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase());
	await page.getByRole('button', { name: 'Tìm' }).click();
	await expect(page.getByTestId('officer-list').locator('tbody tr').first()).toContainText(first);
	await page.getByRole('link', { name: first }).first().click();
	await expect(page.getByTestId('officer-name')).toContainText(first);

	// a new position in the same unit from tomorrow: the current posting ends today
	const day = (offset: number) => new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
	// what the page shows: the one date format of every page (issue 15), dd/mm/yyyy
	const shown = (offset: number) => day(offset).split('-').reverse().join('/');
	const postings = page.getByTestId('postings');
	const before = await postings.locator('tbody tr').count();
	const add = page.locator('form[action="?/posting"]');
	await add.getByLabel('Vị trí công tác').fill('Phó Trưởng Bộ phận Một cửa');
	await add.getByLabel('Từ ngày').fill(shown(1));
	await add.getByRole('button', { name: 'Lưu thời gian công tác' }).click();
	await expect(page.getByText(`Đã điều động: vị trí trước kết thúc, vị trí mới bắt đầu từ ngày ${shown(1)}.`)).toBeVisible();
	await expect(postings.locator('tbody tr')).toHaveCount(before + 1);
	await expect(postings.locator('tbody tr').first()).toContainText('Phó Trưởng Bộ phận Một cửa');
	await expect(postings.locator('tbody tr').nth(1).locator('td').nth(3)).toHaveText(shown(0));
	// another posting from today overlaps the one that now ends today: refused, naming it
	await add.getByLabel('Vị trí công tác').fill('Chuyên viên');
	await add.getByLabel('Từ ngày').fill(shown(0));
	await add.getByRole('button', { name: 'Lưu thời gian công tác' }).click();
	await expect(page.getByRole('alert')).toContainText(`Trùng thời gian với thời gian công tác tại đơn vị`);
	await expect(postings.locator('tbody tr')).toHaveCount(before + 1);
});

test('the HR list import: preview, progress, and the same file again changes nothing', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/app/admin/officers/import');
	const sample = await page.request.get('/app/admin/officers/import/sample.csv');
	expect(sample.status()).toBe(200);
	const buffer = Buffer.from(await sample.body());
	for (const expected of ['2 mới, 0 cập nhật, 0 không đổi', '0 mới, 0 cập nhật, 2 không đổi']) {
		await page.getByLabel('Tệp CSV hoặc Excel (.xlsx)').setInputFiles({ name: 'danh-sach.csv', mimeType: 'text/csv', buffer });
		await page.getByRole('button', { name: 'Xem trước' }).click();
		await expect(page.getByTestId('import-totals')).toHaveText('danh-sach.csv: 2 dòng: 2 hợp lệ, 0 có lỗi.');
		await page.getByRole('button', { name: 'Nhập 2 dòng hợp lệ' }).click();
		await expect(page.getByTestId('import-summary')).toContainText(expected);
		await page.goto('/app/admin/officers/import');
	}
	await page.goto('/app/admin/officers?q=Hồng Nhung');
	await expect(page.getByTestId('officer-list')).toContainText('CB-0001');
});
