import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signIn, signOut } from './helpers';

/**
 * Dossiers arrive: the one-stop software pushes them with an integration token, a unit head
 * imports a CSV file. Codes come from the demo province (Phường Nha Trang = KH-PNT, Sở Tư pháp
 * = KH-STP) and from the sample file the app builds for the signed-in user.
 */

async function createToken(page: Page, unitName: string, label: string): Promise<string> {
	await page.goto('/app/admin/tokens');
	await page.getByLabel('Tên gợi nhớ').fill(label);
	const value = await page.locator('select[name=unitId] option', { hasText: unitName }).first().getAttribute('value');
	await page.locator('select[name=unitId]').selectOption(value!);
	await page.getByRole('button', { name: 'Tạo mã tích hợp' }).click();
	return page.getByTestId('new-token').innerText();
}

/** Procedure codes and a staff number of the user's unit, from the sample CSV. */
async function sampleCodes(page: Page) {
	const res = await page.request.get('/app/dossiers/import/sample.csv');
	expect(res.status()).toBe(200);
	const text = await res.text();
	expect(text.charCodeAt(0)).toBe(0xfeff);
	const [, ...rows] = text.slice(1).trim().split('\r\n').map((l) => l.split(','));
	return { procedure: rows[0][1], staff: rows[0][8], text };
}

const post = (api: APIRequestContext, token: string | null, path: string, data: unknown, type = 'application/json') =>
	api.post(path, {
		headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type },
		data: typeof data === 'string' ? data : JSON.stringify(data)
	});

test('the one-stop software pushes dossiers: valid, repeated, malformed, other unit refused', async ({ page, playwright }) => {
	await signIn(page, 'lanhdao1');
	const { procedure, staff } = await sampleCodes(page);
	await signOut(page);
	await signIn(page, 'admin');
	const token = await createToken(page, 'Phường Nha Trang', 'Một cửa điện tử – e2e');
	const base = new URL(page.url()).origin;
	// The one-stop software is not a browser, but SvelteKit refuses text/plain POSTs without an Origin.
	const api = await playwright.request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
	const code = `E2E.${Date.now()}`;
	const dossier = { code, unitCode: 'KH-PNT', procedureCode: procedure, channel: 'online', receivedAt: '2026-03-02T08:15:00+07:00', receivingOfficer: staff };

	expect((await post(api, null, '/api/v1/dossiers', dossier)).status()).toBe(401);
	expect((await post(api, `${token}x`, '/api/v1/dossiers', dossier)).status()).toBe(401);
	expect((await post(api, token, '/api/v1/dossiers', 'x', 'text/plain')).status()).toBe(415);
	expect((await post(api, token, '/api/v1/dossiers', '{"items": [', 'application/json')).status()).toBe(400);

	const created = await post(api, token, '/api/v1/dossiers', dossier);
	expect(created.status()).toBe(200);
	const first = await created.json();
	expect(first).toMatchObject({ created: 1, results: [{ index: 0, code, result: 'created' }] });
	const again = await post(api, token, '/api/v1/dossiers', { items: [dossier] });
	expect(await again.json()).toMatchObject({ unchanged: 1, results: [{ id: first.results[0].id, result: 'unchanged' }] });

	const read = await api.get(`/api/v1/dossiers/${code}`, { headers: { authorization: `Bearer ${token}` } });
	expect(await read.json()).toMatchObject({ code, unitNameVi: 'Phường Nha Trang', procedureNameVi: expect.stringMatching(/[À-ỹ]/), receivingOfficer: staff, status: 'received' });

	const malformed = await post(api, token, '/api/v1/dossiers', {
		items: [dossier, { ...dossier, code: `${code}-2`, dueAt: '2026-03-01T08:00:00+07:00' }, { ...dossier, code: 'mã sai', channel: 'fax' }]
	});
	expect(malformed.status()).toBe(400);
	const body = await malformed.json();
	expect(Object.keys(body.fields)).toEqual(['items[1].dueAt', 'items[2].code', 'items[2].channel']);
	expect(body.fields['items[2].channel']).toContain('counter, online, postal');

	const foreign = await post(api, token, '/api/v1/dossiers', { ...dossier, code: `${code}-STP`, unitCode: 'KH-STP', receivingOfficer: undefined });
	expect(foreign.status()).toBe(403);
	expect(Object.keys((await foreign.json()).fields)).toEqual(['unitCode']);

	const partial = await post(api, token, '/api/v1/dossiers', { partial: true, items: [{ ...dossier, code: `${code}-3` }, { ...dossier, code: `${code}-4`, unitCode: 'KH-STP' }] });
	expect(await partial.json()).toMatchObject({ created: 1, refused: 1, errors: [{ index: 1, field: 'items[1].unitCode' }] });

	const service = { dossierCode: code, centreCode: 'KH-PNT-MC', counterCode: 'Q01', officer: staff, stage: 'receiving', openedAt: '2026-03-02T08:15:00+07:00', closedAt: '2026-03-02T08:25:00+07:00' };
	const recorded = await post(api, token, '/api/v1/service-events', service);
	expect(recorded.status()).toBe(201);
	const repeat = await post(api, token, '/api/v1/service-events', service);
	expect(repeat.status()).toBe(200);
	expect((await repeat.json()).result).toBe('unchanged');

	const doc = await (await api.get('/api/v1/openapi.json')).json();
	expect(doc.openapi).toBe('3.1.0');
	expect(Object.keys(doc.paths)).toContain('/api/v1/dossiers');
	await api.dispose();
});

test('a unit head imports a CSV: row errors with line numbers, nothing imported until the valid rows are chosen', async ({ page }) => {
	await signIn(page, 'lanhdao1');
	const { procedure, staff } = await sampleCodes(page);
	const stamp = Date.now();
	const csv = [
		'Mã hồ sơ;Mã thủ tục;Mã đơn vị;Kênh;Ngày tiếp nhận;Hạn trả;Cán bộ tiếp nhận;Tên thủ tục',
		`CSV.${stamp}.1;${procedure};;counter;02/03/2026 08:15;;${staff};Đăng ký khai sinh – bản sao`,
		`CSV.${stamp}.2;${procedure};KH-PNT;postal;2026-03-02 09:00;2026-03-01 17:00;;Chứng thực chữ ký`,
		`CSV.${stamp}.3;${procedure};KH-STP;online;2026-03-02 09:00;;;Ngoài phạm vi`,
		`CSV.${stamp}.4;${procedure};;online;2026-03-03 10:30;;;Hộ tịch – hợp lệ`
	].join('\r\n');

	await page.goto('/app/dossiers/import');
	await expect(page.getByRole('heading', { name: 'Nhập hồ sơ từ tệp CSV' })).toBeVisible();
	await page.getByLabel('Tệp CSV').setInputFiles({ name: 'ho-so-thang-3.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + csv, 'utf8') });
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await expect(page.getByTestId('import-totals')).toContainText('4 dòng: 2 hợp lệ, 2 có lỗi.');
	const errors = page.getByTestId('import-errors');
	await expect(errors.getByRole('row', { name: /3 han_tra/ })).toContainText('Không được sớm hơn thời điểm tiếp nhận.');
	await expect(errors.getByRole('row', { name: /4 ma_don_vi/ })).toContainText('“KH-STP” nằm ngoài phạm vi');

	// the button counts what will be imported, and waits until "valid rows only" is chosen
	await expect(page.getByRole('alert').filter({ hasText: 'Tệp có lỗi' }).last()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Nhập 2 hồ sơ' })).toBeDisabled();
	await expect(page.getByTestId('import-summary')).toHaveCount(0);

	await page.getByLabel('Chỉ nhập các dòng hợp lệ').check();
	await page.getByRole('button', { name: 'Nhập 2 hồ sơ' }).click();
	await expect(page.getByTestId('import-summary')).toHaveText(/2 hồ sơ mới, 0 cập nhật, 0 không đổi, 2 dòng bỏ qua/);

	// the same file again: the valid rows are unchanged
	await page.goto('/app/dossiers/import');
	await page.getByLabel('Tệp CSV').setInputFiles({ name: 'ho-so-thang-3.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await page.getByLabel('Chỉ nhập các dòng hợp lệ').check();
	await page.getByRole('button', { name: 'Nhập 2 hồ sơ' }).click();
	await expect(page.getByTestId('import-summary')).toHaveText(/0 hồ sơ mới, 0 cập nhật, 2 không đổi/);

	await signOut(page);
	await signIn(page, 'admin');
	await page.goto('/app/admin/audit?action=dossier');
	await expect(page.locator('tbody').getByText('Nhập hồ sơ từ tệp', { exact: true }).first()).toBeVisible();
});

test('the import page works before JavaScript for the preview, and only for admins and unit heads', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'lanhdao1');
	const { text } = await sampleCodes(page);
	await page.goto('/app/dossiers/import');
	await page.getByLabel('Tệp CSV').setInputFiles({ name: 'mau.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await expect(page.getByTestId('import-totals')).toContainText('3 dòng: 3 hợp lệ, 0 có lỗi.');
	await page.getByRole('button', { name: 'Nhập 3 hồ sơ' }).click();
	await expect(page.getByTestId('import-summary')).toBeVisible();
	await context.close();

	const officer = await browser.newPage();
	await signIn(officer, 'canbo1');
	expect((await officer.goto('/app/dossiers/import'))?.status()).toBe(403);
	await officer.close();
});
