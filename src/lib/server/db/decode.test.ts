import { describe, expect, it } from 'vitest';
import { bool, instant, iso, isoOrNull, num, numOrNull, textOrNull } from './decode';

describe('row decoders', () => {
	it('read either driver’s shape the same way', () => {
		expect([num(3), num('3'), num(3n), num(null), num(undefined), num('12.5')]).toEqual([3, 3, 3, 0, 0, 12.5]);
		expect([numOrNull('7'), numOrNull(null)]).toEqual([7, null]);
		expect([bool(true), bool('t'), bool(false), bool('f'), bool(null)]).toEqual([true, true, false, false, false]);
		const at = new Date('2026-11-23T02:00:00.000Z');
		expect(instant('2026-11-23 09:00:00+07')).toEqual(at);
		expect(instant(at)).toBe(at);
		expect([iso('2026-11-23T02:00:00Z'), isoOrNull(null)]).toEqual(['2026-11-23T02:00:00.000Z', null]);
		expect([textOrNull(undefined), textOrNull('a')]).toEqual([null, 'a']);
	});
});
