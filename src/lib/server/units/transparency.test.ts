import { describe, expect, it } from 'vitest';
import { lastFullMonth } from './transparency';

describe('the last full month, in Vietnam time', () => {
	it('is the previous calendar month, including across a year end', () => {
		const nov = lastFullMonth(new Date('2026-11-23T03:00:00Z'));
		expect(nov.label).toBe('10/2026');
		expect(nov.from.toISOString()).toBe('2026-09-30T17:00:00.000Z');
		expect(nov.to.toISOString()).toBe('2026-10-31T17:00:00.000Z');
		// 1 January 00:30 in Hà Nội is still 31 December in UTC: the last full month is December
		const jan = lastFullMonth(new Date('2026-12-31T17:30:00Z'));
		expect(jan.label).toBe('12/2026');
		expect(jan.from.toISOString()).toBe('2026-11-30T17:00:00.000Z');
	});
});
