import { expect, test, type Page } from '@playwright/test';
import { signIn, takeCounter } from './helpers';

/**
 * Issue 15, item 4: live pages stay live. Every page that opens a live stream, for every role
 * that reads it, stays open ~10 s: no stream request answers 4xx/5xx, no badge falls to
 * "Mất kết nối, đang thử lại…", and a page that shows the live badge did open its stream.
 */
const STREAMS = ['/app/live', '/app/counter/events'];
const HOLD_MS = 10_000;

type Heard = { path: string; status: number };

async function holdOpen(page: Page, url: string, expectStream: boolean) {
	const heard: Heard[] = [];
	const failed: string[] = [];
	const onResponse = (r: import('@playwright/test').Response) => {
		const path = new URL(r.url()).pathname;
		if (STREAMS.includes(path)) heard.push({ path, status: r.status() });
	};
	const onFailed = (r: import('@playwright/test').Request) => {
		const path = new URL(r.url()).pathname;
		// a stream the page itself closes when it navigates away is not a failure; one that fails while open is
		if (STREAMS.includes(path) && !/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) failed.push(`${path}: ${r.failure()?.errorText}`);
	};
	page.on('response', onResponse);
	page.on('requestfailed', onFailed);
	await page.goto(url);
	const badge = page.getByTestId('live-badge');
	if (expectStream) await expect(badge).toHaveAttribute('data-status', 'live', { timeout: 10_000 });
	await page.waitForTimeout(HOLD_MS);
	page.off('response', onResponse);
	page.off('requestfailed', onFailed);
	const where = `${url}`;
	expect(heard.filter((h) => h.status >= 400).map((h) => `${where} ${h.path} ${h.status}`)).toEqual([]);
	expect(failed, where).toEqual([]);
	if (expectStream) {
		expect(heard.length, `${where} opened a stream`).toBeGreaterThan(0);
		await expect(badge).toHaveAttribute('data-status', 'live');
	}
	await expect(page.getByText('Mất kết nối, đang thử lại…')).toHaveCount(0);
	await expect(page.locator('[data-testid="live-badge"][data-status="retrying"]')).toHaveCount(0);
	return heard;
}

/** The overview, a unit page and an officer page, as a leader reaches them. */
async function leaderPages(page: Page): Promise<string[]> {
	await page.goto('/app');
	const unit = await page.getByTestId('unit-table').getByRole('link').first().getAttribute('href');
	await page.goto(unit!);
	const officer = await page.getByTestId('officer-table').locator('tbody tr[data-officer] a').first().getAttribute('href');
	return ['/app', unit!, officer!];
}

for (const username of ['admin', 'caicach', 'lanhdao1', 'thanhtra']) {
	test(`${username}: the overview, a unit page and an officer page stay live for 10 s`, async ({ page }) => {
		test.setTimeout(90_000);
		await signIn(page, username);
		for (const url of await leaderPages(page)) await holdOpen(page, url, true);
	});
}

test('an officer: their own page opens no stream it may not read, and the counter screen stays live', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, 'canbo1');
	await page.goto('/app');
	await expect(page).toHaveURL(/\/app\/officers\/\d+/);
	const own = new URL(page.url()).pathname;
	const heard = await holdOpen(page, own, false);
	expect(heard.filter((h) => h.path === '/app/live')).toEqual([]);
	await takeCounter(page);
	const counter = await holdOpen(page, '/app/counter', false);
	expect(counter.map((h) => [h.path, h.status])).toContainEqual(['/app/counter/events', 200]);
});
