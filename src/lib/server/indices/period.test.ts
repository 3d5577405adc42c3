import { describe, expect, it } from 'vitest';
import { localTime } from '../calendar/working-days';
import { addMonths, lastFullMonthKey, monthOf, monthsEnding, parseMonth, wholeMonths } from './period';

describe('months in Vietnam time', () => {
	it('starts and ends a month at local midnight', () => {
		const m = monthOf('2026-02')!;
		expect(m.from.toISOString()).toBe('2026-01-31T17:00:00.000Z');
		expect(m.to.toISOString()).toBe('2026-02-28T17:00:00.000Z');
		expect(monthOf('2026-12')!.to.toISOString()).toBe('2026-12-31T17:00:00.000Z');
	});

	it('refuses what is not a month', () => {
		for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', "2026-01' or 1=1", '-001-01', '10000-01']) expect(monthOf(bad), bad).toBeNull();
		expect(parseMonth('2026-13', '2026-05')).toMatchObject({ bad: true, month: { key: '2026-05' } });
		// outside the accepted dates (2000–2100 by default)
		for (const far of ['1900-01', '1999-12', '2101-01', '9999-12']) expect(parseMonth(far, '2026-05'), far).toMatchObject({ bad: true, month: { key: '2026-05' } });
		// the trend before the first accepted month is still made of months
		expect(monthsEnding(parseMonth('2000-01', '2026-05').month.key, 3).map((m) => m.key)).toEqual(['1999-11', '1999-12', '2000-01']);
		expect(parseMonth(null, '2026-05')).toMatchObject({ bad: false, month: { key: '2026-05' } });
		expect(parseMonth('', '2026-05')).toMatchObject({ bad: false, month: { key: '2026-05' } });
		expect(parseMonth('2025-11', '2026-05')).toMatchObject({ bad: false, month: { key: '2025-11' } });
		// as the month field writes it (mm/yyyy)
		expect(parseMonth('11/2025', '2026-05')).toMatchObject({ bad: false, month: { key: '2025-11' } });
		expect(parseMonth('13/2025', '2026-05')).toMatchObject({ bad: true, month: { key: '2026-05' } });
	});

	it('steps across years', () => {
		expect(addMonths('2026-01', -1)).toBe('2025-12');
		expect(addMonths('2026-01', -13)).toBe('2024-12');
		expect(addMonths('2025-12', 1)).toBe('2026-01');
		expect(monthsEnding('2026-02', 3).map((m) => m.key)).toEqual(['2025-12', '2026-01', '2026-02']);
		// 31 January 20:00 UTC is already 1 February in Vietnam: the last full month is January
		expect(lastFullMonthKey(new Date('2026-01-31T20:00:00Z'))).toBe('2026-01');
	});

	it('tells whole months (the rollups answer them) from other periods', () => {
		const [oct, dec] = [monthOf('2026-10')!, monthOf('2026-12')!];
		expect(wholeMonths(oct)).toEqual({ from: '2026-10-01', to: '2026-11-01' });
		expect(wholeMonths({ from: oct.from, to: dec.to })).toEqual({ from: '2026-10-01', to: '2027-01-01' });
		expect(wholeMonths({ from: oct.from, to: localTime('2026-10-15', 0) })).toBeNull();
		expect(wholeMonths({ from: new Date(oct.from.getTime() + 1000), to: oct.to })).toBeNull();
		// UTC midnight of the 1st is 07:00 in Vietnam: not a month's start
		expect(wholeMonths({ from: new Date('2026-10-01T00:00:00Z'), to: oct.to })).toBeNull();
		expect(wholeMonths({ from: oct.to, to: oct.from })).toBeNull();
	});
});
