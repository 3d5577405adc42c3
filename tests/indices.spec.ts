import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';
import { lastFullMonthKey } from '../src/lib/server/period';

/**
 * The reform team's statutory indices and late-dossier list on the demo province (3 months): the
 * formulas are on the page in Vietnamese beside the figures, indicators the data cannot support
 * say so, and a late dossier without a Phiếu xin lỗi và hẹn lại ngày trả kết quả sent in time is flagged.
 */

async function expectAccessible(page: Page, what: string) {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${what}: ${v.id} ${v.help} (${v.nodes.length})`)).toEqual([]);
}

/** The last full month in Vietnam time, as YYYY-MM (the demo window covers it whole). */
const lastFullMonth = () => lastFullMonthKey();

test('the reform team reads the indices of the province with their formulas', async ({ page }) => {
	test.setTimeout(90_000); // a long page, and axe reads every table
	await signIn(page, 'caicach');
	await page.goto('/app/indices');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Chỉ số đánh giá theo quy định');
	// the last full month and the province are chosen by default, the month written mm/yyyy
	await expect(page.getByLabel('Tháng')).toHaveValue(lastFullMonth().split('-').reverse().join('/'));
	const province = await page.locator('select[name=unit]').locator('option:checked').innerText();
	expect(province.trim()).toMatch(/^Tỉnh /);

	// Thông tư 01/2018: the formula, the bands and the 15-point choice, in Vietnamese
	const tt01 = page.getByTestId('tt01');
	await expect(tt01.getByText('Điểm quy đổi = Tổng điểm × 18 ÷ (2 × k), với k = số chỉ số có dữ liệu')).toBeVisible();
	await expect(tt01.getByText(/Xuất sắc từ 15 điểm trở lên; Tốt từ 12 đến dưới 15/)).toBeVisible();
	await expect(tt01.getByText(/mặc định đúng 15 điểm là Xuất sắc/)).toBeVisible();
	// one row per unit with dossiers, plus the total; indicators 5 and 8 (unit-level) have no verified score in the demo: no data, never 2 points
	const rows = tt01.getByTestId('grid-row');
	expect(await rows.count()).toBeGreaterThan(3);
	const total = rows.last();
	await expect(total.locator('th')).toHaveText('Toàn bộ');
	const cells = total.locator('td');
	await expect(cells.nth(5)).toContainText('Không có dữ liệu'); // dossiers, CS1…CS4, CS5
	await expect(cells.nth(1)).toHaveText(/^\d,\d\d$/); // CS1: an average between 0 and 2
	await expect(total).toContainText('7/9 chỉ số có dữ liệu');
	await expect(total.getByTestId('missing')).toHaveText('2 chỉ số chưa có dữ liệu');
	await expect(tt01.getByTestId('tt01-sources')).toContainText('Thông tư 01/2018/TT-VPCP');
	await expect(total.locator('.badge')).toHaveText(/^(Xuất sắc|Tốt|Khá|Trung bình|Yếu)$/);
	// the rules table explains each indicator
	await tt01.getByText('Cách chấm từng chỉ số và nguồn dữ liệu').click();
	await expect(tt01.getByTestId('tt01-rules')).toContainText('Chấm theo đơn vị, theo quý');

	// officers, with links to their pages
	const officers = page.getByTestId('tt01-officers');
	await expect(officers.getByText(/Điểm quy đổi = Tổng điểm × 18 ÷ \(2 × k\), k = số chỉ số có dữ liệu trong 5 chỉ số/)).toBeVisible();
	expect(await officers.locator('tbody a[href^="/app/officers/"]').count()).toBeGreaterThan(10);

	// QĐ 766 per dossier: the formulas with their legal basis, a worked example, points between 0 and 6
	const s766 = page.getByTestId('s766');
	await expect(s766.getByText(/^Tỷ lệ hài lòng = \(Số hồ sơ đã giải quyết − Số hồ sơ không hài lòng\) ÷ Số hồ sơ đã giải quyết/)).toBeVisible();
	// every figure names its legal basis, and the page the rule set it was computed under
	await expect(page.getByTestId('ruleset')).toHaveText(/^Bộ quy tắc áp dụng: Bộ quy tắc 2025 \(Nghị định 118\/2025\/NĐ-CP.*— 2025-07$/);
	await expect(page.getByTestId('ontime-source')).toContainText('Căn cứ: Nghị định 118/2025/NĐ-CP');
	await expect(page.getByTestId('sipas-source')).toContainText('Quyết định 2640/QĐ-BNV');
	await expect(s766.getByText(/^Quyết định 766\/QĐ-TTg, Phụ lục, nhóm chỉ số "Mức độ hài lòng".*\(chưa đối chiếu văn bản gốc\)$/).first()).toBeVisible();
	await expect(s766.getByText(/^Chỉ tiêu năm \d{4} theo Nghị quyết 76\/NQ-CP: 9\d%/)).toBeVisible();
	await s766.getByText('Ví dụ tính').click();
	await expect(s766.getByTestId('s766-example')).toContainText('Tỷ lệ hài lòng = (10 − 5) ÷ 10 = 50%');
	const totalRow = s766.locator('tr.total');
	const c766 = totalRow.locator('td');
	const handled = Number((await c766.nth(0).innerText()).replace(/\D/g, ''));
	const notSatisfied = Number((await c766.nth(4).innerText()).replace(/\D/g, ''));
	expect(handled).toBeGreaterThan(0);
	// the union never exceeds the dossiers handled, and is at least its largest part
	expect(notSatisfied).toBeLessThanOrEqual(handled);
	for (let i = 1; i <= 3; i++) expect(notSatisfied).toBeGreaterThanOrEqual(Number((await c766.nth(i).innerText()).replace(/\D/g, '')));
	const points = Number((await c766.nth(6).innerText()).replace(',', '.'));
	expect(points).toBeGreaterThanOrEqual(0);
	expect(points).toBeLessThanOrEqual(6);

	// ratings and on time: not a 766 figure, and the trend
	const ratings = page.getByTestId('ratings');
	await expect(ratings.getByText('Tỷ lệ lượt đánh giá hài lòng = số lượt đánh giá hài lòng ÷ số lượt đánh giá được tính')).toBeVisible();
	await expect(ratings.getByText('Tỷ lệ đúng hạn = số hồ sơ có kết quả đúng hoặc trước giờ hẹn ÷ số hồ sơ có kết quả trong tháng')).toBeVisible();
	await expect(ratings.getByTestId('trend').locator('tbody tr')).toHaveCount(6);

	// SIPAS: the demo's tablets ask four questions; "officer" is the rating itself
	const sipas = page.getByTestId('sipas');
	await expect(sipas.getByText(/Tỷ lệ hài lòng của một yếu tố = số câu trả lời ở mức hài lòng ÷ số câu trả lời/)).toBeVisible();
	const sipasTotal = sipas.locator('tr.total');
	await expect(sipasTotal.locator('td')).toHaveCount(6);
	for (let i = 0; i < 5; i++) await expect(sipasTotal.locator('td').nth(i)).toContainText('%');
	await expect(sipasTotal.locator('td').last()).toContainText('trên 5/5 yếu tố');

	await expectAccessible(page, 'indices page');
});

test('a late dossier without an apology slip sent in time is flagged, and the filters narrow the list', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, 'caicach');
	await page.goto(`/app/late?month=${lastFullMonth()}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hồ sơ trễ hạn');
	await expect(page.getByText(/Cảnh báo "trễ hạn, chưa xin lỗi": chưa có Phiếu xin lỗi và hẹn lại ngày trả kết quả cấp chậm nhất vào ngày làm việc liền trước ngày hẹn trả/)).toBeVisible();
	const flaggedCount = Number((await page.getByTestId('count-without-apology').locator('.value').innerText()).replace(/\D/g, ''));
	expect(flaggedCount).toBeGreaterThan(0);

	await page.getByLabel('Tình trạng văn bản').selectOption({ label: 'Trễ hạn, chưa xin lỗi' });
	await page.getByRole('button', { name: 'Xem' }).click();
	await expect(page).toHaveURL(/notice=without_apology/);
	const rows = page.getByTestId('late-dossier');
	await expect(rows.first()).toBeVisible();
	expect(await rows.count()).toBe(Math.min(flaggedCount, 100));
	// every row is flagged, and its apology column says none was sent in time
	await expect(page.getByTestId('late-flag')).toHaveCount(await rows.count());
	await expect(rows.first().getByTestId('late-flag')).toHaveText('Trễ hạn, chưa xin lỗi');
	// none sent, or each slip with its verdict: the first (or only) one sent too late
	await expect(rows.first().locator('td').nth(6)).toHaveText(/^\s*(Chưa có|Lần 1: .*Gửi muộn \(hạn gửi ngày .*)\s*$/s);

	// dossiers with both notices in time carry no flag
	await page.getByLabel('Tình trạng văn bản').selectOption({ label: 'Đủ phiếu xin lỗi và văn bản giải trình' });
	await page.getByRole('button', { name: 'Xem' }).click();
	await expect(page.getByTestId('late-dossier').first()).toBeVisible();
	await expect(page.getByTestId('late-flag')).toHaveCount(0);
	await expect(page.getByTestId('late-dossier').first().locator('td').nth(6)).toContainText('hẹn lại');
	await expectAccessible(page, 'late dossiers page');
});

test('a unit head sees only their subtree; another unit is a 404 and an officer is refused', async ({ browser }) => {
	const reform = await (await browser.newContext()).newPage();
	await signIn(reform, 'caicach');
	await reform.goto('/app/indices');
	const provinceId = await reform.locator('select[name=unit]').locator('option:checked').getAttribute('value');
	const allUnits = await reform.locator('select[name=unit]').locator('option').count();

	const head = await (await browser.newContext()).newPage();
	await signIn(head, 'lanhdao1');
	await head.goto('/app/late');
	const own = head.locator('select[name=unit]').locator('option');
	expect(await own.count()).toBeLessThan(allUnits);
	expect((await head.locator('select[name=unit]').locator('option:checked').innerText()).trim()).not.toMatch(/^Tỉnh /);
	const response = await head.goto(`/app/indices?unit=${provinceId}`);
	expect(response?.status()).toBe(404);
	expect((await head.goto('/app/late?unit=1%20or%201=1'))?.status()).toBe(404);

	const officer = await (await browser.newContext()).newPage();
	await signIn(officer, 'canbo1');
	expect((await officer.goto('/app/indices'))?.status()).toBe(403);
	expect((await officer.goto('/app/late'))?.status()).toBe(403);
});
