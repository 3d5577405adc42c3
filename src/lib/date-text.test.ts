import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATE_TEXT_PATTERN, isImpossibleDay, isoOfText, parseDayText, parseMinuteText, parseMonthText, textOfValue } from './date-text';

describe('dates as typed into the forms', () => {
	it('reads dd/mm/yyyy, with or without leading zeros and with any of / . -, and ISO as before', () => {
		expect(parseDayText('24/12/2026')).toBe('2026-12-24');
		expect(parseDayText(' 1/7/2025 ')).toBe('2025-07-01');
		expect(parseDayText('1.7.2025')).toBe('2025-07-01');
		expect(parseDayText('01-07-2025')).toBe('2025-07-01');
		expect(parseDayText('2025-07-01')).toBe('2025-07-01');
		expect(parseDayText('29/02/2028')).toBe('2028-02-29');
	});

	it('refuses days that do not exist, and says they are impossible rather than garbage', () => {
		for (const text of ['30/02/2026', '31/02/2026', '29/02/2027', '31/04/2026', '00/01/2026', '01/13/2026', '2026-02-30']) {
			expect(parseDayText(text), text).toBeNull();
			expect(isImpossibleDay(text), text).toBe(true);
		}
		for (const text of ['', 'hôm nay', '24/12/26', '12/2026', 24122026, null]) {
			expect(parseDayText(text)).toBeNull();
			expect(isImpossibleDay(text)).toBe(false);
		}
	});

	it('reads months mm/yyyy and YYYY-MM', () => {
		expect(parseMonthText('07/2026')).toBe('2026-07');
		expect(parseMonthText('7/2026')).toBe('2026-07');
		expect(parseMonthText('2026-07')).toBe('2026-07');
		expect(parseMonthText('13/2026')).toBeNull();
		expect(parseMonthText('00/2026')).toBeNull();
		expect(parseMonthText('2026-07-01')).toBeNull();
	});

	it('reads a day and a time, dd/mm/yyyy HH:mm or the ISO of datetime-local', () => {
		expect(parseMinuteText('01/07/2025 08:30')).toEqual({ day: '2025-07-01', hour: 8, minute: 30 });
		expect(parseMinuteText('2025-07-01T08:30')).toEqual({ day: '2025-07-01', hour: 8, minute: 30 });
		expect(parseMinuteText('1/7/2025 8:05')).toEqual({ day: '2025-07-01', hour: 8, minute: 5 });
		expect(parseMinuteText('01/07/2025 24:00')).toBeNull();
		expect(parseMinuteText('30/02/2026 08:00')).toBeNull();
		expect(parseMinuteText('01/07/2025')).toBeNull();
	});

	it('shows ISO values dd/mm/yyyy and leaves typed text as it is', () => {
		expect(textOfValue('date', '2026-12-24')).toBe('24/12/2026');
		expect(textOfValue('month', '2026-07')).toBe('07/2026');
		expect(textOfValue('datetime', '2026-12-24T07:05')).toBe('24/12/2026 07:05');
		expect(textOfValue('date', '31/02/2026')).toBe('31/02/2026');
		expect(textOfValue('date', undefined)).toBe('');
	});

	it('what a field shows reads back as the same value, and matches the field pattern', () => {
		const day = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16));
		fc.assert(
			fc.property(day, (iso) => {
				for (const [kind, value] of [['date', iso.slice(0, 10)], ['month', iso.slice(0, 7)], ['datetime', iso]] as const) {
					const shown = textOfValue(kind, value);
					expect(isoOfText(kind, shown)).toBe(value);
					expect(new RegExp(`^(?:${DATE_TEXT_PATTERN[kind]})$`, 'v').test(shown)).toBe(true);
					expect(new RegExp(`^(?:${DATE_TEXT_PATTERN[kind]})$`, 'v').test(value)).toBe(true);
				}
			})
		);
	});
});
