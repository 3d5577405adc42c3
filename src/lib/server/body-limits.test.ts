import { describe, expect, it } from 'vitest';
import {
	APP_BODY_LIMIT,
	FORM_BODY_LIMIT,
	MAX_FORM_FIELDS,
	PHOTO_BODY_LIMIT,
	bodyLimit,
	countFormFields,
	judgeDeclaredBody,
	refuseBody
} from './body-limits';
import { config } from './config';
import { MAX_BATCH } from './dossiers/schema';
import { MAX_PHOTO_BYTES } from './officers/photos';

const form = 'application/x-www-form-urlencoded';
const IMPORT_PATH = '/app/dossiers/import';
const declared = (contentLength: string | null, contentType: string | null = form, chunked = false) => ({ contentType, contentLength, chunked });

describe('body limits by route', () => {
	it('gives public forms and sign-in 64 KB, signed-in pages and the API 1 MB, the import BODY_SIZE_LIMIT', () => {
		for (const path of ['/', '/phan-anh', '/login', '/setup', '/lang', '/r/abc', '/kiosk', '/application'])
			expect(bodyLimit(path), path).toBe(FORM_BODY_LIMIT);
		for (const path of ['/app', '/app/complaints/3', '/api/v1/dossiers', '/api/v1/devices/pair']) expect(bodyLimit(path), path).toBe(APP_BODY_LIMIT);
		for (const path of [IMPORT_PATH, '/app/admin/units/import']) expect(bodyLimit(path), path).toBe(config().bodySizeLimit);
		for (const path of ['/import', '/api/v1/imports/dossiers', '/app/dossiers/import/sample.csv']) expect(bodyLimit(path), path).toBeLessThan(config().bodySizeLimit);
		expect(config().bodySizeLimit).toBeGreaterThan(APP_BODY_LIMIT);
	});

	it('refuses from the headers alone: over the limit 413, a chunked body below the server-wide limit 411', () => {
		expect(judgeDeclaredBody('POST', '/phan-anh', declared(String(FORM_BODY_LIMIT)))).toBeNull();
		expect(judgeDeclaredBody('POST', '/phan-anh', declared(String(FORM_BODY_LIMIT + 1)))).toMatchObject({ status: 413, error: 'too_large' });
		expect(judgeDeclaredBody('POST', '/app/complaints', declared(String(APP_BODY_LIMIT + 1)))).toMatchObject({ status: 413 });
		expect(judgeDeclaredBody('POST', IMPORT_PATH, declared(String(10 * 2 ** 20), 'multipart/form-data; boundary=x'))).toBeNull();
		expect(judgeDeclaredBody('POST', '/login', declared(null, form, true))).toMatchObject({ status: 411 });
		expect(judgeDeclaredBody('POST', IMPORT_PATH, declared(null, form, true))).toBeNull();
		// no body read: nothing to refuse
		expect(judgeDeclaredBody('GET', '/phan-anh', declared('99999999'))).toBeNull();
		expect(judgeDeclaredBody('POST', '/phan-anh', declared('99999999', null))).toBeNull();
	});

	it('lets an officer’s page take a photo of up to 5 MB with room to say it is too large, and no other page', () => {
		expect(bodyLimit('/app/admin/officers/12')).toBe(PHOTO_BODY_LIMIT);
		expect(PHOTO_BODY_LIMIT).toBeGreaterThan(MAX_PHOTO_BYTES + 64 * 1024);
		expect(PHOTO_BODY_LIMIT).toBeLessThanOrEqual(config().bodySizeLimit);
		for (const path of ['/app/admin/officers', '/app/admin/officers/12/x', '/app/officers/12', '/app/admin/officers/1a']) expect(bodyLimit(path), path).toBe(APP_BODY_LIMIT);
	});

	it('has room for the largest dossier batch the API takes', () => {
		const at = '2026-12-31T23:59:59.999+07:00';
		const item = {
			code: 'C'.repeat(64),
			unitCode: 'U'.repeat(32),
			procedureCode: 'P'.repeat(64),
			channel: 'counter',
			status: 'returned',
			receivedAt: at,
			dueAt: at,
			completedAt: at,
			returnedAt: at,
			receivingOfficer: 'R'.repeat(32),
			returningOfficer: 'R'.repeat(32),
			extraVisits: 32767,
			agenciesCount: 32767
		};
		const batch = JSON.stringify({ partial: true, items: Array.from({ length: MAX_BATCH }, () => item) }, null, 2);
		expect(Buffer.byteLength(batch)).toBeLessThan(APP_BODY_LIMIT);
	});
});

describe('counting form fields', () => {
	it('counts urlencoded fields on the bytes', () => {
		const bytes = (s: string) => new TextEncoder().encode(s);
		expect(countFormFields(form, bytes(''))).toBe(0);
		expect(countFormFields(form, bytes('a=1'))).toBe(1);
		expect(countFormFields(`${form}; charset=UTF-8`, bytes('a=1&b=2&reasons=x&reasons=y'))).toBe(4);
		expect(countFormFields('application/json', bytes('{"a":1}'))).toBeNull();
	});

	it('counts multipart parts, as a browser sends them', async () => {
		const data = new FormData();
		for (let i = 0; i < 7; i++) data.append(`f${i}`, `giá trị ${i} & --`);
		data.append('file', new Blob(['ma_ho_so,ma_thu_tuc\n']), 'a.csv');
		const request = new Request('http://x/', { method: 'POST', body: data });
		const body = new Uint8Array(await request.arrayBuffer());
		expect(countFormFields(request.headers.get('content-type'), body)).toBe(8);
		expect(countFormFields('multipart/form-data', body)).toBeNull(); // no boundary: the parser refuses it anyway
	});

	it('refuses a form with too many fields before the route parses it', async () => {
		// as the server builds it: every header the client sent, Content-Length included
		const post = async (body: string | FormData, path = '/lang') => {
			const sent = new Request(`http://x${path}`, { method: 'POST', body, headers: typeof body === 'string' ? { 'content-type': form } : {} });
			const bytes = await sent.arrayBuffer();
			const headers = { 'content-type': sent.headers.get('content-type')!, 'content-length': String(bytes.byteLength) };
			return refuseBody(new Request(sent.url, { method: 'POST', body: bytes, headers }), path);
		};
		expect(await post('lang=en&next=/')).toBeNull();
		expect(await post(Array.from({ length: MAX_FORM_FIELDS }, (_, i) => `f${i}=`).join('&'))).toBeNull();
		const many = await post(Array.from({ length: MAX_FORM_FIELDS + 1 }, () => 'a').join('&'));
		expect(many?.status).toBe(413);
		expect(await many?.text()).toBe('Biểu mẫu có quá nhiều trường (tối đa 1000). / The form has too many fields (at most 1000).');
		const data = new FormData();
		for (let i = 0; i <= MAX_FORM_FIELDS; i++) data.append('ids', String(i));
		const api = await post(data, '/api/v1/x');
		expect(api?.status).toBe(413);
		expect(await api?.json()).toMatchObject({ error: 'too_many_fields' });
	});

	it('refuses an oversized body by its Content-Length without reading it', async () => {
		const body = new ReadableStream({
			pull() {
				throw new Error('the body was read');
			}
		});
		const request = new Request('http://x/phan-anh', {
			method: 'POST',
			body,
			headers: { 'content-type': form, 'content-length': String(10 * 2 ** 20) },
			duplex: 'half'
		} as RequestInit);
		const refused = await refuseBody(request, '/phan-anh');
		expect(refused?.status).toBe(413);
		expect(await refused?.text()).toBe('Nội dung gửi lên quá lớn (tối đa 64 KB). / The request body is too large (at most 64 KB).');
	});
});
