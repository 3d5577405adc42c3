import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hungKingsDay, lunarNewYear, lunarToSolar, lunarYearName, solarToLunar } from './lunar';
import { addDays, dayNumber, dayString } from './working-days';

describe('the Vietnamese lunar calendar (Hồ Ngọc Đức, UTC+7)', () => {
	it('puts mùng 1 Tết on the published dates 2020–2030', () => {
		const published: Record<number, string> = {
			2020: '2020-01-25',
			2021: '2021-02-12',
			2022: '2022-02-01',
			2023: '2023-01-22',
			2024: '2024-02-10',
			2025: '2025-01-29',
			2026: '2026-02-17',
			2027: '2027-02-06',
			2028: '2028-01-26',
			2029: '2029-02-13',
			// The new moon of 2/2/2030 is at 16:07 UT: 23:07 in Vietnam, 00:07 on 3/2 in China, so
			// Tết Canh Tuất is on 2/2 in Vietnam and the Chinese New Year on 3/2.
			2030: '2030-02-02'
		};
		for (const [year, day] of Object.entries(published)) expect(lunarNewYear(Number(year)), year).toBe(day);
	});

	it('computes at UTC+7, not China’s UTC+8 (Tết 1985, 2007 and 2030 differ between the two countries)', () => {
		expect(lunarNewYear(1985)).toBe('1985-01-21'); // China: 20/2/1985
		expect(lunarNewYear(2007)).toBe('2007-02-17'); // China: 18/2/2007
	});

	it('puts Giỗ Tổ Hùng Vương (10/3 lunar) on the days the holiday was taken', () => {
		expect(hungKingsDay(2024)).toBe('2024-04-18');
		expect(hungKingsDay(2025)).toBe('2025-04-07');
		expect(hungKingsDay(2026)).toBe('2026-04-26');
		expect(hungKingsDay(2027)).toBe('2027-04-16');
	});

	it('names the years as Tết is called', () => {
		expect(lunarYearName(2025)).toBe('Ất Tỵ');
		expect(lunarYearName(2026)).toBe('Bính Ngọ');
		expect(lunarYearName(2027)).toBe('Đinh Mùi');
	});

	it('knows the leap month of 2025 (a second sixth month, 25/7 – 22/8/2025)', () => {
		expect(solarToLunar('2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
		expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
		expect(() => lunarToSolar({ day: 1, month: 6, year: 2026, leap: true })).toThrow(RangeError);
	});

	it('goes solar → lunar → solar unchanged, and lunar days run 1…29 or 30 then restart', () => {
		const day = fc.integer({ min: dayNumber('1950-01-01'), max: dayNumber('2150-12-31') }).map(dayString);
		fc.assert(
			fc.property(day, (d) => {
				const l = solarToLunar(d);
				const next = solarToLunar(addDays(d, 1));
				const steps = next.day === l.day + 1 || (next.day === 1 && (l.day === 29 || l.day === 30));
				return lunarToSolar(l) === d && steps && l.day >= 1 && l.day <= 30;
			}),
			{ numRuns: 500 }
		);
	});
});
