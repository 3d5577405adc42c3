import { describe, expect, it } from 'vitest';
import { checkSubscriberUrl, isPrivateHost } from './url';

describe('subscriber addresses', () => {
	it('takes HTTPS anywhere', () => {
		expect(checkSubscriberUrl(' https://motcua.khanhhoa.gov.vn/api/hai-long#x ', false)).toEqual({ ok: true, url: 'https://motcua.khanhhoa.gov.vn/api/hai-long' });
		expect(checkSubscriberUrl('https://10.0.0.5:8443/hooks', false).ok).toBe(true);
	});

	it('takes plain HTTP only when allowed, and only to this machine or a private network named by address', () => {
		expect(checkSubscriberUrl('http://127.0.0.1:9000/h', false)).toEqual({ ok: false, problem: 'http_disabled' });
		for (const url of ['http://127.0.0.1:9000/h', 'http://localhost/h', 'http://10.1.2.3/h', 'http://172.16.0.1/h', 'http://172.31.255.1/h', 'http://192.168.1.10/h', 'http://[::1]:8080/h', 'http://[fd12:3456::1]/h'])
			expect(checkSubscriberUrl(url, true), url).toMatchObject({ ok: true });
		for (const url of ['http://8.8.8.8/h', 'http://172.32.0.1/h', 'http://169.254.169.254/latest', 'http://motcua.example.gov.vn/h', 'http://[2001:db8::1]/h'])
			expect(checkSubscriberUrl(url, true), url).toEqual({ ok: false, problem: 'http_public' });
	});

	it('refuses other schemes, credentials in the address, nonsense and overlong addresses', () => {
		expect(checkSubscriberUrl('ftp://10.0.0.1/x', true)).toEqual({ ok: false, problem: 'scheme' });
		expect(checkSubscriberUrl('file:///etc/passwd', true)).toEqual({ ok: false, problem: 'scheme' });
		expect(checkSubscriberUrl('javascript:alert(1)', true)).toEqual({ ok: false, problem: 'scheme' });
		expect(checkSubscriberUrl('https://user:pass@example.gov.vn/h', true)).toEqual({ ok: false, problem: 'credentials' });
		expect(checkSubscriberUrl('not a url', true)).toEqual({ ok: false, problem: 'invalid' });
		expect(checkSubscriberUrl('https://example.gov.vn/' + 'a'.repeat(2000), true)).toEqual({ ok: false, problem: 'too_long' });
	});

	it('knows private hosts by address only', () => {
		expect(isPrivateHost('::ffff:192.168.0.1')).toBe(true);
		expect(isPrivateHost('intranet')).toBe(false);
	});
});
