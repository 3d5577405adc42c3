import { describe, expect, it } from 'vitest';
import { parseMonth, parsePeriod } from './period';

const now = new Date('2026-11-23T03:00:00Z'); // 10:00 on 23 Nov in Vietnam

describe('dashboard periods', () => {
	it('defaults to the last 30 local days and compares with the 30 before', () => {
		const p = parsePeriod(new URLSearchParams(), 30, now);
		expect([p.from, p.to, p.days, p.bad]).toEqual(['2026-10-25', '2026-11-23', 30, false]);
		expect(p.period.from.toISOString()).toBe('2026-10-24T17:00:00.000Z');
		expect(p.period.to.toISOString()).toBe('2026-11-23T17:00:00.000Z');
		expect(p.previous.from.toISOString()).toBe('2026-09-24T17:00:00.000Z');
		expect(p.previous.to.toISOString()).toBe(p.period.from.toISOString());
	});

	it('takes a valid range and refuses reversed, impossible or too long ones', () => {
		expect(parsePeriod(new URLSearchParams('from=2026-02-01&to=2026-02-28'), 30, now)).toMatchObject({ days: 28, bad: false });
		for (const q of ['from=2026-03-01&to=2026-02-01', 'from=2026-02-30&to=2026-03-01', 'from=2024-01-01&to=2026-01-01', 'from=x&to=y', 'from=2026-01-01']) {
			expect(parsePeriod(new URLSearchParams(q), 30, now)).toMatchObject({ bad: true, to: '2026-11-23' });
		}
	});

	it('reads months, January included', () => {
		expect(parseMonth(null, new Date('2026-01-15T03:00:00Z')).month).toBe('2025-12');
		const m = parseMonth('2026-02', now);
		expect([m.month, m.choice.from, m.choice.to, m.choice.days, m.bad]).toEqual(['2026-02', '2026-02-01', '2026-02-28', 28, false]);
		expect(parseMonth(null, now)).toMatchObject({ month: '2026-10', bad: false });
		expect(parseMonth('2026-13', now)).toMatchObject({ month: '2026-10', bad: true });
		// as the month field writes it
		expect(parseMonth('02/2026', now)).toMatchObject({ month: '2026-02', bad: false });
		expect(parseMonth('13/2026', now)).toMatchObject({ month: '2026-10', bad: true });
	});
});
