import { isHttpError } from '@sveltejs/kit';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from './api';
import { checkFormReads, clientErrorMessage, hasUnsafeText, unsafeJsonPath, unsafeUrl } from './bad-input';
import { zodProblems } from './dossiers/errors';
import { dossierItemSchema } from './dossiers/schema';
import { validateItems } from './dossiers/upsert';

const JSON_TYPE = 'application/json';

describe('text no field may hold', () => {
	it('is NUL or a lone surrogate; paired surrogates (emoji) and Vietnamese are text', () => {
		for (const bad of ['a\0b', '\ud800', 'x\udfff', '\udc00\ud800']) expect(hasUnsafeText(bad), JSON.stringify(bad)).toBe(true);
		for (const good of ['', 'Nguyễn Thị Ánh', '😀 hài lòng', '\u200b']) expect(hasUnsafeText(good), good).toBe(false);
	});

	it('is found in JSON values and keys at any depth, with the path named', () => {
		expect(unsafeJsonPath({ items: [{ code: 'A' }, { code: 'B\0' }] })).toBe('items[1].code');
		expect(unsafeJsonPath({ ['k\ud800']: 1 })).toBe('k\ufffd');
		expect(unsafeJsonPath('\0')).toBe('(body)');
		let deep: unknown = '\0';
		for (let i = 0; i < 200_000; i++) deep = [deep];
		expect(unsafeJsonPath(deep)).toBe('[0]'.repeat(200_000).slice(0, 200)); // named, and cut short
	});

	it('makes parseJsonText answer 400 naming the field, for escaped NUL and lone surrogates', () => {
		const schema = z.object({ name: z.string() });
		for (const text of ['{"name":"a\\u0000b"}', '{"name":"\\ud800"}', '{"name":"x","\\u0000":1}']) {
			const parsed = parseJsonText(JSON_TYPE, text, schema);
			expect(parsed.ok, text).toBe(false);
			if (!parsed.ok) expect(parsed.reply).toMatchObject({ status: 400, body: { error: 'invalid_text' } });
		}
		expect(parseJsonText(JSON_TYPE, '{"name":"\\ud83d\\ude00 \\u0041"}', schema)).toEqual({ ok: true, data: { name: '😀 A' } });
	});
});

describe('unknown fields', () => {
	it('are named up to 20 and counted beyond, however many are sent (500,000 overflowed the stack)', () => {
		const item: Record<string, unknown> = { code: 'HS-1', unitCode: 'U', procedureCode: 'P', channel: 'counter', receivedAt: '2026-03-02T08:00:00+07:00' };
		for (let i = 0; i < 500_000; i++) item[`k${i}`] = 1;
		const problems = zodProblems(dossierItemSchema.safeParse(item).error!);
		expect(problems).toHaveLength(21);
		expect(problems[20]).toEqual({ field: '(body)', key: 'dossiers.error.moreUnknownFields', params: { n: 499_980 } });
		expect(validateItems([item]).problems).toHaveLength(21);
	});
});

describe('forms read by actions', () => {
	const post = (body: BodyInit, type?: string) => {
		const request = new Request('http://localhost/x', { method: 'POST', body, headers: type ? { 'content-type': type } : {} });
		checkFormReads(request);
		return request.formData().then(
			(form) => ({ form }),
			(e: unknown) => (isHttpError(e) ? { status: e.status, message: e.body.message } : { thrown: e })
		);
	};

	it('pass a clean form through', async () => {
		const { form } = (await post(new URLSearchParams({ note: 'Cán bộ tận tình 😀' }))) as { form: FormData };
		expect(form.get('note')).toBe('Cán bộ tận tình 😀');
	});

	it('refuse NUL in a value or a name with 400 naming the field, in both form encodings', async () => {
		expect(await post(new URLSearchParams({ description: 'a\0b' }))).toMatchObject({ status: 400, message: expect.stringContaining('description') });
		const multipart = new FormData();
		multipart.set('name\0', 'x');
		expect(await post(multipart)).toMatchObject({ status: 400, message: expect.stringContaining('name?') });
	});

	it('answer 415 for a body that is not a form and 400 for a form that cannot be parsed', async () => {
		expect(await post('x=1', 'text/plain')).toMatchObject({ status: 415 });
		expect(await post('--nope\r\n', 'multipart/form-data; boundary=b')).toMatchObject({ status: 400 });
	});
});

describe('URLs and SvelteKit’s own refusals', () => {
	it('refuse NUL in the path or the query string', () => {
		expect(unsafeUrl(new URL('http://h/api/v1/stats/units/%00/officers'))).toBe(true);
		expect(unsafeUrl(new URL('http://h/app?from=%00'))).toBe(true);
		expect(unsafeUrl(new URL('http://h/app?from=2026-01-01&q=%2500'))).toBe(false);
	});

	it('name the problem in both languages', () => {
		expect(clientErrorMessage(413)).toBe('Nội dung gửi lên quá lớn. / The request body is too large.');
		expect(clientErrorMessage(415)).toMatch(/không được hỗ trợ.*not supported/);
	});
});
