import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../src/lib/server/db/testing';
import { Client, integrationToken, logFrom } from './dates-client';
import { startProductionServer, type ProductionServer } from './production-server';

/**
 * Issue 19 finding 1: a dossier received in year 9999 (API, integration token) or a CSV row dated
 * 31/12/9999 (import preview, unit head) sent the working-day arithmetic into an endless loop;
 * the server stopped answering everyone. Now each is refused at once with a message naming the
 * field, while other requests keep being served.
 */

/*
 * No stopwatch here: a server stuck in a loop never answers, so the request's own timeout (and
 * the others' answers) fail the test; how fast the refusal is belongs to a bench, not a test.
 */

describe.each(testDatabaseKinds)('dates far from today on %s', (kind) => {
	let server: ProductionServer;
	let token: string;
	let head: Client;
	/** A row of the sample CSV the import page offers the unit head: real unit, procedure and officer codes. */
	let sample: { header: string[]; row: string[] };
	let unitId: string;

	beforeAll(async () => {
		server = await startProductionServer(kind);
		token = await integrationToken(server);
		head = await new Client(server).signIn('lanhdao1');
		const csv = (await (await head.request('/app/dossiers/import/sample.csv')).text()).replace(/^\uFEFF/, '');
		const [header, row] = csv.trim().split(/\r?\n/).map((line) => line.split(','));
		sample = { header, row };
		const unitCode = row[header.indexOf('ma_don_vi')];
		unitId = new RegExp(`<option value="(\\d+)"[^>]*>[^<]*\\(${unitCode}\\)`).exec(await head.page('/app/dossiers/import'))![1];
	});
	afterAll(async () => server?.stop());

	const column = (name: string) => sample.row[sample.header.indexOf(name)];
	/** Requests anyone else might make meanwhile: they must all be answered. */
	const others = () => [
		fetch(`${server.base}/login`).then((r) => r.status),
		fetch(`${server.base}/api/v1/stats/units`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status),
		head.request('/app').then((r) => r.status)
	];

	it('refuses a dossier received 9999-12-31 through the API at once, naming receivedAt, while others are served', async () => {
		const log = logFrom(server);
		const dossier = { code: 'ABUSE-9999', unitCode: column('ma_don_vi'), procedureCode: column('ma_thu_tuc'), channel: 'counter', receivedAt: '9999-12-31T23:59:59+07:00' };
		const [res, ...served] = await Promise.all([
			fetch(`${server.base}/api/v1/dossiers`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(dossier),
				signal: AbortSignal.timeout(15_000)
			}),
			...others()
		]);
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: string; fields: Record<string, string> };
		expect(body.error).toBe('validation');
		expect(body.fields.receivedAt).toContain('31/12/2100');
		expect(served).toEqual([200, 200, 200]);
		// the same date as a service event, and the same item in a batch
		const event = await fetch(`${server.base}/api/v1/service-events`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ dossierCode: 'ABUSE-9999', centreCode: 'X', counterCode: 'Q1', officer: 'CB1', stage: 'receiving', openedAt: '9999-12-31T08:00:00+07:00' })
		});
		expect(event.status).toBe(400);
		expect(((await event.json()) as { fields: Record<string, string> }).fields.openedAt).toContain('31/12/2100');
		expect(server.alive()).toBe(true);
		expect(log()).not.toMatch(/Internal error|\n\s+at /);
	});

	it('shows a CSV row dated 31/12/9999 as a row problem in the import preview at once, while others are served', async () => {
		const log = logFrom(server);
		const row = sample.header.map((name, i) => (name === 'ngay_tiep_nhan' ? '31/12/9999' : ['han_tra', 'ngay_co_ket_qua', 'ngay_tra'].includes(name) ? '' : sample.row[i]));
		const form = new FormData();
		form.set('unitId', unitId);
		form.set('file', new File([`${sample.header.join(',')}\n${row.join(',')}\n`], 'nam-9999.csv', { type: 'text/csv' }));
		const [preview, ...served] = await Promise.all([head.action('/app/dossiers/import', 'preview', form), ...others()]);
		expect(preview.type).toBe('success');
		expect((preview.data as { preview: unknown }).preview).toMatchObject({
			totalRows: 1,
			validRows: 0,
			problems: [{ line: 2, column: 'ngay_tiep_nhan', message: 'Ngày phải trong khoảng 01/01/2000 – 31/12/2100.' }]
		});
		expect(served).toEqual([200, 200, 200]);
		expect(server.alive()).toBe(true);
		expect(log()).not.toMatch(/Internal error|\n\s+at /);
	});

	it('answers periods outside the accepted dates with 400 on the API and the default period on the pages', async () => {
		const log = logFrom(server);
		for (const q of ['from=9999-12-30&to=9999-12-31', 'from=-1&to=2026-01-01', 'from=0000-01-01&to=0000-01-02']) {
			const api = await fetch(`${server.base}/api/v1/stats/units?${q}`, { headers: { authorization: `Bearer ${token}` } });
			expect(api.status, q).toBe(400);
			expect(((await api.json()) as { message: string }).message, q).toContain('31/12/2100');
			expect((await head.request(`/app?${q}`)).status, q).toBe(200);
		}
		expect(log()).not.toMatch(/Internal error|\n\s+at /);
	});
});
