import { describe, expect, it } from 'vitest';
import { safeNext } from './http';

const base = 'https://danhgia.example.gov.vn/app/x';
/** Where a browser would go with this Location header, read on a page of this site. */
const landsOn = (location: string) => new URL(location, base).origin;

describe('safeNext', () => {
	it('follows a path on this site', () => {
		for (const path of ['/', '/app', '/app/complaints?status=new#top', '/tra-cuu?code=A.1-2', '/a/..//b', '/%2F%2Fevil'])
			expect(safeNext(path)).toBe(path);
		expect(safeNext('/tra-cứu?q=hồ sơ')).toBe('/tra-c%E1%BB%A9u?q=h%E1%BB%93%20s%C6%A1');
	});

	it('refuses every way off the site (and anything odd), answering the fallback', () => {
		const refused = [
			'//evil.example',
			'/\\evil.example/',
			'\\\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'\t//evil.example',
			'/\r\n/evil.example',
			'https://evil.example',
			'http:/evil.example',
			'javascript:alert(1)',
			'evil.example',
			'/\u0000/evil',
			'/\u007f',
			' /app',
			'',
			'/\ud800'
		];
		for (const value of refused) expect(safeNext(value, '/fallback')).toBe('/fallback');
		expect(safeNext(null)).toBe('/app');
		expect(safeNext(undefined, '/')).toBe('/');
		expect(safeNext(['/app'], '/')).toBe('/');
		expect(safeNext('/' + 'a'.repeat(2001), '/')).toBe('/');
	});

	it('never answers anything a browser would take off the site', () => {
		const tricky = ['/\\', '/.\\./evil', '/@evil.example', '/:evil', '/%5Cevil', '/%09/evil', '/ /evil'];
		for (const value of tricky) expect(landsOn(safeNext(value, '/'))).toBe(new URL(base).origin);
	});
});
