import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

/**
 * Date fields written dd/mm/yyyy whatever the browser's locale (issue 15, item 5): a native date
 * input in an en-US Chromium shows mm/dd/yyyy; the app's fields show and read dd/mm/yyyy, and say
 * in Vietnamese when a typed day does not exist.
 */
test.use({ locale: 'en-US' });

test('an en-US browser sees the period dd/mm/yyyy, applies one typed so, and is told 31/02/2026 does not exist', async ({ page }) => {
	test.setTimeout(60_000); // the overview renders charts: slow on a busy machine
	await signIn(page, 'lanhdao1');
	await page.goto('/app');
	const form = page.locator('form.period-form');
	const from = form.getByLabel('Từ ngày');
	const to = form.getByLabel('Đến ngày');
	await expect(from).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
	await expect(to).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
	await expect(from).toHaveAttribute('placeholder', 'dd/mm/yyyy');
	await expect(from).toHaveAttribute('inputmode', 'numeric');

	await from.fill('01/02/2026');
	await to.fill('28/02/2026');
	await form.getByRole('button', { name: 'Xem' }).click();
	await expect(form.getByText('Kỳ: 01/02/2026 – 28/02/2026; so với 28 ngày liền trước.')).toBeVisible({ timeout: 15_000 });
	await expect(from).toHaveValue('01/02/2026');
	await expect(to).toHaveValue('28/02/2026');

	// the calendar button: a Vietnamese name, and the day chosen in the browser's calendar comes back dd/mm/yyyy
	const pick = form.getByRole('button', { name: 'Chọn trên lịch' });
	await expect(pick).toHaveCount(2);
	const picker = form.locator('.date-input').nth(1).locator('input[type="date"]');
	// the button opens the calendar on the day the field holds
	await pick.nth(1).click();
	await expect(picker).toHaveValue('2026-02-28');
	await page.keyboard.press('Escape');
	await picker.fill('2026-03-15', { force: true });
	await expect(to).toHaveValue('15/03/2026');
	const axe = await new AxeBuilder({ page }).include('form.period-form').analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

	await to.fill('31/02/2026');
	await form.getByRole('button', { name: 'Xem' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Không có ngày 31/02/2026 trong lịch: hãy nhập một ngày có thật, dạng dd/mm/yyyy.' })).toBeVisible({
		timeout: 15_000
	});
});
