import { expect, test, type Browser, type Page } from '@playwright/test';
import { pairTablet, serveDossier, signIn, takeCounter } from './helpers';

/**
 * /app/live: a rating recorded through the tablet API reaches an open dashboard's event stream
 * within 2 s, and only the dashboards whose scope holds the rating's unit.
 */

type Received = { event: string; data: { unitId?: number | null } | null; at: number };
type LiveWindow = Window & { __live: Received[]; __liveStatus?: number };

/** Opens /app/live inside the signed-in page with a fetch reader, collecting every event. */
async function listen(page: Page) {
	await page.goto('/app');
	await page.evaluate(() => {
		const w = window as unknown as LiveWindow;
		w.__live = [];
		void fetch('/app/live').then(async (res) => {
			w.__liveStatus = res.status;
			const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
			let buffer = '';
			for (;;) {
				const { value, done } = await reader.read();
				if (done) return;
				buffer += value;
				for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const event = /^event: (.*)$/m.exec(block)?.[1];
					const data = /^data: (.*)$/m.exec(block)?.[1];
					if (event) w.__live.push({ event, data: data ? JSON.parse(data) : null, at: Date.now() });
				}
			}
		});
	});
	await page.waitForFunction(() =>
		(window as unknown as LiveWindow).__live.some((e) => e.event === 'ready')
	);
}

const ratingsHeard = (page: Page) =>
	page.evaluate(() => (window as unknown as LiveWindow).__live.filter((e) => e.event === 'rating'));

/** An officer at a counter with a paired tablet and an open service: returns a function that rates once through the API. */
async function counterWithTablet(browser: Browser, officerName: string, dossier: string) {
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, officerName);
	const counterText = await takeCounter(officer);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	const tablet = await (await browser.newContext()).newPage();
	const credential = await pairTablet(
		admin,
		tablet,
		counterText,
		`Máy trực tiếp ${officerName} ${Date.now()}`
	);
	await officer.goto('/app/counter');
	await serveDossier(officer, dossier);
	return async (key: string) => {
		const res = await tablet.request.post('/api/v1/device/ratings', {
			headers: { authorization: `Bearer ${credential}` },
			data: { key, level: 1, ageMs: 0 }
		});
		expect(res.status()).toBe(200);
	};
}

test('a rating reaches the dashboards of its unit within 2 s, and no other unit’s', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const head1 = await (await browser.newContext()).newPage();
	await signIn(head1, 'lanhdao1');
	const head2 = await (await browser.newContext()).newPage();
	await signIn(head2, 'lanhdao2');
	const province = await (await browser.newContext()).newPage();
	await signIn(province, 'caicach');
	await Promise.all([listen(head1), listen(head2), listen(province)]);

	// canbo1 works in lanhdao1's unit, canbo2 in lanhdao2's; the reform team sees the province
	const rateInUnit1 = await counterWithTablet(browser, 'canbo1', 'E2E-LIVE-0001');
	const rateInUnit2 = await counterWithTablet(browser, 'canbo2', 'E2E-LIVE-0002');
	const before = {
		head1: (await ratingsHeard(head1)).length,
		head2: (await ratingsHeard(head2)).length,
		province: (await ratingsHeard(province)).length
	};

	const sent = Date.now();
	await rateInUnit1('3f0c1a52-7d4e-4b8a-9c11-00000000e201');
	await expect
		.poll(async () => (await ratingsHeard(head1)).length, { timeout: 2_000 })
		.toBe(before.head1 + 1);
	const [heard] = (await ratingsHeard(head1)).slice(before.head1);
	console.log(`live: rating heard by the unit head ${heard.at - sent} ms after the POST was sent`);
	expect(Object.keys(heard.data ?? {})).toEqual(['unitId']); // no level, no name
	await expect
		.poll(async () => (await ratingsHeard(province)).length, { timeout: 2_000 })
		.toBe(before.province + 1);

	// the other way round: lanhdao2 hears their own unit's rating and never heard the first
	await rateInUnit2('3f0c1a52-7d4e-4b8a-9c11-00000000e202');
	await expect
		.poll(async () => (await ratingsHeard(head2)).length, { timeout: 2_000 })
		.toBe(before.head2 + 1);
	await expect
		.poll(async () => (await ratingsHeard(province)).length, { timeout: 2_000 })
		.toBe(before.province + 2);
	const unit2 = (await ratingsHeard(head2)).at(-1)!.data!.unitId;
	expect(unit2).not.toBe(heard.data!.unitId);
	await head1.waitForTimeout(500);
	expect((await ratingsHeard(head1)).map((e) => e.data?.unitId)).not.toContain(unit2);
	expect((await ratingsHeard(head2)).map((e) => e.data?.unitId)).not.toContain(heard.data!.unitId);
});

test('officers and visitors get no live stream', async ({ browser, request }) => {
	const anonymous = await request.get('/app/live', { maxRedirects: 0 });
	expect(anonymous.status()).toBe(303);
	expect(anonymous.headers()['location']).toMatch(/^\/login/);
	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	expect(await officer.evaluate(async () => (await fetch('/app/live')).status)).toBe(403);
});
