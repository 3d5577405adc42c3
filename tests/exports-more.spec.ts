import { expect, test, type Download, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fs from 'node:fs/promises';
import { signIn } from './helpers';
import { lastFullMonthKey } from '../src/lib/server/period';

/**
 * The reform team downloads what the indices, late-dossier and flag pages show, on the demo
 * province (3 months): the files open, hold the rows on screen (every row of the filter, not
 * one page of it), and keep "no data" empty.
 */

/** The last full month in Vietnam time, as YYYY-MM (the demo window covers it whole). */
const lastFullMonth = () => lastFullMonthKey();

async function download(page: Page, click: () => Promise<void>): Promise<{ file: Download; body: Buffer }> {
	const [file] = await Promise.all([page.waitForEvent('download'), click()]);
	return { file, body: await fs.readFile(await file.path()) };
}

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(new Uint8Array(body).buffer);
	return wb;
}

/** A sheet's rows under its header (the row whose first cell is `first`), as arrays from column 1. */
function rowsUnder(ws: ExcelJS.Worksheet, first: string): { header: unknown[]; rows: unknown[][] } {
	const all: unknown[][] = [];
	ws.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
	const at = all.findIndex((r) => r[0] === first);
	expect(at, `header "${first}" in ${ws.name}`).toBeGreaterThan(0);
	return { header: all[at], rows: all.slice(at + 1) };
}

test('the reform team downloads every table of the indices as one workbook, unit by unit', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, 'caicach');
	const month = lastFullMonth();
	await page.goto(`/app/indices?month=${month}`);
	const screenUnits = await page.getByTestId('tt01').getByTestId('grid-row').locator('th').allInnerTexts();
	expect(screenUnits.length).toBeGreaterThan(3);

	const { file, body } = await download(page, () => page.getByTestId('export-all').click());
	expect(file.suggestedFilename()).toMatch(/^Chỉ số đánh giá tháng \d\d \d{4} — Tỉnh .+ \d{4}-\d\d-\d\d\.xlsx$/);
	const wb = await workbook(body);
	expect(wb.worksheets.map((w) => w.name)).toEqual(['TT01 theo đơn vị', 'TT01 theo đơn vị (quý)', 'TT01 theo cán bộ', '766 Mức độ hài lòng', 'Đánh giá và đúng hạn', 'Xu hướng 6 tháng', 'SIPAS 5 yếu tố']);

	// the TT01 sheet: the page's units in the page's order, then the total; indicator 5 empty everywhere
	const tt01 = rowsUnder(wb.worksheets[0], 'Mã đơn vị');
	expect(tt01.rows.map((r) => String(r[1]))).toEqual(screenUnits.map((n) => n.trim()));
	expect(tt01.rows.at(-1)?.[1]).toBe('Toàn bộ');
	const i5 = tt01.header.indexOf('Chỉ số 5 (điểm TB 0–2)');
	expect(i5).toBeGreaterThan(0);
	for (const row of tt01.rows) expect(row[i5] ?? null).toBeNull();
	const i1 = tt01.header.indexOf('Chỉ số 1 (điểm TB 0–2)');
	for (const row of tt01.rows) expect(Number(row[i1])).toBeGreaterThanOrEqual(0);
	expect(wb.worksheets[0].getCell('A1').value).toBe(`Thông tư 01/2018 theo đơn vị, tháng ${month.slice(5)}/${month.slice(0, 4)}`);

	// officers: as many as the page lists
	const officersOnScreen = await page.getByTestId('tt01-officers').getByTestId('grid-row').count();
	expect(rowsUnder(wb.worksheets[2], 'Họ và tên').rows).toHaveLength(officersOnScreen);
	// QĐ 766: one row per unit shown on the page's 766 table and the total, each with its legal basis
	const s766OnScreen = await page.getByTestId('s766-table').locator('tbody th').allInnerTexts();
	const s766 = rowsUnder(wb.worksheets[3], 'Mã đơn vị');
	expect(s766.rows.map((r) => String(r[1]))).toEqual(s766OnScreen.map((n) => n.trim()));
	const basis = s766.header.indexOf('Căn cứ');
	for (const row of s766.rows) expect(String(row[basis])).toMatch(/^Quyết định 766\/QĐ-TTg/);
	// the trend has six months
	expect(rowsUnder(wb.worksheets[5], 'Tháng').rows).toHaveLength(6);

	// one table alone, as CSV, with the same unit rows
	const csv = await download(page, () => page.getByTestId('tt01').locator('a[href*="table=tt01&"][href*="format=csv"]:not([href*="dialect"])').click());
	const lines = parse(csv.body, { bom: true }) as string[][];
	expect(csv.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	expect(lines.slice(1).map((r) => r[1])).toEqual(tt01.rows.map((r) => String(r[1])));
});

test('the late-dossier file holds every row of the filter, not one page', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, 'caicach');
	await page.goto(`/app/late?month=${lastFullMonth()}&notice=without_apology`);
	const flagged = Number((await page.getByTestId('count-without-apology').locator('.value').innerText()).replace(/\D/g, ''));
	expect(flagged).toBeGreaterThan(0);
	const { body } = await download(page, () => page.getByRole('link', { name: 'Tải CSV (dấu phẩy)' }).click());
	const [header, ...rows] = parse(body, { bom: true }) as string[][];
	expect(header[0]).toBe('Mã hồ sơ');
	expect(rows).toHaveLength(flagged);
	const flag = header.indexOf('Cảnh báo trễ hạn, chưa xin lỗi');
	expect(new Set(rows.map((r) => r[flag]))).toEqual(new Set(['Có']));
});

test('the flags file has a row per flag on the page, with the evidence in words', async ({ page }) => {
	test.setTimeout(60_000);
	await signIn(page, 'caicach');
	await page.goto('/app/flags');
	const onScreen = await page.getByTestId('flag').count();
	expect(onScreen).toBeGreaterThan(0);
	const { body } = await download(page, () => page.getByRole('link', { name: 'Tải Excel (XLSX)' }).click());
	const wb = await workbook(body);
	const { header, rows } = rowsUnder(wb.worksheets[0], 'Loại cảnh báo');
	expect(rows).toHaveLength(onScreen);
	const evidence = header.indexOf('Căn cứ');
	for (const r of rows) expect(String(r[evidence])).toMatch(/\d/);
	const ids = header.indexOf('Mã cảnh báo');
	const screenIds = await page.getByTestId('flag').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-flag-id')));
	expect(rows.map((r) => r[ids]).sort()).toEqual(screenIds.sort());
});
