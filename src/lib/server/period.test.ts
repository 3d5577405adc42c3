import { describe, expect, it } from 'vitest';
import { parsePeriod as dashboardPeriod } from './dashboards/period';
import { lastFullMonth as transparencyMonth } from './units/transparency';
import { addMonths, lastFullMonth, lastFullMonthKey, monthOf, parseDayPeriod } from './period';
import { parsePeriod as flagsPeriod } from '../../routes/(app)/app/flags/data';

const now = new Date('2026-11-23T03:00:00Z'); // 10:00 on 23 Nov in Vietnam

describe('one period parser', () => {
	it('refuses impossible, reversed, too long and half-given ranges on every page alike', () => {
		const cases: [string | undefined, string | undefined][] = [
			['2026-02-30', '2026-03-01'],
			['2026-02-01', '2026-02-30'],
			['2026-03-01', '2026-02-01'],
			['2024-01-01', '2026-01-01'],
			['x', 'y'],
			['2026-01-01', undefined],
			['', '']
		];
		for (const [from, to] of cases) {
			expect(parseDayPeriod(from, to, 90, now), `${from}..${to}`).toMatchObject({ bad: true, to: '2026-11-23' });
			expect(flagsPeriod({ from, to }, now), `flags ${from}..${to}`).toMatchObject({ bad: true, to: '2026-11-23', from: '2026-08-26' });
			const q = new URLSearchParams();
			if (from !== undefined) q.set('from', from);
			if (to !== undefined) q.set('to', to);
			expect(dashboardPeriod(q, 30, now), `dashboards ${from}..${to}`).toMatchObject({ bad: true, from: '2026-10-25' });
		}
		expect(flagsPeriod({}, now)).toMatchObject({ bad: false, from: '2026-08-26', to: '2026-11-23' });
		const ok = flagsPeriod({ from: '2026-02-01', to: '2026-02-28' }, now);
		expect(ok).toMatchObject({ bad: false, from: '2026-02-01', to: '2026-02-28' });
		expect(ok.period).toEqual(dashboardPeriod(new URLSearchParams('from=2026-02-01&to=2026-02-28'), 30, now).period);
		expect(ok.period.from.toISOString()).toBe('2026-01-31T17:00:00.000Z');
		expect(ok.period.to.toISOString()).toBe('2026-02-28T17:00:00.000Z');
	});

	it('reads days typed dd/mm/yyyy as the date fields write them, and names a day that does not exist', () => {
		const typed = parseDayPeriod('01/02/2026', '28/02/2026', 90, now);
		expect(typed).toMatchObject({ bad: false, impossible: null, from: '2026-02-01', to: '2026-02-28', days: 28 });
		expect(typed.period).toEqual(parseDayPeriod('2026-02-01', '2026-02-28', 90, now).period);
		expect(parseDayPeriod('01/02/2026', ' 31/02/2026 ', 90, now)).toMatchObject({ bad: true, impossible: '31/02/2026', to: '2026-11-23' });
		expect(flagsPeriod({ from: '30/02/2026', to: '01/03/2026' }, now)).toMatchObject({ bad: true, impossible: '30/02/2026' });
		expect(parseDayPeriod('x', '2026-03-01', 90, now)).toMatchObject({ bad: true, impossible: null });
	});

	it('has one last full month, in Vietnam time, January included', () => {
		expect(lastFullMonthKey(now)).toBe('2026-10');
		// 1 January 00:30 in Hà Nội is still 31 December in UTC
		const newYear = new Date('2026-12-31T17:30:00Z');
		expect(lastFullMonthKey(newYear)).toBe('2026-12');
		expect(lastFullMonth(newYear)).toEqual(monthOf('2026-12'));
		const dec = monthOf('2026-12')!;
		expect(transparencyMonth(newYear)).toEqual({ from: dec.from, to: dec.to, label: '12/2026' });
		expect(monthOf('2026-12')!.to.toISOString()).toBe('2026-12-31T17:00:00.000Z');
		expect([addMonths('2026-01', -1), addMonths('2026-12', 1), addMonths('2026-05', -17)]).toEqual(['2025-12', '2027-01', '2024-12']);
		expect(monthOf('2026-13')).toBeNull();
	});
});
