import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { COMMENTS } from '../src/lib/server/demo/texts';
import { comparePeople } from '../src/lib/vietnamese-order';
import { finishOpenService, pairTablet, serveDossier, signIn, takeCounter } from './helpers';

/**
 * The leaders' dashboards on the demo province (3 months), as a unit head and the public read
 * them: lanhdao1 heads Phường Nha Trang, where one officer is planted with a low satisfaction
 * rate (the low-score flag of the default 30-day period); canbo1 works at a counter there.
 */

/** Vietnamese figures as shown: "1.468" → 1468, "75,7%" → 75.7, "—" → null. */
const count = (text: string) => Number(text.replace(/\D/g, ''));
const percent = (text: string) => (/\d/.test(text) ? Number(text.replace('%', '').replace(/\./g, '').replace(',', '.').trim()) : null);

/** A phone number in any of the ways people write one: 0912345678, 0912 345 678, 0912.345.678, +84 912… */
const PHONE = /(?<![\d.,])(?:0\d{9}|0\d{2,3}[ .]\d{3}[ .]\d{3,4}|\+84[ \d.]{8,12})(?![\d])/;
const CITIZEN_COMMENTS = Object.values(COMMENTS).flat();

async function expectAccessible(page: Page, what: string) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${what}: ${v.id} ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)).toEqual([]);
}

/** The value of the stat card whose label is exactly `label`. */
const stat = (scope: Page | Locator, label: string) =>
	scope.locator('.stat').filter({ has: scope.locator('.label', { hasText: new RegExp(`^${label}$`) }) }).locator('.value');

type OfficerRow = { id: string; name: string; staffNumber: string; ratings: number; rate: number | null; flagged: boolean };

/** The officer table as the page shows it, in its current order. */
async function officerRows(page: Page): Promise<OfficerRow[]> {
	const rows = await page.getByTestId('officer-table').locator('tbody tr[data-officer]').evaluateAll((trs) =>
		trs.map((tr) => {
			const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
			return {
				id: tr.getAttribute('data-officer') ?? '',
				name: tr.querySelector('td a')?.textContent?.trim() ?? '',
				staffNumber: tr.querySelector('td small')?.textContent?.split('·')[0].trim() ?? '',
				ratings: cells[2],
				rate: cells[4],
				flagged: tr.querySelector('[data-testid="low-flag"]') !== null
			};
		})
	);
	return rows.map((r) => ({ ...r, ratings: count(r.ratings), rate: percent(r.rate) }));
}

/** Waits for pages that render charts and heatmaps: slow on a busy machine, and not what is tested. */
const PAGE_LOAD = { timeout: 15_000 };

/** From the overview's comparison table to a unit's page (the unit head's own, by default). */
async function openUnit(page: Page, name = 'Phường Nha Trang'): Promise<string> {
	await page.goto('/app');
	await page.getByTestId('unit-table').getByRole('link', { name, exact: true }).click();
	await expect(page).toHaveURL(/\/app\/units\/\d+\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/, PAGE_LOAD);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	await expect(page.getByTestId('officer-table').locator('tbody tr[data-officer]').first()).toBeVisible();
	return new URL(page.url()).pathname;
}

/** A marker in the page's window: still there later means the page was never reloaded. */
const markWindow = (page: Page) => page.evaluate(() => ((window as unknown as { __kept: string }).__kept = 'same page'));
const windowMark = (page: Page) => page.evaluate(() => (window as unknown as { __kept?: string }).__kept ?? null);

/** Contexts a test opens outlive it unless closed: their live streams would keep reloading pages. */
const opened: BrowserContext[] = [];
async function newPage(browser: Browser) {
	const context = await browser.newContext();
	opened.push(context);
	return context.newPage();
}
test.afterEach(async () => {
	await Promise.all(opened.splice(0).map((c) => c.close()));
});

test('a unit head opens their unit, sorts and filters the officers, and drills into one without seeing any citizen', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, 'lanhdao1');
	await openUnit(page);

	// their officers, with the names as written in Vietnamese
	const initial = await officerRows(page);
	expect(initial.length).toBeGreaterThanOrEqual(3);
	for (const o of initial) expect(o.name).toMatch(/^\p{Lu}\p{Ll}*( \p{Lu}\p{Ll}*)+$/u);
	expect(initial.some((o) => /[À-ỹĐđ]/u.test(o.name))).toBe(true); // letters with Vietnamese diacritics
	await expect(page.getByText(`${initial.length}/${initial.length} cán bộ`)).toBeVisible();

	// by name (A → Z in Vietnamese list order: given name first, then family and middle names), then by ratings, most first
	const table = page.getByTestId('officer-table');
	await table.getByRole('button', { name: 'Họ và tên' }).click();
	await expect(table.locator('th[aria-sort="ascending"]')).toHaveText(/Họ và tên/);
	const byName = (await officerRows(page)).map((o) => o.name);
	expect(byName).toEqual(initial.map((o) => o.name).toSorted(comparePeople));
	await table.getByRole('button', { name: 'Lượt đánh giá' }).click();
	await expect(table.locator('th[aria-sort="descending"]')).toHaveText(/Lượt đánh giá/);
	const byRatings = await officerRows(page);
	expect(byRatings.map((o) => o.ratings)).toEqual(initial.map((o) => o.ratings).toSorted((a, b) => b - a));
	expect(byRatings.map((o) => o.name)).not.toEqual(byName);
	await table.getByRole('button', { name: 'Lượt đánh giá' }).click();
	await expect(table.locator('th[aria-sort="ascending"]')).toHaveText(/Lượt đánh giá/);
	expect((await officerRows(page)).map((o) => o.ratings)).toEqual(initial.map((o) => o.ratings).toSorted((a, b) => a - b));

	// filter by part of a name (any case), then by staff number
	const target = initial.find((o) => o.flagged) ?? initial[0];
	const given = target.name.split(' ').at(-1)!;
	const filter = page.getByLabel('Lọc theo tên hoặc mã cán bộ');
	await filter.fill(given.toLocaleLowerCase('vi'));
	const matching = initial.filter((o) => o.name.toLocaleLowerCase('vi').includes(given.toLocaleLowerCase('vi')));
	await expect(table.locator('tbody tr[data-officer]')).toHaveCount(matching.length);
	expect((await officerRows(page)).map((o) => o.name).toSorted()).toEqual(matching.map((o) => o.name).toSorted());
	await expect(page.getByText(`${matching.length}/${initial.length} cán bộ`)).toBeVisible();
	await filter.fill(target.staffNumber);
	await expect(table.locator('tbody tr[data-officer]')).toHaveCount(1);
	await filter.fill('không có ai tên này');
	await expect(table.locator('tbody tr[data-officer]')).toHaveCount(0);
	await expect(table).toContainText('Không có cán bộ nào khớp bộ lọc.');
	await filter.fill('');
	await page.getByLabel('Chỉ cán bộ có cảnh báo').check();
	await expect(table.locator('tbody tr[data-officer]')).toHaveCount(initial.filter((o) => o.flagged).length);
	await page.getByLabel('Chỉ cán bộ có cảnh báo').uncheck();
	await expect(table.locator('tbody tr[data-officer]')).toHaveCount(initial.length);

	// the officer's own page, for the same period: the same figures as their row
	await table.getByRole('link', { name: target.name }).click();
	await expect(page).toHaveURL(new RegExp(`/app/officers/${target.id}\\?from=`), PAGE_LOAD);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(target.name);
	await expect(page.getByText(`Mã cán bộ ${target.staffNumber}`)).toBeVisible();
	const ratings = count(await stat(page, 'Lượt đánh giá được tính').innerText());
	expect(ratings).toBe(target.ratings);
	expect(percent(await page.getByTestId('officer-satisfaction').locator('.value').innerText())).toBe(target.rate);

	// the level distribution's table adds up to the counted ratings
	const levels = page.locator('figure', { hasText: 'Phân bố theo mức' });
	await levels.getByText('Xem bảng số liệu').click();
	const levelTable = levels.getByRole('table');
	await expect(levelTable).toBeVisible();
	await expect(levelTable.locator('thead')).toContainText('Mức');
	const levelCounts = (await levelTable.locator('tbody td').allInnerTexts()).map(count);
	expect(levelCounts.length).toBeGreaterThanOrEqual(3);
	expect(levelCounts.reduce((a, b) => a + b, 0)).toBe(ratings);
	await expect(levelTable.locator('tbody th').first()).toHaveText(/^1\. \p{Lu}/u);

	// the planted officer's dissatisfied citizens gave reasons; the TT01 grid has their row
	if (target.flagged) await expect(page.getByTestId('officer-reasons')).toContainText('Thái độ phục vụ');
	const tt01 = page.getByTestId('officer-tt01');
	await expect(tt01.getByRole('row', { name: new RegExp(target.name) })).toBeVisible();
	await expect(tt01).toContainText(/\d\/5 chỉ số có dữ liệu/);
	await expect(tt01).toContainText(/Xuất sắc|Tốt|Khá|Trung bình|Yếu/);

	// never who rated: no phone number, no comment a citizen typed
	for (const details of await page.locator('main details').all()) await details.evaluate((d) => ((d as HTMLDetailsElement).open = true));
	const text = await page.locator('main').innerText();
	expect(text).toContain('Không hiển thị danh tính hay lựa chọn của từng người dân.');
	expect(text).not.toMatch(PHONE);
	for (const comment of CITIZEN_COMMENTS) expect(text).not.toContain(comment);
});

test('the low-score flag explains itself; the unit head acknowledges it and the note is in the log', async ({ browser }) => {
	test.setTimeout(60_000);
	const head = await newPage(browser);
	await signIn(head, 'lanhdao1');
	await openUnit(head);
	const flagged = (await officerRows(head)).filter((o) => o.flagged);
	expect(flagged.length).toBe(1); // the planted officer, and nobody else
	const row = head.locator(`tr[data-officer="${flagged[0].id}"]`);
	const badge = row.getByTestId('low-flag');
	await expect(badge).toHaveText('Thấp hơn đơn vị');
	await expect(badge).toHaveAttribute('title', /hài lòng trên [\d.]+ lượt; các cán bộ khác của đơn vị [\d,]+%; .*với độ tin cậy [\d,]+%\.$/);
	// the explanation is read out too, not only in a tooltip
	await expect(row.locator('.visually-hidden')).toContainText('với độ tin cậy');
	await expect(row.getByText('Đã ghi nhận')).toHaveCount(0);

	await markWindow(head);
	const note = `Đã trao đổi với cán bộ, theo dõi thêm một tháng (${Date.now()}).`;
	await row.locator('summary', { hasText: 'Ghi nhận' }).click();
	await row.getByLabel('Ghi chú (bắt buộc, được lưu vào nhật ký)').fill(note);
	const submit = row.locator('form').getByRole('button', { name: 'Ghi nhận' });
	// a flag that is no longer raised (here an id the server never raised) is refused, and says so
	const flagId = row.locator('input[name="id"]');
	const realId = await flagId.inputValue();
	await flagId.evaluate((input) => ((input as HTMLInputElement).value = 'low_score:officer:0:1900-01-01_1900-01-02'));
	await submit.click();
	await expect(row.getByRole('alert')).toHaveText('Không còn cảnh báo này trong kỳ đã chọn, hoặc nằm ngoài phạm vi của bạn.');
	await expect(row.getByText('Đã ghi nhận', { exact: true })).toHaveCount(0);
	await flagId.evaluate((input, id) => ((input as HTMLInputElement).value = id), realId);
	await submit.click();
	await expect(row.getByText('Đã ghi nhận', { exact: true })).toBeVisible();
	await expect(row.locator('form')).toHaveCount(0);
	await expect(row.getByText('Đã ghi nhận', { exact: true })).toHaveAttribute('title', new RegExp(`Trần Quốc Bảo, .*: ${note.replace(/[().]/g, '\\$&')}`));
	expect(await windowMark(head)).toBe('same page');
	// still acknowledged after a fresh load
	await head.reload();
	await expect(head.locator(`tr[data-officer="${flagged[0].id}"]`).getByText('Đã ghi nhận', { exact: true })).toBeVisible();

	// the flags page for the same period shows who acknowledged it and why
	await head.locator('a', { has: head.locator('.stat', { hasText: 'Cảnh báo' }) }).click();
	await expect(head).toHaveURL(/\/app\/flags\?from=/, PAGE_LOAD);
	const flagRow = head.getByTestId('flag-group-low_score').getByTestId('flag').filter({ hasText: flagged[0].name });
	await expect(flagRow).toContainText(`Đã ghi nhận bởi Trần Quốc Bảo`);
	await expect(flagRow).toContainText(note);

	// and the administrator reads it in the audit log
	const admin = await newPage(browser);
	await signIn(admin, 'admin');
	await admin.goto('/app/admin');
	await admin.getByRole('link', { name: 'Nhật ký' }).click();
	await expect(admin).toHaveURL(/\/app\/admin\/audit/);
	await admin.getByLabel('Lọc theo hành động').selectOption({ label: 'Cảnh báo' });
	await admin.getByRole('button', { name: 'Lọc', exact: true }).click();
	await expect(admin).toHaveURL(/action=flag/);
	const entry = admin.getByRole('row').filter({ hasText: note });
	await expect(entry).toHaveCount(1); // the refused attempt wrote nothing
	await expect(entry).toContainText('lanhdao1');
	await expect(entry).toContainText('Ghi nhận đã xem xét cảnh báo');
	// what was recorded stays readable, folded away, for a technical check
	await entry.getByText('Dữ liệu ghi kèm').click();
	await expect(entry).toContainText('"kind": "low_score"');
});

test('the officer table downloads as XLSX and CSV with the names and figures on screen', async ({ page }) => {
	await signIn(page, 'lanhdao1');
	const path = await openUnit(page);
	const shown = await officerRows(page);
	const query = new URL(page.url()).search;

	// XLSX: the title and filters, then a header row, then one row per officer
	const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải Excel (XLSX)' }).click()]);
	expect(new URL(xlsx.url()).pathname).toBe(`${path}/export`);
	expect(new URL(xlsx.url()).search).toContain(query.slice(1));
	expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
	const book = new ExcelJS.Workbook();
	await book.xlsx.load(fs.readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
	const sheet = book.worksheets[0];
	const values = (r: number) => (sheet.getRow(r).values as ExcelJS.CellValue[]).slice(1);
	expect(String(values(1)[0])).toBe('Cán bộ — Phường Nha Trang');
	let header = 0;
	sheet.eachRow((row, n) => {
		if (!header && (row.values as ExcelJS.CellValue[]).includes('Họ và tên')) header = n;
	});
	expect(header).toBeGreaterThan(1);
	const columns = values(header).map(String);
	const col = (name: string) => {
		const i = columns.indexOf(name);
		expect(i, `column ${name}`).toBeGreaterThanOrEqual(0);
		return i;
	};
	const [nameCol, staffCol, ratingsCol, rateCol] = [col('Họ và tên'), col('Mã cán bộ'), col('Lượt đánh giá'), col('Hài lòng')];
	const fromXlsx: { name: string; staffNumber: string; ratings: number; rate: number | null }[] = [];
	for (let r = header + 1; r <= sheet.rowCount; r++) {
		const v = values(r);
		if (v[nameCol] == null) continue;
		fromXlsx.push({ name: String(v[nameCol]), staffNumber: String(v[staffCol]), ratings: Number(v[ratingsCol]), rate: v[rateCol] == null ? null : Number(v[rateCol]) });
	}
	expect(fromXlsx.length).toBe(shown.length);
	for (const o of shown) {
		const line = fromXlsx.find((x) => x.staffNumber === o.staffNumber);
		expect(line, o.name).toBeDefined();
		expect(line!.name).toBe(o.name); // diacritics intact, same normalisation
		expect(line!.ratings).toBe(o.ratings);
		if (o.rate === null) expect(line!.rate).toBeNull();
		else expect(Math.abs(line!.rate! * 100 - o.rate)).toBeLessThanOrEqual(0.05 + 1e-9);
	}

	// CSV: UTF-8 with a byte-order mark for Excel, one header line, the same rows
	const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV (dấu phẩy)' }).click()]);
	expect(csv.suggestedFilename()).toMatch(/\.csv$/);
	const bytes = fs.readFileSync((await csv.path())!);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const records: Record<string, string>[] = parse(bytes.toString('utf8'), { bom: true, columns: true });
	expect(records.length).toBe(shown.length);
	for (const o of shown) {
		const line = records.find((x) => x['Mã cán bộ'] === o.staffNumber);
		expect(line, o.name).toBeDefined();
		expect(line!['Họ và tên']).toBe(o.name);
		expect(Number(line!['Lượt đánh giá'])).toBe(o.ratings);
		expect(line!['Cảnh báo hài lòng thấp']).toBe(o.flagged ? 'Có' : 'Không');
	}
	// the downloads left the page where it was
	await expect(page).toHaveURL(new RegExp(`${path}\\?`));
});

test('a rating from the tablet raises the open unit page’s counted ratings within seconds, without a reload', async ({ browser }) => {
	test.setTimeout(90_000);
	// canbo1 serves at a counter of Phường Nha Trang with a freshly paired tablet
	const officer = await newPage(browser);
	await signIn(officer, 'canbo1');
	const officerName = (await officer.locator('header nav a[href="/app/account"]').innerText()).trim();
	await finishOpenService(officer);
	const counterText = await takeCounter(officer);
	const admin = await newPage(browser);
	await signIn(admin, 'admin');
	const tablet = await newPage(browser);
	await pairTablet(admin, tablet, counterText, `Máy bảng điều khiển ${Date.now()}`);

	// the unit head has their page open and live
	const head = await newPage(browser);
	await signIn(head, 'lanhdao1');
	await openUnit(head);
	await expect(head.getByTestId('live-badge')).toContainText('Trực tiếp', PAGE_LOAD);
	await markWindow(head);
	const officerRow = head.getByTestId('officer-table').locator('tbody tr', { hasText: officerName });
	await expect(officerRow).toHaveCount(1);

	await officer.goto('/app/counter');
	await serveDossier(officer, `E2E-DASH-${Date.now() % 1_000_000}`);
	await expect(tablet.getByTestId('kiosk-prompt')).toBeVisible({ timeout: 10_000 });
	const counted = async () => count(await stat(head, 'Lượt đánh giá được tính').innerText());
	const officerRatings = async () => count(await officerRow.locator('td').nth(2).innerText());
	const before = { unit: await counted(), officer: await officerRatings() };

	// the clock starts when the server has stored the rating (the tablet thanks the citizen before)
	const stored = tablet.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/device/ratings'));
	await tablet.getByRole('button', { name: 'Rất hài lòng' }).click();
	await expect(tablet.getByTestId('kiosk-thanks')).toBeVisible();
	expect((await stored).status()).toBe(200);
	const recorded = Date.now();
	await expect.poll(counted, { timeout: 5_000, intervals: [100, 250] }).toBe(before.unit + 1);
	console.log(`dashboards: the open unit page showed the rating ${Date.now() - recorded} ms after it was stored`);
	await expect.poll(officerRatings, { timeout: 2_000 }).toBe(before.officer + 1);
	await expect(head.getByTestId('live-updated')).toBeVisible();
	expect(await windowMark(head)).toBe('same page');

	await officer.getByRole('button', { name: 'Xong' }).click();
	await expect(officer.getByRole('button', { name: 'Xong' })).toHaveCount(0);
});

test('the public page shows each unit’s rates and counts to anyone, and no officer', async ({ browser }) => {
	test.setTimeout(60_000);
	// every officer of the province, from the reform team's view of the province
	const reform = await newPage(browser);
	await signIn(reform, 'caicach');
	await openUnit(reform, 'Tỉnh Khánh Hòa');
	const officers = await officerRows(reform);
	expect(officers.length).toBeGreaterThan(30);

	const visitor = await newPage(browser);
	await visitor.goto('/minh-bach');
	await expect(visitor).toHaveURL(/\/minh-bach$/);
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('Công khai kết quả đánh giá');
	const lead = await visitor.getByText(/^Kết quả tháng \d\d\/\d{4} của từng cơ quan/).innerText();
	const month = /(\d\d)\/(\d{4})/.exec(lead)!;
	const table = visitor.getByRole('table');
	await expect(table.locator('thead')).toContainText('Tỷ lệ hài lòng');
	await expect(table.locator('thead')).toContainText('Tỷ lệ hồ sơ đúng hạn');
	await expect(table.locator('thead')).toContainText('Số lượt đánh giá');
	const units = await table.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => [tr.querySelector('th')?.textContent?.trim() ?? '', ...[...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')])
	);
	expect(units.length).toBeGreaterThanOrEqual(10);
	for (const [name, satisfaction, ratings, onTime] of units) {
		expect(name).toMatch(/^(Phường|Xã|Sở|Công an|Ban|Tỉnh|UBND)/);
		expect(satisfaction).toMatch(/^\d{1,3},\d%$/);
		expect(count(ratings)).toBeGreaterThan(0);
		expect(onTime).toMatch(/^\d{1,3},\d%$/);
	}
	const text = await visitor.locator('body').innerText();
	for (const o of officers) expect(text, o.name).not.toContain(o.name);
	expect(text).not.toMatch(PHONE);
	expect(text).not.toMatch(/KH-\d{6}/); // no staff numbers either

	// the same figures as the monthly report of Phường Nha Trang for that month
	const path = await openUnit(reform);
	await reform.goto(`${path}/report?month=${month[2]}-${month[1]}`);
	const report = reform.getByTestId('monthly-report');
	const figure = async (label: string) => (await report.getByRole('row').filter({ has: reform.getByRole('rowheader', { name: label }) }).locator('td').innerText()).trim();
	const pnt = units.find(([name]) => name === 'Phường Nha Trang')!;
	expect(pnt).toBeDefined();
	expect(count(pnt[2])).toBe(count(await figure('Lượt đánh giá được tính')));
	expect(pnt[1]).toBe(await figure(`Tỷ lệ hài lòng (kỳ trước`));
	expect(pnt[3]).toBe(await figure('Tỷ lệ hồ sơ đúng hạn'));
	expect(count(pnt[4])).toBe(count(await figure('Hồ sơ hoàn thành')));
	await expectAccessible(visitor, 'public page');
});

test('the monthly report prints with the national letterhead and the unit’s officers', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, 'lanhdao1');
	const path = await openUnit(page);
	await page.getByRole('link', { name: 'Báo cáo tháng (bản in)' }).click();
	await expect(page).toHaveURL(new RegExp(`${path}/report$`), PAGE_LOAD);
	const report = page.getByTestId('monthly-report');
	await expect(report.locator('header')).toContainText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	await expect(report.locator('header')).toContainText('Độc lập - Tự do - Hạnh phúc');
	await expect(report.locator('header')).toContainText('PHƯỜNG NHA TRANG');
	await expect(report.getByRole('heading', { level: 1 })).toHaveText('BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG CỦA NGƯỜI DÂN, DOANH NGHIỆP');
	// the month field writes the month mm/yyyy, as the report's title does
	const shownMonth = await page.getByLabel('Tháng').inputValue();
	await expect(report).toContainText(`Tháng ${shownMonth} — Phường Nha Trang`);
	const month = shownMonth.split('/').reverse().join('-');

	// the TT01 grid names each unit once (a unit without sub-units is its own total)
	const gridNames = (await report.getByTestId('grid-row').locator('th').allInnerTexts()).map((n) => n.trim());
	expect(gridNames).toContain('Phường Nha Trang');
	expect(new Set(gridNames).size).toBe(gridNames.length);

	// the officers section lists the officers of the unit page for that month, with their ratings
	const section = report.locator('table').filter({ has: page.getByRole('columnheader', { name: 'Họ và tên' }) });
	const listed = await section.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => {
			const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '');
			return { who: cells[0], ratings: cells[2] };
		})
	);
	const [y, m] = month.split('-').map(Number);
	const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
	const unitPage = await page.context().newPage();
	await unitPage.goto(`${path}?from=${month}-01&to=${last}`);
	const officers = await officerRows(unitPage);
	await unitPage.close();
	expect(listed.length).toBe(officers.length);
	for (const o of officers) {
		const line = listed.find((l) => l.who === `${o.name} (${o.staffNumber})`);
		expect(line, o.name).toBeDefined();
		expect(count(line!.ratings)).toBe(o.ratings);
	}
	await expect(report.getByText('Người lập biểu')).toBeVisible();
	await expect(report).toContainText('Trần Quốc Bảo');

	// printed: only the report, without the site's navigation or the month form
	const nav = page.locator('header.site nav');
	const printButton = page.getByRole('button', { name: 'In báo cáo' });
	await expect(nav).toBeVisible();
	await expect(printButton).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(nav).toBeHidden();
	await expect(page.locator('header.site')).toBeHidden();
	await expect(printButton).toBeHidden();
	await expect(page.getByLabel('Tháng')).toBeHidden();
	await expect(report).toBeVisible();
	await expect(report.locator('header')).toBeVisible();
	await page.emulateMedia({ media: 'screen' });
	await expect(nav).toBeVisible();
});

test('the overview, the unit page and the officer page have no serious accessibility problems', async ({ page }) => {
	test.setTimeout(120_000); // long pages with heatmaps and tables: axe reads every cell
	await signIn(page, 'lanhdao1');
	/** Opens every data table and form that hides in a <details>, so axe reads them too. */
	const openAll = () => page.locator('main details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
	await page.goto('/app');
	await expect(page.getByTestId('unit-table')).toBeVisible();
	await openAll();
	await expectAccessible(page, 'overview');

	await openUnit(page);
	await openAll();
	await expectAccessible(page, 'unit page');

	await page.getByTestId('officer-table').locator('tbody tr[data-officer] a').first().click();
	await expect(page).toHaveURL(/\/app\/officers\/\d+/, PAGE_LOAD);
	await expect(page.getByTestId('officer-tt01')).toBeVisible();
	await openAll();
	await expectAccessible(page, 'officer page');
});
