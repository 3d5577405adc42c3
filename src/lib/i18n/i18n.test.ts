import { describe, expect, it } from 'vitest';
import { en, vi } from './catalogue';
import { formatPercent, translate } from './index';

describe('message catalogue', () => {
	it('has the same keys and placeholders in both languages', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
		const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
		for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
			expect(holes(en[key]), key).toEqual(holes(vi[key]));
			expect(en[key].trim(), key).not.toBe('');
		}
	});

	it('fills placeholders and keeps Vietnamese text in NFC', () => {
		expect(translate('vi', 'login.throttled', { seconds: 4 })).toBe(
			'Đăng nhập sai nhiều lần. Vui lòng thử lại sau 4 giây.'
		);
		for (const text of Object.values(vi)) expect(text).toBe(text.normalize('NFC'));
	});

	it('formats percentages the Vietnamese way', () => {
		expect(formatPercent('vi', 0.9123)).toMatch(/^91,2\s?%$/);
		expect(formatPercent('en', 0.9123)).toBe('91.2%');
		expect(formatPercent('vi', null)).toBe('—');
	});
});
